// npm run fuzz: the fuzz suite (test/fuzz) with many cases per operation and a random seed.
//   FUZZ_RUNS=500 npm run fuzz            more cases (default 200 per operation)
//   FUZZ_SEED=123 npm run fuzz            a given seed (replays a run)
//   FUZZ_OP=post_users FUZZ_PATH=… …      one operation, one failing case (FUZZ_PATH from the failure report)
// The seed is printed first, so even a run that dies can be replayed.
import { spawnSync } from 'node:child_process'

const seed = process.env.FUZZ_SEED || String(Math.floor(Math.random() * 2 ** 31))
const runs = process.env.FUZZ_RUNS || '200'
console.log(`fuzz: seed ${seed}, ${runs} cases per operation${process.env.FUZZ_OP ? `, operation ${process.env.FUZZ_OP}` : ''}`)
console.log(`fuzz: replay with FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npm run fuzz`)
const started = Date.now()
const run = spawnSync('vitest', ['run', 'test/fuzz', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_SEED: seed, FUZZ_RUNS: runs, FUZZ_REPORT: '1' },
  shell: process.platform === 'win32',
})
console.log(`fuzz: seed ${seed}, ${runs} cases per operation: ${run.status === 0 ? 'nothing found' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`)
process.exit(run.status ?? 1)
