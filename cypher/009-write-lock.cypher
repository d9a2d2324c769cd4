// The lock one writer holds at a time (src/db/database.ts `exclusively`): one node per lock id,
// so two replicas that MERGE it at once find the same node and the second waits for the first.
CREATE CONSTRAINT write_lock_id IF NOT EXISTS FOR (l:WriteLock) REQUIRE l.id IS UNIQUE;
