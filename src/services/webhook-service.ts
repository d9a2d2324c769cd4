import type { Principal } from '../auth/tokens.ts';
import { notFound, userError } from '../errors.ts';
import { checkWebhookUrl } from '../webhooks/address.ts';
import type { DeliveryAttempt } from '../webhooks/delivery-log.ts';
import type { Webhook } from '../webhooks/registry.ts';
import type { Webhooks } from '../webhooks/webhooks.ts';

export interface RegisterInput {
  url: string;
  entity?: string | null;
  search?: string | null;
}

/**
 * Webhooks as one token sees them: it registers, lists and deletes its own (an admin token sees
 * all), and reads their delivery logs. The scope (`follow`) is checked by the schema.
 */
export class WebhookService {
  constructor(
    private readonly hooks: Webhooks | undefined,
    private readonly principal: Principal | null,
    /** Whether an entity of this id exists. */
    private readonly exists: (id: string) => Promise<boolean>,
    /** The ids of the entities a search finds. */
    private readonly find: (search: string) => Promise<string[]>,
  ) {}

  async register(input: RegisterInput): Promise<Webhook> {
    const hooks = this.available();
    const url = checkWebhookUrl(input.url, hooks.allow);
    if (Boolean(input.entity) === Boolean(input.search))
      throw userError('BAD_USER_INPUT', 'Follow one entity or one search: give entity or search');
    if (input.entity && !(await this.exists(input.entity)))
      throw notFound(`No entity ${input.entity.slice(0, 64)}`);
    const entities = input.entity ? [input.entity] : await this.find(input.search as string);
    if (!entities.length) throw userError('BAD_USER_INPUT', 'The search finds no entity to follow');
    return hooks.registry.add({
      url: url.href,
      entity: input.entity ?? null,
      search: input.search ?? null,
      entities,
      tokenId: (this.principal as Principal).tokenId,
    });
  }

  list(): Webhook[] {
    return (this.hooks?.registry.list() ?? []).filter((hook) => this.owns(hook));
  }

  remove(id: string): boolean {
    const hook = this.list().find((candidate) => candidate.id === id);
    return hook ? this.available().registry.remove(id) : false;
  }

  deliveries(hook: Webhook, first: number, after?: string | null): DeliveryAttempt[] {
    if (first < 0 || first > 100) throw userError('BAD_USER_INPUT', 'first must be between 0 and 100');
    return this.available().log.read(hook.id, first, after);
  }

  private owns(hook: Webhook): boolean {
    return Boolean(this.principal?.scopes.includes('admin') || hook.tokenId === this.principal?.tokenId);
  }

  private available(): Webhooks {
    if (!this.hooks) throw userError('BAD_USER_INPUT', 'this server has no knowledge base to follow');
    return this.hooks;
  }
}
