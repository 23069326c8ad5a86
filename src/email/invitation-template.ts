/** What the invitation email shows. Every string but the colour comes from a user and is escaped. */
export interface InvitationEmailContent {
  /** The org's display name, or its name when it has none. */
  orgLabel: string
  logoUrl?: string
  primaryColor?: string
  inviterName: string
  invitationUrl: string
  /** ISO-8601 expiry of the invitation. */
  expiresAt: string
}

export interface RenderedEmail {
  subject: string
  html: string
  text: string
}

const DEFAULT_PRIMARY = '#635dff'
const HTML_COLOR = /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]!)
}

/** Header values cannot carry line breaks (or other control characters): they would start new headers. */
const headerSafe = (value: string) => value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()

/** `Sat, 01 Feb 2023 17:49:32 GMT`: unambiguous whatever the reader's locale. */
const formatExpiry = (iso: string) => new Date(iso).toUTCString()

export function renderInvitationEmail(content: InvitationEmailContent): RenderedEmail {
  const subject = headerSafe(`${content.inviterName} has invited you to join ${content.orgLabel}`)
  return { subject, html: renderHtml(content), text: renderText(content) }
}

function renderText(c: InvitationEmailContent): string {
  return [
    `${c.inviterName} has invited you to join ${c.orgLabel}.`,
    '',
    'Accept the invitation:',
    c.invitationUrl,
    '',
    `This invitation expires on ${formatExpiry(c.expiresAt)}.`,
    'If you were not expecting this invitation, you can ignore this email.',
    '',
  ].join('\n')
}

function renderHtml(c: InvitationEmailContent): string {
  // The colour is validated when the org is saved; checked again here because it lands in a style attribute.
  const color = c.primaryColor && HTML_COLOR.test(c.primaryColor) ? c.primaryColor : DEFAULT_PRIMARY
  const org = escapeHtml(c.orgLabel)
  const inviter = escapeHtml(c.inviterName)
  const url = escapeHtml(c.invitationUrl)
  const logo = c.logoUrl && /^https:\/\//i.test(c.logoUrl)
    ? `<img src="${escapeHtml(c.logoUrl)}" alt="${org}" style="max-height:64px;max-width:200px;margin-bottom:24px">`
    : ''
  return `<!doctype html>
<html>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${org}</title></head>
<body style="margin:0;padding:0;background:#f4f4f7;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1f2328">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="padding:32px 0">
<tr><td align="center">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="background:#ffffff;border-radius:8px;padding:40px;border-top:4px solid ${color}">
<tr><td align="center">
${logo}
<h1 style="font-size:22px;margin:0 0 16px">You're invited to join ${org}</h1>
<p style="font-size:16px;line-height:24px;margin:0 0 24px"><strong>${inviter}</strong> has invited you to join <strong>${org}</strong>.</p>
<a href="${url}" style="display:inline-block;background:${color};color:#ffffff;text-decoration:none;font-weight:600;padding:12px 28px;border-radius:6px">Accept invitation</a>
<p style="font-size:13px;line-height:20px;color:#57606a;margin:24px 0 0">Or paste this link into your browser:<br><a href="${url}" style="color:${color};word-break:break-all">${url}</a></p>
<p style="font-size:13px;line-height:20px;color:#57606a;margin:16px 0 0">This invitation expires on ${escapeHtml(formatExpiry(c.expiresAt))}. If you were not expecting it, you can ignore this email.</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`
}
