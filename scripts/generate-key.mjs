// Secrets for a deployment, printed to stdout for `wrangler secret put`:
//   node scripts/generate-key.mjs                 a SIGNING_KEY (private RS256 JWK, JSON)
//   node scripts/generate-key.mjs client-id       a BOOTSTRAP_CLIENT_ID (32 alphanumerics)
//   node scripts/generate-key.mjs client-secret   a BOOTSTRAP_CLIENT_SECRET
import { generateClientId, generateClientSecret, generateSigningKey } from './lib/dev-vars.mjs'

const kinds = {
  'signing-key': () => generateSigningKey(`key-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`),
  'client-id': generateClientId,
  'client-secret': generateClientSecret,
}
const kind = process.argv[2] ?? 'signing-key'
if (!(kind in kinds)) {
  console.error(`usage: node scripts/generate-key.mjs [${Object.keys(kinds).join('|')}]`)
  process.exit(2)
}
process.stdout.write(`${kinds[kind]()}\n`)
