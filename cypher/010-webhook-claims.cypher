// A release's webhook deliveries, claimed by the replica that sends them (src/webhooks/claims.ts):
// one node per (release, webhook), so two replicas that MERGE it at once find the same node.
CREATE CONSTRAINT webhook_claim_key IF NOT EXISTS FOR (c:WebhookClaim) REQUIRE c.key IS UNIQUE;
