/**
 * Auditor command line. Run with:
 *   npx ts-node -T -r tsconfig-paths/register scripts/audit.ts <command> …
 * Commands: verify-export, timeline, export, rebuild-projection (see `audit` without arguments).
 */
import { runAuditCli } from '../apps/audit/src/cli/audit-cli';

runAuditCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  fetch,
})
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
