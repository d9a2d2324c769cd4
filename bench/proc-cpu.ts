import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU ms (user and system) of a process and its descendants, from /proc (Linux, 10 ms ticks). A
 * process that is not running (no pid) is an error: pid 0's descendants would be the whole machine.
 */
export function treeCpuMs(root: number | undefined): number {
  if (root === undefined) throw new Error('the process is not running');
  const procs = new Map<number, { parent: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(entry), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while we looked.
    }
  }
  let ticks = 0;
  const todo = [root];
  for (let pid = todo.pop(); pid !== undefined; pid = todo.pop()) {
    ticks += procs.get(pid)?.ticks ?? 0;
    for (const [child, { parent }] of procs) if (parent === pid) todo.push(child);
  }
  return ticks * 10;
}
