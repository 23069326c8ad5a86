// Response headers for the console's static files, written to the assets folder's `_headers` by the build.

/**
 * Everything comes from the Worker itself: scripts, styles and data. The one exception is images over
 * https, so the branding preview can show an organization's logo from where its `logo_url` points
 * (the preview loads it only when the operator asks). No inline script or style, no framing, no forms
 * posted anywhere, no plugins.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

export const CONSOLE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
}

export const HEADERS_FILE = `/console/*\n${Object.entries(CONSOLE_HEADERS)
  .map(([name, value]) => `  ${name}: ${value}\n`)
  .join('')}`
