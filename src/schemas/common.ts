import { z } from 'zod'
import { MAX_FREE_FORM_DEPTH, nestsDeeperThan, tooDeep } from '../json-depth'

/** Query strings carry text; integers and booleans are converted before validation so errors name the real type. */
export const queryInt = (description: string, min: number, max?: number) => {
  let n = z.int().min(min)
  if (max !== undefined) n = n.max(max)
  return z.preprocess((v) => (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v), n).describe(description)
}

export const queryBool = (description: string) =>
  z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean()).describe(description)

export const OffsetQuery = z.object({
  page: queryInt('Page index of the results to return. First page is 0.', 0).optional(),
  per_page: queryInt('Number of results per page. Defaults to 50.', 1, 100).optional(),
  include_totals: queryBool('Return results inside an object that contains the total result count (true) or as a direct array of results (false, default).').optional(),
})
export type OffsetQuery = z.infer<typeof OffsetQuery>

/** Comma-separated field selection, as Auth0's `fields` / `include_fields`. */
export const FieldsQuery = z.object({
  fields: z.string().max(1000).optional().describe('Comma-separated list of fields to include or exclude (based on value provided for include_fields) in the result. Leave empty to retrieve all fields.'),
  include_fields: queryBool('Whether specified fields are to be included (true) or excluded (false). Defaults to true.').optional(),
})

/**
 * A free-form JSON object (user metadata, connection options): any keys and values, nested at most
 * MAX_FREE_FORM_DEPTH levels. Auth0's document gives no bound; ours is recorded as `x-max-depth`.
 */
export const freeFormObject = () =>
  z
    .record(z.string(), z.unknown())
    .refine((value) => !nestsDeeperThan(value, MAX_FREE_FORM_DEPTH), { error: tooDeep(MAX_FREE_FORM_DEPTH) })
    .meta({ 'x-max-depth': MAX_FREE_FORM_DEPTH })

/**
 * An object that takes keys its schema does not name (Auth0's `additionalProperties: true`): the
 * values of those keys are free-form JSON too: the object, counted as the first level, holds at
 * most the same number of levels through them.
 */
export const withDepthLimit = <S extends z.ZodObject>(schema: S) => {
  const named = new Set(Object.keys(schema.shape))
  return schema
    .superRefine((value, ctx) => {
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        if (!named.has(key) && nestsDeeperThan(child, MAX_FREE_FORM_DEPTH - 1)) {
          ctx.addIssue({ code: 'custom', message: tooDeep(MAX_FREE_FORM_DEPTH), input: value })
          return
        }
      }
    })
    .meta({ 'x-max-depth': MAX_FREE_FORM_DEPTH })
}

export const httpsUrl = (description: string) =>
  z
    .string()
    .refine(isHttpsUrl, { error: (iss) => `Object didn't pass validation for format absolute-https-uri-or-empty: ${String(iss.input)}` })
    .meta({ format: 'absolute-https-uri-or-empty' })
    .describe(description)

export function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:'
  } catch {
    return false
  }
}
