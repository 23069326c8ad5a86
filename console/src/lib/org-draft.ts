// The organization form's state and the bodies it turns into: POST sends what is set, PATCH sends
// only what changed (Auth0 replaces `metadata` whole, and `branding: null` removes the branding).
import type { Branding, Organization } from './types'

export interface MetadataRow {
  key: string
  value: string
}

export interface OrgDraft {
  name: string
  display_name: string
  logo_url: string
  primary: string
  page_background: string
  metadata: MetadataRow[]
  third_party_client_access: 'block' | 'allow'
  is_app_entitlement_active: boolean
}

export const METADATA_MAX_KEYS = 25
export const METADATA_MAX_VALUE = 255
export const HTML_COLOR = /^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$/

export function toDraft(org?: Organization): OrgDraft {
  return {
    name: org?.name ?? '',
    display_name: org?.display_name ?? '',
    logo_url: org?.branding?.logo_url ?? '',
    primary: org?.branding?.colors?.primary ?? '',
    page_background: org?.branding?.colors?.page_background ?? '',
    metadata: Object.entries(org?.metadata ?? {}).map(([key, value]) => ({ key, value })),
    third_party_client_access: org?.third_party_client_access ?? 'block',
    is_app_entitlement_active: org?.is_app_entitlement_active ?? false,
  }
}

/** Problems the API would refuse, found before sending: field name → message. */
export function draftProblems(d: OrgDraft): Record<string, string> {
  const problems: Record<string, string> = {}
  if (!!d.primary.trim() !== !!d.page_background.trim()) {
    problems['branding.colors'] = 'Give both colours, or neither: Auth0 requires primary and page background together.'
  }
  for (const key of ['primary', 'page_background'] as const) {
    const v = d[key].trim()
    if (v && !HTML_COLOR.test(v)) problems[`branding.colors.${key}`] = 'Use a hex colour such as #0059d6 or #fff.'
  }
  const keys = d.metadata.map((r) => r.key.trim())
  if (keys.some((k) => !k)) problems.metadata = 'Every metadata entry needs a key.'
  else if (new Set(keys).size !== keys.length) problems.metadata = 'Metadata keys must be unique.'
  else if (keys.length > METADATA_MAX_KEYS) problems.metadata = `At most ${METADATA_MAX_KEYS} metadata entries.`
  return problems
}

export function brandingOf(d: OrgDraft): Branding | undefined {
  const branding: Branding = {}
  if (d.logo_url.trim()) branding.logo_url = d.logo_url.trim()
  if (d.primary.trim() && d.page_background.trim()) {
    branding.colors = { primary: d.primary.trim(), page_background: d.page_background.trim() }
  }
  return Object.keys(branding).length ? branding : undefined
}

export function metadataOf(d: OrgDraft): Record<string, string> {
  return Object.fromEntries(d.metadata.map((r) => [r.key.trim(), r.value]))
}

export function createBody(d: OrgDraft): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: d.name.trim(),
    third_party_client_access: d.third_party_client_access,
    is_app_entitlement_active: d.is_app_entitlement_active,
  }
  if (d.display_name.trim()) body.display_name = d.display_name.trim()
  const branding = brandingOf(d)
  if (branding) body.branding = branding
  if (d.metadata.length) body.metadata = metadataOf(d)
  return body
}

/** Only the keys whose value differs from the organization as loaded; empty when nothing changed. */
export function patchBody(org: Organization, d: OrgDraft): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  if (d.name.trim() !== org.name) body.name = d.name.trim()
  if (d.display_name.trim() !== (org.display_name ?? '')) body.display_name = d.display_name.trim()
  const branding = brandingOf(d)
  if (!sameJson(branding, org.branding)) body.branding = branding ?? null
  const metadata = metadataOf(d)
  if (!sameJson(metadata, org.metadata ?? {})) body.metadata = metadata
  if (d.third_party_client_access !== (org.third_party_client_access ?? 'block')) body.third_party_client_access = d.third_party_client_access
  if (d.is_app_entitlement_active !== (org.is_app_entitlement_active ?? false)) body.is_app_entitlement_active = d.is_app_entitlement_active
  return body
}

/** Key order does not matter to the API, so it does not count as a change here either. */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b))
}

function sorted(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v
  return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sorted(x)]))
}
