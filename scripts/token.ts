/**
 * Mints a bearer token for local use:
 *   npm run token -- applicant --uscc 91110108MA01XXXXXX
 *   npm run token -- caseworker --authority PATENT_OFFICE
 *   npm run token -- supervisor | auditor | admin
 */
import { loadConfig, PlatformConfig } from '@app/config';
import { mintToken, Role, ROLES } from '@app/auth';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const role = process.argv[2] as Role;
if (!ROLES.includes(role)) {
  process.stderr.write(
    `usage: npm run token -- <${ROLES.join('|')}> [--uscc X] [--authority Y] [--sub id] [--ttl seconds]\n`,
  );
  process.exit(2);
}
const config = loadConfig(PlatformConfig);
const token = mintToken(
  { secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
  { subject: arg('sub') ?? `local-${role}`, role, uscc: arg('uscc'), authority: arg('authority') },
  Number(arg('ttl') ?? 8 * 3600),
);
process.stdout.write(`${token}\n`);
