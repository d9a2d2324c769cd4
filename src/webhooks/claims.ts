import { createHash, randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';

/**
 * Exactly one replica sends each release's deliveries. Every replica watches the shared releases
 * folder, so each sees a new release; before sending, it claims each (release, webhook) pair by
 * MERGE of a `(:WebhookClaim {key})` node, unique by cypher/010-webhook-claims.cypher, in one write
 * transaction. The constraint makes a second MERGE of the same key wait for the first and then find
 * its node, so one claimer wins and only it sends. Neo4j, not Redis: every replica has it, Redis is
 * optional and may be lost. The key is a hash: webhook ids stay out of the graph and its exports.
 * A curation write needs no claim: only the replica that made it is told of it.
 */
const claimQuery = {
  name: 'webhooks.claim',
  cypher: `
    UNWIND $keys AS key
    MERGE (c:WebhookClaim {key: key})
      ON CREATE SET c.by = $by, c.release = $release, c.at = datetime()
    RETURN key, c.by = $by AS mine`,
};

export interface DeliveryClaims {
  /** The webhooks (ids) of `hooks` whose delivery of `release` this process won. */
  claim(release: string, hooks: readonly string[]): Promise<Set<string>>;
}

const keyOf = (release: string, hook: string) =>
  createHash('sha256').update(`${release}\n${hook}`).digest('hex');

export function neo4jClaims(db: Database): DeliveryClaims {
  // One claimer per dispatcher: two apps in one process (tests) are two replicas.
  const by = randomUUID();
  return {
    async claim(release, hooks) {
      if (!hooks.length) return new Set();
      const keys = new Map(hooks.map((hook) => [keyOf(release, hook), hook]));
      const rows = await db.write(claimQuery, { keys: [...keys.keys()], by, release });
      return new Set(rows.filter((row) => row.mine === true).map((row) => keys.get(String(row.key)) ?? ''));
    },
  };
}
