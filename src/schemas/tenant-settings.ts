import { z } from 'zod'
import { isHttpsUrl } from './common'
import { formatted, isAbsoluteUri } from './formats'

const DefaultRedirectionUri = formatted(z.string(), 'absolute-https-uri-or-empty', (v) => v === '' || isHttpsUrl(v)).describe(
  'The default absolute redirection uri, must be https',
)
const FriendlyName = z.string().describe('The friendly name of the tenant')
const PictureUrl = formatted(z.string(), 'absolute-uri-or-empty', (v) => v === '' || isAbsoluteUri(v)).describe(
  'URL of logo to be shown for this tenant (recommended size: 150x150)',
)
const SupportEmail = z.email().or(z.literal('')).describe('End-user support email address.')
const SupportUrl = formatted(z.string(), 'absolute-uri-or-empty', (v) => v === '' || isAbsoluteUri(v)).describe('End-user support url.')

/** The settings organizations rely on (invitation links fall back to `default_redirection_uri`). `null` removes one. */
export const TenantSettingsUpdate = z.strictObject({
  default_redirection_uri: DefaultRedirectionUri.nullable().optional(),
  friendly_name: FriendlyName.nullable().optional(),
  picture_url: PictureUrl.nullable().optional(),
  support_email: SupportEmail.nullable().optional(),
  support_url: SupportUrl.nullable().optional(),
})
export type TenantSettingsUpdate = z.infer<typeof TenantSettingsUpdate>

export interface TenantSettings {
  default_redirection_uri?: string
  friendly_name?: string
  picture_url?: string
  support_email?: string
  support_url?: string
}
