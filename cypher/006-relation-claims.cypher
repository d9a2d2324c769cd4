// Relations now hold every source's claims (`sources`, `claims`), one relationship per fact. The
// ones written before, one per source with `source`, `section` and `quote`, go, and every source
// loads again on the next kb:load (its hash no longer matches).
MATCH ()-[r]->() WHERE r.source IS NOT NULL AND r.sources IS NULL DELETE r;
MATCH (s:Source) REMOVE s.hash;
