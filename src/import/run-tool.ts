import { execFile } from 'node:child_process';

/** What a command printed, or why it failed. */
export interface ToolOutput {
  stdout: Buffer;
  stderr: string;
}

export class ToolError extends Error {
  override name = 'ToolError';
  constructor(
    message: string,
    readonly stderr: string,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

/**
 * Runs one of the document tools (poppler's pdfinfo, pdftotext, pdftoppm; tesseract) with a time
 * limit and a cap on what it may print. OCR runs on one thread, so an import never takes both
 * cores from the server's readers.
 */
export function runTool(
  command: string,
  args: readonly string[],
  { timeoutMs, maxBytes = 256 * 1024 * 1024 }: { timeoutMs: number; maxBytes?: number },
): Promise<ToolOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        encoding: 'buffer',
        timeout: Math.max(1, Math.ceil(timeoutMs)),
        killSignal: 'SIGKILL',
        maxBuffer: maxBytes,
        env: { ...process.env, OMP_THREAD_LIMIT: '1', LC_ALL: 'C.UTF-8' },
      },
      (error, stdout, stderr) => {
        const message = stderr.toString('utf8').trim();
        if (!error) return resolve({ stdout, stderr: message });
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT')
          return reject(
            new ToolError(`${command} is not installed (see the README's prerequisites)`, '', false),
          );
        const timedOut = error.killed === true && error.signal === 'SIGKILL';
        reject(
          new ToolError(
            timedOut
              ? `${command} took longer than ${timeoutMs / 1000} s`
              : `${command} failed: ${message || error.message}`,
            message,
            timedOut,
          ),
        );
      },
    );
  });
}
