import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The password of the local Neo4j: made on first start (crypto-random) in `<dataDir>/password`,
 * created with mode 0600 so that it is never readable by others, even for a moment.
 */
export function localPassword(dataDir: string): { file: string; password: string } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(resolve(dataDir), 'password');
  try {
    writeFileSync(file, `${randomBytes(24).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (statSync(file).mode & 0o077) chmodSync(file, 0o600);
  const password = readFileSync(file, 'utf8').trim();
  if (password.length < 8) throw new Error(`${file} holds no usable password; delete it to get a new one.`);
  return { file, password };
}
