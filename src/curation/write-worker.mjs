// The write worker's entry: a worker thread does not inherit the loader that runs TypeScript
// under vitest, so tsx's API loads the .ts module, under `npm start` and in production alike.
import { tsImport } from 'tsx/esm/api';

await tsImport('./write-worker.ts', import.meta.url);
