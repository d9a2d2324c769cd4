import { builder } from '../builder.ts';
import './types/stats.ts';

export const schema = builder.toSchema({ sortSchema: true });
