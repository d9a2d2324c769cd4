import { builder } from '../builder.ts';
import './types/entity.ts';
import './types/centrality.ts';
import './types/citation.ts';
import './types/claims.ts';
import './types/communities.ts';
import './types/funding.ts';
import './types/entity-types.ts';
import './types/graph.ts';
import './types/lists.ts';
import './types/match.ts';
import './types/path.ts';
import './types/relation.ts';
import './types/similarity.ts';
import './types/source.ts';
import './types/stats.ts';
import './types/timeline.ts';

export const schema = builder.toSchema({ sortSchema: true });
