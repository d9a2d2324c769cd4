import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * What a token may do: `curate` writes facts, `admin` manages tokens (and may curate), `follow`
 * registers webhooks for changes (src/webhooks/).
 */
export const scopes = ['curate', 'admin', 'follow'] as const;
export type Scope = (typeof scopes)[number];

/** Who sent a request, from its `Authorization: Bearer` token. */
export interface Principal {
  tokenId: string;
  name: string;
  scopes: Scope[];
}

interface StoredToken extends Principal {
  /** SHA-256 of the token, hex: the token itself is never stored. */
  sha256: string;
  created: string;
}

/** Tokens are 32 random bytes, so a plain SHA-256 suffices: there is nothing to brute-force. */
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Whether a principal may write facts: `curate`, or `admin`, which may do what a curator may. */
export function canCurate(principal: Principal | null | undefined): boolean {
  return principal?.scopes.some((scope) => scope === 'curate' || scope === 'admin') ?? false;
}

/**
 * Whether a principal may read what was retracted or undone, and who wrote what: the whole audit
 * log, the unredacted Cypher export, retracted claims in the change feeds. Only those who may
 * curate; any other reader, a `follow` token too, sees the public view (src/curation/audit-view.ts),
 * since retracted content may have gone for a legal reason.
 */
export function mayReadRetracted(principal: Principal | null | undefined): boolean {
  return canCurate(principal);
}

/** Whether a principal may register webhooks: `follow`, or `admin`. */
export function canFollow(principal: Principal | null | undefined): boolean {
  return principal?.scopes.some((scope) => scope === 'follow' || scope === 'admin') ?? false;
}

export function isScope(value: string): value is Scope {
  return (scopes as readonly string[]).includes(value);
}

/**
 * API tokens, hashed, in one JSON file (`TOKENS_FILE`, by default `.data/tokens.json`, mode 0600).
 * The file is re-read when it changes, so `npm run token:create` needs no restart.
 */
export class TokenStore {
  private cached: { mtimeMs: number; byHash: Map<string, StoredToken> } | undefined;

  constructor(readonly file: string) {}

  /** Makes a token and returns it: it is shown once and cannot be recovered. */
  create(name: string, granted: Scope[]): { token: string; principal: Principal } {
    const token = `pgt_${randomBytes(32).toString('base64url')}`;
    const stored: StoredToken = {
      tokenId: randomUUID(),
      name,
      scopes: granted,
      sha256: hashOf(token),
      created: new Date().toISOString(),
    };
    const all = [...this.read().values(), stored];
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, this.file);
    const { sha256: _, created: __, ...principal } = stored;
    return { token, principal };
  }

  /**
   * The principal of an `Authorization` header: null without one, 'invalid' when it is not a
   * bearer token this store knows.
   */
  authenticate(header: string | null | undefined): Principal | null | 'invalid' {
    if (!header) return null;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) return 'invalid';
    const stored = this.read().get(hashOf(match[1] as string));
    if (!stored) return 'invalid';
    return { tokenId: stored.tokenId, name: stored.name, scopes: stored.scopes };
  }

  /** The principal of a token id, as the file holds it now: undefined once the token is removed. */
  principalOf(tokenId: string): Principal | undefined {
    for (const stored of this.read().values())
      if (stored.tokenId === tokenId) return { tokenId, name: stored.name, scopes: stored.scopes };
    return undefined;
  }

  private read(): Map<string, StoredToken> {
    if (!existsSync(this.file)) return new Map();
    const { mtimeMs } = statSync(this.file);
    if (this.cached?.mtimeMs === mtimeMs) return this.cached.byHash;
    const list = JSON.parse(readFileSync(this.file, 'utf8')) as StoredToken[];
    const byHash = new Map(list.map((token) => [token.sha256, token]));
    this.cached = { mtimeMs, byHash };
    return byHash;
  }
}
