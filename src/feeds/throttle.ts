/**
 * Politeness per host: at most one request to a host at a time, and at least `minDelayMs` between the end of
 * one request to a host and the start of the next. Requests to different hosts do not wait for each other.
 */
export class HostThrottle {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly lastDone = new Map<string, number>();

  constructor(
    private readonly minDelayMs: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Run `fn` when `url`'s host is free and rested. */
  run<T>(url: string, fn: () => Promise<T>): Promise<T> {
    const host = hostKey(url);
    const previous = this.tails.get(host) ?? Promise.resolve();
    const result = previous.then(async () => {
      const last = this.lastDone.get(host);
      const wait = last === undefined ? 0 : last + this.minDelayMs - this.now();
      if (wait > 0) await this.sleep(wait);
      try {
        return await fn();
      } finally {
        this.lastDone.set(host, this.now());
      }
    });
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(host, tail);
    // Forget a host once its queue is empty, so a long-running watch does not keep every host it ever saw.
    void tail.then(() => {
      if (this.tails.get(host) === tail) this.tails.delete(host);
    });
    return result;
  }
}

function hostKey(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}
