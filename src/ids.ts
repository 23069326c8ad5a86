const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** `length` characters from [A-Za-z0-9], uniform (rejection sampling over random bytes). */
export function randomAlphanumeric(length: number): string {
  let out = ''
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62]
    }
  }
  return out
}

export function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('')
}

export const newId = (prefix: string) => `${prefix}_${randomAlphanumeric(16)}`

export const now = () => new Date().toISOString()

/** Base62 digits in ASCII order, so fixed-width numbers written with them sort as text as they do as numbers. */
const SORTABLE = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/**
 * `<prefix>_` and 22 base62 characters that sort by creation time: 8 of milliseconds (good until the
 * year 8000), then 14 random. Auth0's newer ids (`ord_1cwC3vwfGUR5QGJbBF1Dzp`) are time-ordered too,
 * so a list in id order is a list in creation order and a page's cursor can be a bare id.
 */
export function newSortableId(prefix: string, at = Date.now()): string {
  let time = ''
  for (let n = at, i = 0; i < 8; i++, n = Math.floor(n / 62)) time = SORTABLE[n % 62] + time
  return `${prefix}_${time}${randomAlphanumeric(14)}`
}
