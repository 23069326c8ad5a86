/**
 * How deep JSON may nest. Free-form fields (metadata, connection options) hold at most
 * MAX_FREE_FORM_DEPTH levels, counting the field's own object as the first: far more than real
 * metadata uses, and little enough that no JSON.stringify or recursive walk over it comes near the
 * stack's limit (about 7,000 levels of metadata used to overflow it when the answer was built).
 * A request body as a whole may nest MAX_BODY_DEPTH levels, room for any valid body.
 */
export const MAX_FREE_FORM_DEPTH = 32
export const MAX_BODY_DEPTH = 64

/**
 * Whether `value` nests objects or arrays more than `max` levels (a scalar is 0 levels, `{}` or `[]`
 * is 1). A loop over an explicit list, not recursion, so a value of any depth is safe to measure.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: [object, number][] = []
  const visit = (node: unknown, depth: number) => {
    if (node !== null && typeof node === 'object') pending.push([node, depth])
  }
  visit(value, 1)
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!
    if (depth > max) return true
    for (const child of Object.values(node)) visit(child, depth + 1)
  }
  return false
}

export const tooDeep = (max: number) => `Nested too deeply (more than ${max} levels)`
