// Resolution of the peer's mDNS host candidates (draft-ietf-mmusic-mdns-ice-candidates §3.2.1):
// browsers signal `<uuid>.local` instead of their addresses; the ICE agent parks such a candidate and
// asks its driver (event 'resolve-mdns') to resolve the name, then takes the answer via resolveMdns().
import { multicastDnsResolver } from '@rtc/ice/node';

/**
 * Resolves an mDNS `.local` name to an IP address, or undefined when it does not resolve. `signal`
 * aborts when the connection closes: a resolver holding a socket or timer should let go then.
 */
export type MdnsResolver = (name: string, signal?: AbortSignal) => Promise<string | undefined>;

/**
 * Names being resolved at once per connection. The names come from the remote peer, so without a
 * bound a peer could make us run (and, with the default resolver, open a socket for) one query per
 * candidate it invents; names beyond this are answered "unresolved" at once and counted.
 */
export const MAX_CONCURRENT_MDNS = 8;

/** What happened to the names the agent asked for (for tests and stats). */
export interface MdnsCounters {
  /** Queries handed to the resolver. */
  queried: number;
  /** Names answered unresolved without a query: MAX_CONCURRENT_MDNS were already running. */
  overLimit: number;
  /** Queries whose resolver threw or rejected (treated as unresolved). */
  failed: number;
  /** Answers that came after close() and were ignored. */
  late: number;
}

let defaultResolver: MdnsResolver | undefined;

/**
 * The default: one multicast DNS query (RFC 6762) per name, from @rtc/ice's Node driver. Its socket
 * is opened for that query only, so a connection that never receives a `.local` candidate opens none.
 */
function multicastResolver(): MdnsResolver {
  defaultResolver ??= multicastDnsResolver();
  return defaultResolver;
}

/**
 * The queries of one transport. `answer` receives every name exactly once (an IP or undefined),
 * never after close(): close() does not wait for a query still running, its answer is dropped.
 */
export class MdnsResolutions {
  readonly counters: MdnsCounters = { queried: 0, overLimit: 0, failed: 0, late: 0 };
  readonly #resolver: MdnsResolver;
  readonly #answer: (name: string, ip: string | undefined) => void;
  #running = 0;
  #closed = false;
  /** Made with the first query; aborted by close() so running queries release their sockets. */
  #abort: AbortController | undefined;

  constructor(resolver: MdnsResolver | undefined, answer: (name: string, ip: string | undefined) => void) {
    this.#resolver = resolver ?? multicastResolver();
    this.#answer = answer;
  }

  /** Queries still unanswered. */
  get running(): number {
    return this.#running;
  }

  /** Starts resolving `name`; the answer comes later (or now, unresolved, when over the limit). */
  resolve(name: string): void {
    if (this.#closed) return;
    if (this.#running >= MAX_CONCURRENT_MDNS) {
      this.counters.overLimit++;
      this.#answer(name, undefined);
      return;
    }
    this.#running++;
    this.counters.queried++;
    let query: Promise<string | undefined>;
    try {
      // Promise.resolve: an injected resolver may return a plain value despite its type.
      this.#abort ??= new AbortController();
      query = Promise.resolve(this.#resolver(name, this.#abort.signal));
    } catch {
      query = Promise.reject(new Error('resolver threw'));
    }
    query.then(
      (ip) => this.#settle(name, typeof ip === 'string' ? ip : undefined),
      () => {
        this.counters.failed++;
        this.#settle(name, undefined);
      },
    );
  }

  #settle(name: string, ip: string | undefined): void {
    this.#running--;
    if (this.#closed) {
      this.counters.late++;
      return;
    }
    this.#answer(name, ip);
  }

  /** Later answers are ignored; running queries are not waited for, they are told to stop. */
  close(): void {
    this.#closed = true;
    this.#abort?.abort();
  }
}
