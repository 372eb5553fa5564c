import { DataFlags } from '../packet/chunk-type.js';
import { ssnDiff, tsnAdd, tsnDiff, tsnLt, tsnLte } from './serial.js';

/**
 * A received fragment held until its message is complete: the user data is buf[start, end) of the
 * received packet (no view allocated per chunk).
 */
interface Fragment {
  tsn: number;
  flags: number;
  ssn: number;
  ppid: number;
  buf: Uint8Array;
  start: number;
  end: number;
  /**
   * The B fragment of the run of consecutive TSNs this fragment continues, when it was appended in
   * order (the common case), else null. Lets an in-order E fragment complete its message without
   * walking back over every fragment; `runBytes` (kept on that B fragment) bounds a partial run.
   */
  head: Fragment | null;
  runBytes: number;
}

/** A complete user message ready for delivery. */
export interface InboundMessage {
  streamId: number;
  ppid: number;
  data: Uint8Array;
}

/** Per-stream receive state, created lazily on the first DATA chunk for the stream (RFC 6525 wants 65535). */
class InStream {
  constructor(readonly id: number) {}
  nextSsn = 0;
  /** Fragments of ordered (resp. unordered) messages, sorted by TSN. */
  ordered: Fragment[] = [];
  unordered: Fragment[] = [];
  /** Complete ordered messages waiting for earlier SSNs (made on the first one: most streams never need it). */
  waiting: Map<number, InboundMessage> | undefined;
}

export type ReassemblyResult = 'ok' | 'too-large';

/**
 * Reassembly and ordered delivery (RFC 9260 §6.5, §6.9). Fragments of one message carry consecutive
 * TSNs from the B to the E fragment; a run is complete when both ends are present with no hole.
 */
export class Reassembly {
  private streams = new Map<number, InStream>();
  /** Bytes held here (fragments plus complete messages waiting for order): counts against a_rwnd. */
  bytes = 0;
  chunks = 0;

  constructor(
    private readonly maxMessageSize: number,
    private readonly deliver: (m: InboundMessage) => void,
  ) {}

  private stream(id: number): InStream {
    let s = this.streams.get(id);
    if (!s) {
      s = new InStream(id);
      this.streams.set(id, s);
    }
    return s;
  }

  /** Add the user data in buf[start, end) of one DATA chunk. */
  add(
    tsn: number,
    flags: number,
    streamId: number,
    ssn: number,
    ppid: number,
    buf: Uint8Array,
    start: number,
    end: number,
  ): ReassemblyResult {
    const s = this.stream(streamId);
    const unordered = (flags & DataFlags.UNORDERED) !== 0;
    if ((flags & 3) === 3) {
      // Unfragmented: the fast path, no copy. The message is a view into the received packet, which
      // the caller hands over (Association.handlePacket); a fragmented message is copied once, below.
      const m: InboundMessage = { streamId, ppid, data: buf.subarray(start, end) };
      if (unordered) this.deliver(m);
      else this.ordered(s, ssn, m);
      return 'ok';
    }
    if (!unordered && ssnDiff(ssn, s.nextSsn) < 0) return 'ok'; // stale fragment of a message already passed
    const list = unordered ? s.unordered : s.ordered;
    const len = end - start;
    const f: Fragment = { tsn, flags, ssn, ppid, buf, start, end, head: null, runBytes: 0 };
    this.bytes += len;
    this.chunks++;
    const n = list.length;
    const tail = n ? list[n - 1]! : undefined;
    // In-order arrival: a B fragment starts a run, a fragment right after a run's tail extends it.
    if (flags & DataFlags.BEGIN && (!tail || tsnLt(tail.tsn, tsn))) {
      f.head = f;
      f.runBytes = len;
      list.push(f);
      return 'ok';
    }
    if (tail?.head && !(tail.flags & DataFlags.END) && tsn === tsnAdd(tail.tsn, 1)) {
      const head = tail.head;
      f.head = head;
      head.runBytes += len;
      list.push(f);
      if (!(flags & DataFlags.END)) return head.runBytes > this.maxMessageSize ? 'too-large' : 'ok';
      const first = n - tsnDiff(tsn, head.tsn);
      if (list[first] === head) return this.complete(s, list, first, n, unordered);
      f.head = null; // the run was cut (FORWARD-TSN): find it the slow way
      list.pop();
      return this.insert(s, list, f, n, unordered);
    }
    // Insert sorted by TSN; arrivals are mostly ascending so search from the end.
    let i = n;
    while (i > 0 && tsnLt(tsn, list[i - 1]!.tsn)) i--;
    return this.insert(s, list, f, i, unordered);
  }

  /** Out-of-order (or after a hole) fragment at list[i]: walk to the B and E fragments around it. */
  private insert(
    s: InStream,
    list: Fragment[],
    f: Fragment,
    i: number,
    unordered: boolean,
  ): ReassemblyResult {
    if (i === list.length) list.push(f);
    else list.splice(i, 0, f);
    // Walk back to the B fragment and forward to the E fragment over consecutive TSNs.
    let first = i;
    while (!(list[first]!.flags & DataFlags.BEGIN)) {
      if (first === 0 || list[first - 1]!.tsn !== tsnAdd(list[first]!.tsn, -1))
        return this.checkSize(list, first, i);
      first--;
    }
    let last = i;
    while (!(list[last]!.flags & DataFlags.END)) {
      if (last === list.length - 1 || list[last + 1]!.tsn !== tsnAdd(list[last]!.tsn, 1)) {
        // A complete-from-B run at the tail: later in-order fragments may extend it cheaply.
        if (last === list.length - 1) this.markRun(list, first, last);
        return this.checkSize(list, first, last);
      }
      last++;
    }
    return this.complete(s, list, first, last, unordered);
  }

