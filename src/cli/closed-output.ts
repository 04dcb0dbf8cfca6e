/**
 * A reader that stops early (`kt audit log | head`) closes kt's stdout; the next write
 * fails with EPIPE, which Node reports as an unhandled 'error' event with a stack trace.
 * That is the reader's choice, not kt's failure: stop quietly, as Unix tools do (keeping
 * any exit code already set). Any other write error (a full disk behind `> file`) is real
 * and is said in one sentence, with a non-zero exit code.
 */
export function exitQuietlyWhenOutputCloses(): void {
  for (const [stream, name] of [[process.stdout, 'standard output'], [process.stderr, 'standard error']] as const) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      // stderr itself may be what failed: then only the exit code can say so.
      if (stream !== process.stderr) process.stderr.write(`kt: cannot write to ${name}: ${error.message}\n`);
      process.exit(1);
    });
  }
}
