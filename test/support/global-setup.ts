/**
 * Jest global setup for the integration and e2e tiers: the real engines must be up. Starts the
 * local stack when it is not running (idempotent), so `npm test` works on a fresh machine.
 */
export default async function globalSetup(): Promise<void> {
  const stack = require('../../scripts/stack') as { up: () => Promise<unknown> };
  await stack.up();
}
