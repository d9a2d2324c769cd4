import { builder } from '../builder.ts';
import './types/entity.ts';
import './types/analytics.ts';
import './types/entity-types.ts';
import './types/graph.ts';
import './types/lists.ts';
import './types/relation.ts';
import './types/stats.ts';

export const schema = builder.toSchema({ sortSchema: true });
