import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Self time by package (or our own folder) and by function, as shares of the profile. */
export function selfTime(file: string, count = 15) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  const add = (map: Map<string, number>, key: string, time: number) =>
    map.set(key, (map.get(key) ?? 0) + time);
  profile.samples.forEach((id, index) => {
    const time = profile.timeDeltas[index] ?? 0;
    total += time;
    const { functionName, url, lineNumber } = (nodes.get(id) as ProfileNode).callFrame;
    const where = url.includes('node_modules/')
      ? (/node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? url)
      : url.includes('/src/')
        ? `ours: ${url.slice(url.lastIndexOf('/src/') + 1)}`
        : url || functionName;
    add(byPackage, where, time);
    add(byFunction, `${functionName || '(anonymous)'} (${where}:${lineNumber})`, time);
  });
  const top = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, time]) => `| ${name} | ${((100 * time) / total).toFixed(1)}% |`);
  return { totalMs: total / 1000, packages: top(byPackage, count), functions: top(byFunction, count) };
}
