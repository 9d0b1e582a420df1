/**
 * Runtime resolution of the `@app/<lib>` aliases for the compiled build (dist/): production and
 * the container run `node -r ./dist/scripts/register-paths.js dist/apps/<app>/src/main.js`.
 */
import { join } from 'node:path';
import { register } from 'tsconfig-paths';
import { compilerOptions } from '../tsconfig.json';

const distRoot = join(__dirname, '..');
register({ baseUrl: distRoot, paths: compilerOptions.paths });
