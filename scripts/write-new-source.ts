// The end of kb:new and kb:import: a new source's files checked as kb:check checks them, then
// written, each only if no file of that name exists. Exits 1 with the problems otherwise.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { checkSources } from '../src/facts/check-sources.ts';
import { formatProblem } from '../src/facts/source-facts.ts';
import { factsFileOf } from '../src/facts/source-files.ts';

export function writeNewSource(
  command: string,
  id: string,
  dir: string,
  files: Map<string, string>,
  original?: { file: string; bytes: Buffer },
): void {
  const all: Map<string, string | Buffer> = new Map(files);
  if (original) all.set(original.file, original.bytes);
  const taken = [...all.keys()].filter((file) => existsSync(file));
  if (taken.length) {
    console.error(
      `${command}: source ${id} exists already: ${taken.map((f) => relative(dir, f)).join(', ')}`,
    );
    process.exit(1);
  }
  const problems = checkSources(dir, { files })
    .failed.filter((failure) => failure.source === id)
    .flatMap((failure) => failure.problems);
  if (problems.length) {
    for (const problem of problems)
      console.error(formatProblem({ ...problem, file: relative(dir, problem.file) }));
    process.exit(1);
  }
  for (const [file, content] of all) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content, { flag: 'wx' });
    console.log(`wrote ${relative(process.cwd(), file)}`);
  }
  console.log(
    `Add its entities and relations to ${relative(process.cwd(), factsFileOf(id, dir))}, each with a section and a verbatim quote, then run npm run kb:check.`,
  );
}
