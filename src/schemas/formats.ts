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

/** `minProperties` for objects, in z-schema's words (a PATCH with no property: `Too few properties defined (0), minimum 1`). */
export const minProperties = <S extends z.ZodType<Record<string, unknown>>>(schema: S, min: number) =>
  schema
    .refine((value) => Object.keys(value).length >= min, {
      error: (iss) => `Too few properties defined (${Object.keys(iss.input as object).length}), minimum ${min}`,
    })
    .meta({ minProperties: min })

/** `{organization.metadata.x}`-style placeholders stand for text; the rest must be a URL. */
const withoutPlaceholders = (value: string) => value.replace(/\{[^{}]*\}/g, 'x')

function isWebUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol)
  } catch {
    return false
  }
}

function isHttps(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:'
  } catch {
    return false
  }
}

/**
 * The z-schema formats Auth0's request schemas name, checked as narrowly as the recordings show.
 * Formats without a rule here (callback URLs may hold wildcards and custom schemes, profile and
 * credential ids have no published shape) accept any string; the document still records the name.
 */
export const FORMATS: Record<string, (value: string) => boolean> = {
  email: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
  'strict-uri': isAbsoluteUri,
  'absolute-uri-or-empty': (v) => v === '' || isAbsoluteUri(v),
  'absolute-https-uri-or-empty': (v) => v === '' || isHttps(v),
  'absolute-https-uri-with-placeholders-or-empty': (v) => v === '' || isHttps(withoutPlaceholders(v)),
  'url-with-placeholders': (v) => isAbsoluteUri(withoutPlaceholders(v)),
  url: isWebUrl,
  'url-or-null': isWebUrl,
  'organization-id': (v) => /^org_[A-Za-z0-9]+$/.test(v),
  'client-id': (v) => /^[A-Za-z0-9_-]{1,64}$/.test(v),
  'date-time': (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
}

/** A string of a named format (FORMATS), reported in z-schema's words; unknown names only annotate. */
export const format = (schema: z.ZodString, name: string) => {
  const test = FORMATS[name]
  return test ? formatted(schema, name, test) : schema.meta({ format: name })
}
