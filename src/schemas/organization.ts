import { z } from 'zod'
import { isHttpsUrl, OffsetQuery, queryInt } from './common'
import { oneOf } from './formats'
import { EnabledConnectionCreate } from './enabled-connection'

/** Auth0 reports format failures as z-schema does: `Object didn't pass validation for format <f>: <value>`. */
const format = (name: string, test: (v: string) => boolean) => (schema: z.ZodString) =>
  schema.refine(test, { error: (iss) => `Object didn't pass validation for format ${name}: ${String(iss.input)}`, abort: true }).meta({ format: name })

export const OrganizationName = format('organization-name', (v) => /^[a-z0-9_-]+$/.test(v))(z.string().min(1).max(50))
  .describe('The name of this organization')

const DisplayName = z.string().min(1).max(255).describe('Friendly name of this organization')

const HtmlColor = (description: string) =>
  format('html-color', (v) => /^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$/.test(v))(z.string()).describe(description)

export const Branding = z
  .strictObject({
    logo_url: format('strict-https-uri-or-null', isHttpsUrl)(z.string()).describe('URL of logo to display on login page').optional(),
    colors: z
      .strictObject({
        primary: HtmlColor('HEX Color for primary elements'),
        page_background: HtmlColor('HEX Color for background'),
      })
      .describe('Color scheme used to customize the login pages')
      .optional(),
  })
  .describe('Theme defines how to style the login pages')

export const Metadata = z
  .record(z.string(), z.string().max(255).nullable())
  .refine((m) => Object.keys(m).length <= 25, {
    error: (iss) => `Too many properties defined (${Object.keys(iss.input as object).length}), maximum 25`,
  })
  .meta({ maxProperties: 25 })
  .describe('Metadata associated with the organization, in the form of an object with string values (max 255 chars). Maximum of 25 metadata properties allowed')

const QuotaLimit = (description: string) => z.int().min(1).max(2147483647).describe(description)

export const TokenQuota = z
  .strictObject({
    client_credentials: z
      .strictObject({
        enforce: z.boolean().describe('If enabled, the quota will be enforced and requests in excess of the quota will fail. If disabled, the quota will not be enforced, but notifications for requests exceeding the quota will be available in logs').optional(),
        per_day: QuotaLimit('Maximum number of issued tokens per day').optional(),
        per_hour: QuotaLimit('Maximum number of issued tokens per hour').optional(),
      })
      .refine((q) => Object.keys(q).length >= 1, { error: 'Too few properties defined (0), minimum 1' })
      .meta({ minProperties: 1 })
      .describe('The token quota configuration'),
  })
  .describe('Token Quota configuration, to configure quotas for token issuance for clients and organizations. Applied to all clients and organizations unless overridden in individual client or organization settings')

export const ThirdPartyClientAccess = oneOf(['block', 'allow'])
  .describe('Whether third-party applications may be used by members of this organization (`allow`) or not (`block`, the default).')
export type ThirdPartyClientAccess = z.infer<typeof ThirdPartyClientAccess>

export const AppEntitlementActive = z
  .boolean()
  .describe('When true, members may use only the applications associated with this organization (its `clients`). Default: false.')

export const OrganizationCreate = z.strictObject({
  name: OrganizationName,
  display_name: DisplayName.optional(),
  branding: Branding.optional(),
  metadata: Metadata.optional(),
  enabled_connections: z
    .array(EnabledConnectionCreate)
    .max(10)
    .describe('Connections that will be enabled for this organization. See POST enabled_connections endpoint for the object format. (Max of 10 connections allowed)')
    .optional(),
  token_quota: TokenQuota.optional(),
  third_party_client_access: ThirdPartyClientAccess.optional(),
  is_app_entitlement_active: AppEntitlementActive.optional(),
})
export type OrganizationCreate = z.infer<typeof OrganizationCreate>

/** PATCH: omitted keys stay; `metadata` and `token_quota` may be null (cleared), as Auth0 accepts. */
export const OrganizationUpdate = z.strictObject({
  name: OrganizationName.optional(),
  display_name: DisplayName.optional(),
  branding: Branding.nullable().optional(),
  metadata: Metadata.nullable().optional(),
  token_quota: TokenQuota.nullable().optional(),
  third_party_client_access: ThirdPartyClientAccess.optional(),
  is_app_entitlement_active: AppEntitlementActive.optional(),
})
export type OrganizationUpdate = z.infer<typeof OrganizationUpdate>

export const OrganizationPath = z.object({ id: z.string().min(1).max(50).describe('ID of the organization') })

/** GET and PATCH: Auth0 bounds the id nowhere here, so an over-long id is looked up and not found (404). */
export const OrganizationLookupPath = z.object({ id: z.string().min(1).describe('ID of the organization') })

export const OrganizationNamePath = z.object({ name: z.string().min(1).max(50).describe('name of the organization to retrieve') })

export const OrganizationSort = z
  .string()
  .max(15)
  .regex(/^((display_name)|(created_at)|(name)):(1|-1)$/)
  .describe("Field to sort by. Use field:order where order is 1 for ascending and -1 for descending. Defaults to created_at:1")

export const OrganizationListQuery = OffsetQuery.extend({
  page: queryInt('Page index of the results to return. First page is 0.', 0, 1000).optional(),
  from: z.string().max(1000).describe('Optional Id from which to start selection.').optional(),
  take: queryInt('Number of results per page. Defaults to 50.', 1, 100).optional(),
  sort: OrganizationSort.optional(),
  include_client_association_for: z
    .string()
    .min(1)
    .max(64)
    .describe('Client ID. When set, each returned organization that has an association with this client gains a `client` object describing it; organizations without one omit the field.')
    .optional(),
})
export type OrganizationListQuery = z.infer<typeof OrganizationListQuery>

export type Branding = z.infer<typeof Branding>
export type TokenQuota = z.infer<typeof TokenQuota>

/** The organization as Auth0 sends it: unset fields absent, never null. */
export interface Organization {
  id: string
  name: string
  display_name?: string
  branding?: Branding
  metadata?: Record<string, string>
  token_quota?: TokenQuota
  third_party_client_access: ThirdPartyClientAccess
  is_app_entitlement_active: boolean
}

/** A list item with include_client_association_for: the organization's association with that client, when it has one. */
export interface ListedOrganization extends Organization {
  client?: { use_for_member_access: boolean }
}
