import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The shape the house style asks of src/ (docs: README "How it fits together"): folders that
 * import each other only one way, files of at most 400 lines and functions of at most 80.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const maxFileLines = 400;
const maxFunctionLines = 80;

/** Allowed to stay large, each with its reason. A file or a function (`src/x.ts:name`). */
const allowed: Record<string, string> = {
  'src/schema/typed-relations.ts': 'the typed-relations table: one entry per relation type, read as a table',
};

interface SourceFile {
  path: string;
  lines: number;
  imports: string[];
  functions: Array<{ name: string; lines: number }>;
}

function listTs(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return listTs(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function read(path: string): SourceFile {
  const text = readFileSync(join(root, path), 'utf8');
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line;
  const imports: string[] = [];
  const functions: SourceFile['functions'] = [];
  const local = (specifier: string) => {
    if (specifier.startsWith('.')) imports.push(relative(root, resolve(root, dirname(path), specifier)));
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier)
      local((node.moduleSpecifier as ts.StringLiteral).text);
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    )
      local(node.arguments[0].text);
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const name =
        node.name?.getText() ?? (ts.isVariableDeclaration(node.parent) ? node.parent.name.getText() : '');
      functions.push({ name: name || '(anonymous)', lines: lineOf(node.end) - lineOf(node.getStart()) + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { path, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0), imports, functions };
}

/** `src/x/…` is the folder `src/x`; a file at the root of src/ is itself. */
const unitOf = (path: string) => path.split('/').slice(0, 2).join('/');

/** The folder imports that close a cycle: for each, a way back from its target to its start. */
function cycles(edges: Map<string, Set<string>>): string[] {
  const pathBetween = (from: string, to: string): string[] | undefined => {
    const seen = new Set([from]);
    const queue: string[][] = [[from]];
    while (queue.length) {
      const path = queue.shift() as string[];
      for (const next of edges.get(path.at(-1) as string) ?? []) {
        if (next === to) return [...path, next];
        if (!seen.has(next)) {
          seen.add(next);
          queue.push([...path, next]);
        }
      }
    }
    return undefined;
  };
  const found: string[] = [];
  for (const [from, targets] of edges) {
    for (const to of targets) {
      const back = pathBetween(to, from);
      if (back) found.push(`${from} → ${back.join(' → ')}`);
    }
  }
  return found.sort();
}

const files = listTs('src').map(read);

describe('the structure of src/', () => {
  it('has no import cycle between its folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const file of files) {
      for (const target of file.imports) {
        const [from, to] = [unitOf(file.path), unitOf(target)];
        if (from === to) continue;
        edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    expect(cycles(edges)).toEqual([]);
  });

  it(`has no file over ${maxFileLines} lines and no function over ${maxFunctionLines}`, () => {
    const large = files.flatMap((file) => [
      ...(file.lines > maxFileLines && !allowed[file.path] ? [`${file.path}: ${file.lines} lines`] : []),
      ...file.functions
        .filter(
          (fn) => fn.lines > maxFunctionLines && !allowed[file.path] && !allowed[`${file.path}:${fn.name}`],
        )
        .map((fn) => `${file.path}:${fn.name}: ${fn.lines} lines`),
    ]);
    expect(large).toEqual([]);
  });

  it('allows only what still needs it', () => {
    const needed = (name: string) => {
      const [path, fn] = name.split(':');
      const file = files.find((candidate) => candidate.path === path);
      if (!file) return false;
      if (fn) return file.functions.some((item) => item.name === fn && item.lines > maxFunctionLines);
      return file.lines > maxFileLines || file.functions.some((item) => item.lines > maxFunctionLines);
    };
    expect(Object.keys(allowed).filter((name) => !needed(name))).toEqual([]);
  });
});
