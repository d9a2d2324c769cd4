import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The loader's entry in a checkout: src/loader/ now, src/kb/ in checkouts from before the split. */
export function loaderOf(checkout: string): string {
  const now = join(checkout, 'src/loader/load-all.ts');
  return existsSync(now) ? now : join(checkout, 'src/kb/load-all.ts');
}
