import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

interface FileTime {
  file: string;
  /** From the file being queued to its end: what it costs the run, start-up and hooks included. */
  wallMs: number;
  /** Importing the file and what it imports. */
  collectMs: number;
  /** Its tests and hooks. */
  testsMs: number;
}

/**
 * A reporter for measuring CI time (docs/reports/ci-time.md): each file's wall time, import time and
 * test time, slowest first, to the file in FILE_TIMES_OUT (JSON) and a table on stdout. Use it
 * beside the default reporter: `--reporter=default --reporter=./test/helpers/file-times.ts`.
 */
export default class FileTimes implements Reporter {
  private readonly queued = new Map<string, number>();
  private readonly times: FileTime[] = [];

  onTestModuleQueued(module: TestModule): void {
    this.queued.set(module.moduleId, performance.now());
  }

  onTestModuleEnd(module: TestModule): void {
    const diagnostic = module.diagnostic();
    this.times.push({
      file: relative(process.cwd(), module.moduleId),
      wallMs: Math.round(performance.now() - (this.queued.get(module.moduleId) ?? performance.now())),
      collectMs: Math.round(diagnostic.collectDuration),
      testsMs: Math.round(diagnostic.duration),
    });
  }

  onTestRunEnd(): void {
    const rows = this.times.sort((a, b) => b.wallMs - a.wallMs);
    if (process.env.FILE_TIMES_OUT)
      writeFileSync(process.env.FILE_TIMES_OUT, `${JSON.stringify(rows, null, 1)}\n`);
    const seconds = (ms: number) => (ms / 1000).toFixed(1).padStart(7);
    console.log('   wall  import   tests  file');
    for (const row of rows)
      console.log(`${seconds(row.wallMs)} ${seconds(row.collectMs)} ${seconds(row.testsMs)}  ${row.file}`);
  }
}
