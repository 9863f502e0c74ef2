/** A one-line progress bar on a terminal; silent when stderr is a pipe or a file, so logs stay clean. */
export interface Progress { tick(label: string): void; done(): void }

export function progress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { tick: () => {}, done: () => {} };
  let n = 0;
  const started = Date.now();
  return {
    tick(label) {
      n++;
      const rate = n / Math.max(0.001, (Date.now() - started) / 1000);
      const spinner = '|/-\\'[n % 4];
      stream.write(`\r\x1b[K${spinner} ${n} documents  ${rate.toFixed(0)}/s  ${label.slice(0, Math.max(10, (stream.columns ?? 80) - 40))}`);
    },
    done() { if (n) stream.write('\r\x1b[K'); },
  };
}
