/**
 * Validators for the `format` names in Auth0's OpenAPI documents, for the contract checker. Auth0
 * publishes none of them (they are z-schema formats of its own), so each is the narrowest rule the
 * recordings support: ids keep their recorded prefix and length, URIs must parse, and formats we have
 * no evidence for accept any string (listed as such). Loaded twice: in Node, where the validators are
 * compiled (config/contract.ts checks that every format in the documents is listed here), and in
 * workerd, where the compiled code calls them.
 */
export interface FormatDefinition {
  type: 'string'
  validate: (value: string) => boolean
}

const pattern = (re: RegExp): FormatDefinition => ({ type: 'string', validate: (v) => re.test(v) })
const rule = (validate: (v: string) => boolean): FormatDefinition => ({ type: 'string', validate })

function parsesAs(value: string, protocols?: string[]): boolean {
  try {
    const url = new URL(value)
    return !protocols || protocols.includes(url.protocol)
  } catch {
    return false
  }
}

/** `{organization.metadata.x}`-style placeholders stand for text; the rest must be a URL. */
const withoutPlaceholders = (v: string) => v.replace(/\{[^{}]*\}/g, 'x')

const httpsUri = (v: string) => parsesAs(v, ['https:'])
const anyUri = (v: string) => parsesAs(v)
const webUrl = (v: string) => parsesAs(v, ['http:', 'https:'])

/** Formats we have no evidence to narrow: any string passes (the type and length keywords still apply). */
const ANY_STRING = rule(() => true)

export const CONTRACT_FORMATS: Record<string, FormatDefinition> = {
  // Recorded id shapes (behaviour.md §1.6).
  'organization-id': pattern(/^org_[A-Za-z0-9]{16}$/),
  'user-invitation-id': pattern(/^uinv_[A-Za-z0-9]{16}$/),
  'ticket-id': pattern(/^[A-Za-z0-9]{32}$/),
  'connection-id': pattern(/^con_[A-Za-z0-9]{16}$/),
  'role-id': pattern(/^rol_[A-Za-z0-9]{16}$/),
  'client-grant-id': pattern(/^cgr_[A-Za-z0-9]{16}$/),
  'organization-discovery-domain-id': pattern(/^ord_[A-Za-z0-9]{22}$/),
  // behaviour-2026.md §8: event stream and event ids.
  'event-stream-id': pattern(/^est_[A-Za-z0-9]{22}$/),
  'event-id': pattern(/^evt_[A-Za-z0-9]{22}$/),
  // Recorded client ids are 32 alphanumerics; Auth0 publishes no rule, so allow the URL-safe alphabet.
  'client-id': pattern(/^[A-Za-z0-9_-]{1,64}$/),
  'user-id-with-max-length': rule((v) => v.length <= 1024 && /^[^|]+\|.+$/s.test(v)),
  'organization-name': pattern(/^[a-z0-9_-]+$/),
  'html-color': pattern(/^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$/),
  // Standard formats, checked as the Management API uses them.
  'date-time': rule((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v))),
  email: pattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/),
  'email-or-empty': pattern(/^$|^[^\s@]+@[^\s@]+\.[^\s@]+$/),
  uri: rule(anyUri),
  // RFC 1123 host names, as discovery domains are.
  hostname: pattern(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i),
  url: rule(webUrl),
  'url-or-null': rule(webUrl),
  'strict-uri': rule(anyUri),
  'strict-https-uri': rule(httpsUri),
  'strict-https-uri-or-null': rule(httpsUri),
  'absolute-uri-or-empty': rule((v) => v === '' || anyUri(v)),
  'absolute-https-uri-or-empty': rule((v) => v === '' || httpsUri(v)),
  'absolute-https-uri-with-placeholders-or-empty': rule((v) => v === '' || httpsUri(withoutPlaceholders(v))),
  'url-with-placeholders': rule((v) => anyUri(withoutPlaceholders(v))),
  // Wildcards (`https://*.example.com`) and custom schemes are allowed in callbacks: no narrowing.
  'callback-url': ANY_STRING,
  'ec-initiate-login-uri-template-url': ANY_STRING,
  'connection-realm': ANY_STRING,
  'connection-profile-id': ANY_STRING,
  'user-attribute-profile-id': ANY_STRING,
  'credential-id': ANY_STRING,
  // 2026 document formats of resources we do not serve: no narrowing.
  'session-id': ANY_STRING,
  acr: ANY_STRING,
  'authenticator-id': ANY_STRING,
}
