// The IPC side of a two-process pair (offerer or answerer child): messages to the other child go
// through the parent (`to: 'peer'`), results to the parent (`to: 'parent'`). Messages that arrive
// before anyone waits for them are queued, so no message is lost to a late listener.

export interface Msg {
  to: 'peer' | 'parent';
  t: string;
  /** Pair number (one per connect) where the message belongs to a pair. */
  k?: number | undefined;
  /** Set on receipt: hrMs() when this process got the message. */
  arrived?: number;
  [key: string]: unknown;
}

/**
 * Milliseconds on CLOCK_MONOTONIC (libuv's uv_hrtime). On Linux this clock is shared by every
 * process of the machine, so a time taken in one child can be compared with one taken in the other.
 */
export function hrMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

type Handler = (m: Msg) => void;

export class Ipc {
  private readonly queue: Msg[] = [];
  private readonly waiters: Array<{ match: (m: Msg) => boolean; resolve: Handler }> = [];
  private readonly handlers = new Map<string, Handler>();

  constructor() {
    if (!process.send) throw new Error('not started with an IPC channel (child_process.fork)');
    process.on('message', (raw) => {
      const m = raw as Msg;
      m.arrived = hrMs();
      const h = this.handlers.get(m.t);
      if (h) return h(m);
      const i = this.waiters.findIndex((w) => w.match(m));
      if (i >= 0) return this.waiters.splice(i, 1)[0]!.resolve(m);
      this.queue.push(m);
    });
    // The parent is gone (killed, crashed): nobody will collect this process otherwise.
    process.on('disconnect', () => process.exit(2));
    this.send({ to: 'parent', t: 'hello' });
  }

  send(m: Msg): void {
    process.send!(m);
  }

  /** Every message of type `t` goes to `h` (queued ones first). */
  on(t: string, h: Handler): void {
    this.handlers.set(t, h);
    for (let i = 0; i < this.queue.length; ) {
      if (this.queue[i]!.t === t) h(this.queue.splice(i, 1)[0]!);
      else i++;
    }
  }

  off(t: string): void {
    this.handlers.delete(t);
  }

  /** The next message of type `t` (for pair `k` if given). */
  next(t: string, k?: number): Promise<Msg> {
    const match = (m: Msg) => m.t === t && (k === undefined || m.k === k);
    const i = this.queue.findIndex(match);
    if (i >= 0) return Promise.resolve(this.queue.splice(i, 1)[0]!);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** Sends `m` to the peer and waits for its reply of type `reply`. */
  request(m: Omit<Msg, 'to'>, reply: string): Promise<Msg> {
    const p = this.next(reply, m.k as number | undefined);
    this.send({ ...m, to: 'peer' } as Msg);
    return p;
  }
}

/** Rejects after `ms` with `what`; the timer is cleared when `p` settles. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result in ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
