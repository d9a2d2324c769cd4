// npm run token:create -- --name NAME --scope curate[,admin,follow]: makes an API token (writes, tokens,
// webhooks) and prints it once, as the last line. Only its hash is kept, in TOKENS_FILE (.data/tokens.json).
import { parseArgs } from 'node:util';
import { isScope, scopes, TokenStore } from '../src/auth/tokens.ts';
import { readConfig } from '../src/config.ts';

const { values } = parseArgs({ options: { name: { type: 'string' }, scope: { type: 'string' } } });
const granted = (values.scope ?? '').split(',').filter(Boolean);
if (!values.name?.trim() || !granted.length || !granted.every(isScope)) {
  console.error(`Usage: npm run token:create -- --name NAME --scope ${scopes.join('|')}[,…]`);
  process.exit(2);
}
const store = new TokenStore(readConfig().tokensFile);
const { token, principal } = store.create(values.name.trim(), granted.filter(isScope));
console.log(
  `Created token ${principal.tokenId} for "${principal.name}" (${principal.scopes.join(', ')}), stored hashed in ${store.file}.`,
);
console.log('Send it as `Authorization: Bearer <token>`. It is shown once:');
console.log(token);
