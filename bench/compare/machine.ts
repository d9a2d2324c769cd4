// How busy the machine is with work that is not the benchmark's: other engineers' type checks and
// tests share the 2 cores and do not take the bench lock. Read from /proc (Linux): the CPU time of
// the whole machine less that of this process and its descendants (Neo4j, the servers).
import { readdirSync, readFileSync } from 'node:fs';

/** CPU ticks (USER_HZ, 100 a second on Linux) of the machine and of the benchmark's process tree. */
interface Ticks {
  machine: number;
  ours: number;
  at: number;
}

const TICKS_PER_SECOND = 100;

/** user + nice + system + steal of /proc/stat: interrupts are left out, as loopback traffic is ours. */
function machineTicks(): number {
  const [, user, nice, system, , , , , steal] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .map(Number);
  return (user ?? 0) + (nice ?? 0) + (system ?? 0) + (steal ?? 0);
}

/** utime + stime of every process under `root`, itself included. */
function treeTicks(root: number): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while listed
    }
    // The command name is in parentheses and may hold spaces: the fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parent.set(Number(entry), Number(fields[1]));
    ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
  }
  const inTree = (pid: number): boolean => {
    for (let at: number | undefined = pid; at !== undefined && at > 1; at = parent.get(at))
      if (at === root) return true;
    return false;
  };
  let sum = 0;
  for (const [pid, t] of ticks) if (inTree(pid)) sum += t;
  return sum;
}

function read(): Ticks {
  return { machine: machineTicks(), ours: treeTicks(process.pid), at: performance.now() };
}

/**
 * Starts a meter; the function it returns gives the CPU used by others since, in cores (0.5 = half
 * a core busy on average). Without /proc it reads 0: the check is then off, not failing.
 */
export function othersMeter(): () => number {
  let start: Ticks;
  try {
    start = read();
  } catch {
    return () => 0;
  }
  return () => {
    const end = read();
    const seconds = (end.at - start.at) / 1000;
    if (seconds <= 0) return 0;
    const others = end.machine - start.machine - (end.ours - start.ours);
    return Math.max(0, others / TICKS_PER_SECOND / seconds);
  };
}

/**
 * Waits until others use at most `busyCores` over a probe of `probeMs`, at most `mostMs`; returns the
 * milliseconds waited. The bench lock is taken the moment another engineer's test ends, and their
 * type check and lint (which take no lock) ran on through the first scale of run 1 (0.4–1.4 cores
 * in runs E and F of 2026-12-07, none in run 2).
 */
export async function untilQuiet(busyCores: number, probeMs = 1000, mostMs = 120_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const others = othersMeter();
    await new Promise((resolve) => setTimeout(resolve, probeMs));
    if (others() <= busyCores || performance.now() - started >= mostMs) return performance.now() - started;
  }
}
