// A local webhook receiver that prints every event it is sent:
//   node scripts/webhook-receiver.mjs [port] [--token <bearer token>] [--fail <n>]
// Default port 8794. Point an event stream at http://127.0.0.1:<port>/ while `npm run dev` runs
// (README "Events"); --fail answers the first n requests 503 to watch retries and redelivery.
import { startReceiver } from './lib/webhook-receiver.mjs'

const args = process.argv.slice(2)
const option = (name) => {
  const i = args.indexOf(name)
  return i < 0 ? undefined : args.splice(i, 2)[1]
}
const token = option('--token')
const failFirst = Number(option('--fail') ?? 0)
const port = Number(args[0] ?? 8794)

const receiver = await startReceiver({
  port,
  token,
  failFirst,
  onRefused: (e, status) => console.log(`${new Date().toISOString()} answered ${status}: ${e.type} ${e.id}`),
  onEvent: (e) => console.log(`${new Date().toISOString()} ${e.type} ${e.id} ${JSON.stringify(e.data?.object)}${e.a0purpose ? ' (test)' : ''}`),
})
console.log(`listening on ${receiver.url}/${token ? ` (bearer ${token})` : ''}${failFirst ? `, failing the first ${failFirst} requests` : ''}`)
