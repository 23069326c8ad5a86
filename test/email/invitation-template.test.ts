import { describe, expect, it } from 'vitest'
import { escapeHtml, renderInvitationEmail, type InvitationEmailContent } from '../../src/email/invitation-template'

const content = (over: Partial<InvitationEmailContent> = {}): InvitationEmailContent => ({
  orgLabel: 'Acme Inc.',
  inviterName: 'Jane Doe',
  invitationUrl: 'https://app.example.com/login?invitation=T1&organization=org_1&organization_name=acme',
  expiresAt: '2023-02-01T17:49:32.656Z',
  ...over,
})

describe('invitation email template', () => {
  it('renders the org, inviter, link and expiry in HTML and text', () => {
    const { subject, html, text } = renderInvitationEmail(content({ logoUrl: 'https://cdn.example.com/logo.png', primaryColor: '#123abc' }))
    expect(subject).toBe('Jane Doe has invited you to join Acme Inc.')
    expect(text).toBe(
      [
        'Jane Doe has invited you to join Acme Inc..',
        '',
        'Accept the invitation:',
        'https://app.example.com/login?invitation=T1&organization=org_1&organization_name=acme',
        '',
        'This invitation expires on Wed, 01 Feb 2023 17:49:32 GMT.',
        'If you were not expecting this invitation, you can ignore this email.',
        '',
      ].join('\n'),
    )
    expect(html).toContain('<strong>Jane Doe</strong> has invited you to join <strong>Acme Inc.</strong>')
    expect(html).toContain('href="https://app.example.com/login?invitation=T1&amp;organization=org_1&amp;organization_name=acme"')
    expect(html).toContain('<img src="https://cdn.example.com/logo.png"')
    expect(html).toContain('background:#123abc')
    expect(html).toContain('Wed, 01 Feb 2023 17:49:32 GMT')
  })

  it('escapes every user-supplied string: no HTML can be injected through the inviter, the org or the link', () => {
    const { html } = renderInvitationEmail(
      content({
        inviterName: '<script>alert("x")</script>',
        orgLabel: `"><img src=x onerror=alert('o')>`,
        invitationUrl: 'https://app.example.com/login?a="><b>x</b>',
        logoUrl: 'https://cdn.example.com/l.png" onerror="alert(1)',
      }),
    )
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<img src=x')
    expect(html).not.toContain('<b>x</b>')
    expect(html).not.toContain('" onerror="')
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(&#39;o&#39;)&gt;')
    expect(html).toContain('src="https://cdn.example.com/l.png&quot; onerror=&quot;alert(1)"')
  })

  it('falls back to the default colour for anything but a hex colour, and drops a non-https logo', () => {
    const { html } = renderInvitationEmail(content({ primaryColor: 'red;background:url(javascript:alert(1))', logoUrl: 'javascript:alert(1)' }))
    expect(html).not.toContain('javascript:')
    expect(html).toContain('background:#635dff')
    expect(html).not.toContain('<img')
  })

  it('keeps line breaks out of the subject (a header)', () => {
    const { subject } = renderInvitationEmail(content({ inviterName: 'Jane\r\nBcc: victim@example.com' }))
    expect(subject).toBe('Jane Bcc: victim@example.com has invited you to join Acme Inc.')
  })

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;')
  })
})
