import type { LocalNeo4j } from './local-neo4j.ts';

/** The signals that end a script: Ctrl-C, `kill`, a closed terminal; exit codes are 128 + these. */
const signals: Record<string, number> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };

/**
 * Stops a local Neo4j that a script started when the script ends, however it ends. On SIGINT,
 * SIGTERM or SIGHUP it is stopped in order (its store checkpointed), then the script exits with
 * 128 + the signal's number; a second signal while that runs exits at once. On any other exit
 * (`process.exit`, an uncaught error) there is no time to wait: it is sent SIGTERM, and stops by
 * itself. A SIGKILL leaves it its stdin closing, which it watches (`--watch-stdin`).
 * Given the start itself, it holds from before the Neo4j is ready (and others can find it): a
 * signal during the start stops it once started; a second one exits at once, and the Neo4j still
 * starting stops by itself when our end closes its stdin.
 * Returns what removes the handlers, for when the script stops it itself.
 */
export function stopWithProcess(
  starting: LocalNeo4j | Promise<LocalNeo4j>,
  log: (line: string) => void = console.error,
): () => void {
  let neo4j: LocalNeo4j | undefined;
  Promise.resolve(starting).then(
    (started) => (neo4j = started),
    () => undefined, // The script reports a failed start itself.
  );
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = 128 + (signals[signal] ?? 0);
    if (stopping) process.exit(code);
    stopping = true;
    log(`${signal}: stopping the local Neo4j…`);
    void Promise.resolve(starting)
      .then((started) => started.stop())
      .finally(() => process.exit(code));
  };
  const onExit = () => {
    const pid = neo4j?.pid;
    if (pid === undefined) return;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Gone already.
    }
  };
  for (const signal of Object.keys(signals)) process.on(signal, onSignal);
  process.on('exit', onExit);
  return () => {
    for (const signal of Object.keys(signals)) process.off(signal, onSignal);
    process.off('exit', onExit);
  };
}
