import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@app/testing';

/**
 * The OpenAPI document each service generates from its code, against the copy exported to
 * docs/openapi/<app>.json. `UPDATE_OPENAPI=1 npx jest test/e2e` re-exports after an API change.
 */
export async function checkOpenApi(
  app: string,
  baseUrl: string,
): Promise<{ current: boolean; paths: number }> {
  const live = (await (await fetch(`${baseUrl}/docs/openapi.json`)).json()) as {
    paths: Record<string, unknown>;
  };
  const file = join(REPO_ROOT, 'docs', 'openapi', `${app}.json`);
  const text = `${JSON.stringify(live, null, 2)}\n`;
  if (process.env.UPDATE_OPENAPI === '1' || !existsSync(file)) {
    if (process.env.CI === 'true' && !existsSync(file))
      return { current: false, paths: Object.keys(live.paths).length };
    writeFileSync(file, text);
  }
  return { current: readFileSync(file, 'utf8') === text, paths: Object.keys(live.paths).length };
}
