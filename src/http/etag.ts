import { ApiError } from '../errors'

/**
 * Strong validators for organizations (ours: Auth0 sends no ETag). An organization's version is bumped
 * by every change of it, so `"<id>.<version>"` changes with every change, and never repeats for
 * another organization that later takes the same name.
 */
export const etagOf = (id: string, version: number) => `"${id}.${version}"`

/** What an If-Match allows: any current representation (`*`), or these versions of this organization. */
export type Precondition = { anyOf: '*' | number[] }

const TAG = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/

/** The entity tags of a header (RFC 9110 §8.8.3); anything that is not one is a 400. */
function tagsOf(header: string, name: string): { weak: boolean; opaque: string }[] {
  const parts = header.split(',').map((p) => p.trim())
  const tags = parts.map((part) => TAG.exec(part))
  if (parts.length === 0 || tags.some((t) => t === null)) {
    throw new ApiError('invalid_precondition', `${name} must be * or a list of entity tags such as "org_abc.3".`)
  }
  return tags.map((t) => ({ weak: t![1] !== undefined, opaque: t![2]! }))
}

const versionOf = (opaque: string, id: string): number | null => {
  const match = /^(.+)\.(\d{1,15})$/.exec(opaque)
  return match && match[1] === id ? Number(match[2]) : null
}

/** If-Match, compared strongly (a weak tag never matches); null without the header. */
export function ifMatch(req: Request, id: string): Precondition | null {
  const header = req.headers.get('if-match')
  if (header === null) return null
  if (header.trim() === '*') return { anyOf: '*' }
  const versions = tagsOf(header, 'If-Match')
    .filter((t) => !t.weak)
    .map((t) => versionOf(t.opaque, id))
    .filter((v): v is number => v !== null)
  return { anyOf: versions }
}

/** If-None-Match, compared weakly: true when the client's copy is current (answer 304). */
export function notModified(req: Request, id: string, version: number): boolean {
  const header = req.headers.get('if-none-match')
  if (header === null) return false
  if (header.trim() === '*') return true
  return tagsOf(header, 'If-None-Match').some((t) => versionOf(t.opaque, id) === version)
}

export const preconditionFailed = () =>
  new ApiError('precondition_failed', 'The organization has changed since the version given in If-Match (or does not exist).')
