import { z } from 'zod'

/**
 * String rules that report z-schema's own wording. zod's `.regex()` reports its pattern as `/.../`,
 * where Auth0 prints the JSON-schema pattern bare, so patterns go through `matching`.
 */
export const matching = (schema: z.ZodString, pattern: RegExp) =>
  schema
    .refine((value) => pattern.test(value), {
      error: (iss) => `String does not match pattern ${pattern.source}: ${String(iss.input)}`,
    })
    .meta({ pattern: pattern.source })

/**
 * A named z-schema format (`strict-uri`, `absolute-uri-or-empty`, ...) checked by `test`. Refinements
 * are invisible to JSON Schema, so each helper also records its rule as metadata for the OpenAPI document.
 */
export const formatted = (schema: z.ZodString, format: string, test: (value: string) => boolean) =>
  schema.refine(test, { error: (iss) => `Object didn't pass validation for format ${format}: ${String(iss.input)}` }).meta({ format })

export function isAbsoluteUri(value: string): boolean {
  try {
    return Boolean(new URL(value).protocol)
  } catch {
    return false
  }
}

/** `maxProperties` for records, in z-schema's words. */
export const maxProperties = <S extends z.ZodType<Record<string, unknown>>>(schema: S, max: number) =>
  schema
    .refine((value) => Object.keys(value).length <= max, {
      error: (iss) => `Too many properties defined (${Object.keys(iss.input as object).length}), maximum ${max}`,
    })
    .meta({ maxProperties: max })

/**
 * An enum of strings. zod reports a missing enum as a bad value; checking for a string first makes
 * a missing one read "Missing required property" as z-schema says. A request schema in the document
 * is the pipe's input, so the string carries the values for it (without them it read as any string).
 */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.string().meta({ enum: [...values] }).pipe(z.enum(values))
