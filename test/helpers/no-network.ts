import { installReceivers } from './events'

// Every test file starts with fetch answered by the webhook receivers of ./events (hooks.example) and
// refused for any other host, as the machines running CI have no network: an event stream some test
// (or the fuzz suite) points at a real host then fails its deliveries at once, instead of leaving
// workerd waiting on a connection that cannot be made.
installReceivers()
