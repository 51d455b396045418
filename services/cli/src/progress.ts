import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, detail: string): void;
  stop(): void;
}

/** A bar on a terminal; elsewhere (CI, pipes) one plain line whenever the count changes. */
export function createProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total} {detail}`, stream, hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { detail: '' });
    return {
      update: (done, detail) => bar.update(done, { detail }),
      stop: () => bar.stop(),
    };
  }
  let last = -1;
  return {
    update(done, detail) {
      if (done === last) return;
      last = done;
      stream.write(`${label}: ${done}/${total} ${detail}\n`);
    },
    stop() {},
  };
}
