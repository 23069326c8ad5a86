/** A timestamp in the reader's locale, to the minute. */
export function when(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

/** Invitations live 7 days unless told otherwise; Auth0 caps them at 30 (2,592,000 s). */
export const TTL_DEFAULT_DAYS = 7
export const TTL_MAX_DAYS = 30

export function ttlSeconds(days: number): number {
  return Math.round(Math.min(Math.max(days, 0), TTL_MAX_DAYS) * 86_400)
}
