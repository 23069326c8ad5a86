// Settings of the fuzz suite (test/fuzz), handed to it through vitest's provide/inject: the tests run
// inside workerd, where the shell's environment is not visible.

/** `npm test`: a fixed seed and a few cases per operation, so the run is the same every time and short. */
export const DEFAULT_SEED = 16
export const DEFAULT_RUNS = 8

export interface FuzzSettings {
  seed: number
  /** Cases per operation. */
  runs: number
  /** Only this operationId ('' for all). */
  operation: string
  /** fast-check's path of a failing case, to replay it alone ('' for none). */
  path: string
  /** Print the answers per operation after the run (FUZZ_REPORT=1; `npm run fuzz` sets it). */
  report: boolean
}

/** From FUZZ_SEED, FUZZ_RUNS, FUZZ_OP, FUZZ_PATH and FUZZ_REPORT (scripts/fuzz.mjs sets seed, runs and report for `npm run fuzz`). */
export function fuzzSettings(env: NodeJS.ProcessEnv = process.env): FuzzSettings {
  const number = (value: string | undefined, fallback: number) => {
    const n = Number(value)
    return value && Number.isSafeInteger(n) ? n : fallback
  }
  return {
    seed: number(env.FUZZ_SEED, DEFAULT_SEED),
    runs: number(env.FUZZ_RUNS, DEFAULT_RUNS),
    operation: env.FUZZ_OP ?? '',
    path: env.FUZZ_PATH ?? '',
    report: env.FUZZ_REPORT === '1',
  }
}
