// sameAs: an id merged into another resolves through a :Redirect (looked up on every read by id).
CREATE INDEX redirect_id IF NOT EXISTS FOR (r:Redirect) ON (r.id);
CREATE INDEX redirect_source IF NOT EXISTS FOR (r:Redirect) ON (r.source);