  private markRun(list: Fragment[], first: number, last: number): void {
    const head = list[first]!;
    let bytes = 0;
    for (let k = first; k <= last; k++) {
      const g = list[k]!;
      g.head = head;
      bytes += g.end - g.start;
    }
    head.runBytes = bytes;
  }

  /** list[first..last] is a whole message: copy it out once and deliver (or hold it for order). */
  private complete(
    s: InStream,
    list: Fragment[],
    first: number,
    last: number,
    unordered: boolean,
  ): ReassemblyResult {
    let size = 0;
    for (let k = first; k <= last; k++) size += list[k]!.end - list[k]!.start;
    if (size > this.maxMessageSize) return 'too-large';
    const out = new Uint8Array(size);
    let o = 0;
    for (let k = first; k <= last; k++) {
      const g = list[k]!;
      out.set(g.start === 0 && g.end === g.buf.length ? g.buf : g.buf.subarray(g.start, g.end), o);
      o += g.end - g.start;
    }
    const head = list[first]!;
    if (first === 0 && last === list.length - 1) list.length = 0;
    else list.splice(first, last - first + 1);
    this.bytes -= size;
    this.chunks -= last - first + 1;
    const m: InboundMessage = { streamId: s.id, ppid: head.ppid, data: out };
    if (unordered) this.deliver(m);
    else this.ordered(s, head.ssn, m);
    return 'ok';
  }

  /** A partial run longer than max-message-size can never be delivered: the sender is flooding. */
  private checkSize(list: Fragment[], from: number, to: number): ReassemblyResult {
    let size = 0;
    for (let k = from; k <= to; k++) size += list[k]!.end - list[k]!.start;
    return size > this.maxMessageSize ? 'too-large' : 'ok';
  }

  private ordered(s: InStream, ssn: number, m: InboundMessage): void {
    const d = ssnDiff(ssn, s.nextSsn);
    if (d < 0) return; // already delivered or skipped (duplicate after FORWARD-TSN)
    if (d > 0) {
      s.waiting ??= new Map();
      if (!s.waiting.has(ssn)) {
        s.waiting.set(ssn, m);
        this.bytes += m.data.length;
      }
      return;
    }
    this.deliver(m);
    s.nextSsn = (s.nextSsn + 1) & 0xffff;
    this.flush(s);
  }

  private flush(s: InStream): void {
    const w = s.waiting;
    if (!w) return;
    for (let m = w.get(s.nextSsn); m; m = w.get(s.nextSsn)) {
      w.delete(s.nextSsn);
      this.bytes -= m.data.length;
      this.deliver(m);
      s.nextSsn = (s.nextSsn + 1) & 0xffff;
    }
  }

  /**
   * FORWARD-TSN (RFC 3758 §3.6): drop fragments at or below newCum, skip the listed ordered SSNs and
   * deliver whatever became in order.
   */
  forward(newCum: number, streams: readonly number[]): void {
    for (const s of this.streams.values()) {
      s.ordered = this.prune(s.ordered, newCum);
      s.unordered = this.prune(s.unordered, newCum);
    }
    for (let i = 0; i < streams.length; i += 2) {
      const s = this.stream(streams[i]!);
      const ssn = streams[i + 1]!;
      if (ssnDiff(ssn, s.nextSsn) >= 0) {
        // Messages with SSN up to `ssn` that are complete are still delivered in order; the rest are skipped.
        while (ssnDiff(ssn, s.nextSsn) >= 0) {
          const m = s.waiting?.get(s.nextSsn);
          if (m) {
            s.waiting!.delete(s.nextSsn);
            this.bytes -= m.data.length;
            this.deliver(m);
          }
          s.nextSsn = (s.nextSsn + 1) & 0xffff;
        }
        this.flush(s);
      }
    }
  }

  private prune(list: Fragment[], newCum: number): Fragment[] {
    if (!list.length || !tsnLte(list[0]!.tsn, newCum)) return list;
    const keep: Fragment[] = [];
    for (const f of list) {
      if (tsnLte(f.tsn, newCum)) {
        this.bytes -= f.end - f.start;
        this.chunks--;
      } else {
        f.head = null; // its run may have lost its B fragment
        keep.push(f);
      }
    }
    return keep;
  }

  /** RFC 6525 §5.2.2: an incoming stream reset restarts the SSN at 0 and forgets the stream's state. */
  resetStream(id: number): void {
    const s = this.streams.get(id);
    if (!s) return;
    for (const f of s.ordered) this.bytes -= f.end - f.start;
    for (const f of s.unordered) this.bytes -= f.end - f.start;
    if (s.waiting) for (const m of s.waiting.values()) this.bytes -= m.data.length;
    this.chunks -= s.ordered.length + s.unordered.length;
    this.streams.delete(id);
  }

  /** Exposed for bounded-memory assertions in tests. */
  get streamCount(): number {
    return this.streams.size;
  }
}
