import { z } from 'zod'

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

export const Metadata = z.record(z.string(), z.unknown())

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
