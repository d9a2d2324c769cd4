import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Webhook registrations, in one JSON file (`WEBHOOKS_FILE`, by default `webhooks.json` beside the
 * tokens file, mode 0600), not in Neo4j: each holds the secret its deliveries are signed with, and
 * the graph is exported whole (the Cypher export, releases), where a secret must never go. It sits
 * with the token hashes, outside the knowledge base's files (data/), which are reviewed and committed.
 * Re-read when it changes; written by one server, as the curation files are.
 */
export interface Webhook {
  id: string;
  url: string;
  /** The entity followed, or null for a search. */
  entity: string | null;
  /** The search followed, or null. */
  search: string | null;
  /** The entities found when it was registered; deliveries follow what the search finds at each write. */
  entities: string[];
  /** HMAC-SHA256 key of its signatures; shown once, at registration. */
  secret: string;
  /** The token that registered it: only that token (or an admin) sees and deletes it. */
  tokenId: string;
  created: string;
}

export class WebhookRegistry {
  private cached: { mtimeMs: number; hooks: Webhook[] } | undefined;

  constructor(readonly file: string) {}

  list(): Webhook[] {
    if (!existsSync(this.file)) return [];
    const { mtimeMs } = statSync(this.file);
    if (this.cached?.mtimeMs !== mtimeMs)
      this.cached = { mtimeMs, hooks: JSON.parse(readFileSync(this.file, 'utf8')) as Webhook[] };
    return this.cached.hooks;
  }

  add(fields: Omit<Webhook, 'id' | 'secret' | 'created'>): Webhook {
    const hook: Webhook = {
      ...fields,
      id: randomUUID(),
      secret: `whsec_${randomBytes(32).toString('base64url')}`,
      created: new Date().toISOString(),
    };
    this.write([...this.list(), hook]);
    return hook;
  }

  /** Removes a registration; false when there is none of that id. */
  remove(id: string): boolean {
    const hooks = this.list();
    const kept = hooks.filter((hook) => hook.id !== id);
    if (kept.length === hooks.length) return false;
    this.write(kept);
    return true;
  }

  private write(hooks: Webhook[]): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(hooks, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, this.file);
    this.cached = undefined;
  }
}
