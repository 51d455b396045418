/**
 * A closed standard output (`newsline extract FILE | head`) ends the command quietly, as Unix
 * tools do: no EPIPE stack trace. The exit status is the command's own so far (0 by default).
 * Other output errors are still thrown.
 */
export function endQuietlyWhenOutputCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      throw err;
    });
  }
}
