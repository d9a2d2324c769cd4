import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { webDir } from '../../src/static.ts';

const repository = resolve(import.meta.dirname, '../..');
/** What the bundle is made from. */
const inputs = ['web', 'package-lock.json'].map((path) => join(repository, path));

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/**
 * Builds the explorer (dist/web) when it is missing or older than its sources: the static-file and
 * browser tests serve it, and `npm test` on a fresh clone has not built it. Once per run: the
 * second project to call this finds it fresh.
 */
export default async function setup() {
  const page = join(webDir, 'index.html');
  if (existsSync(page) && statSync(page).mtimeMs >= Math.max(...inputs.map(newestChange))) return;
  const started = performance.now();
  await build({ configFile: join(repository, 'web/vite.config.ts'), logLevel: 'warn' });
  console.log(`Built the explorer in ${Math.round(performance.now() - started)} ms`);
}
