import makeMdns from 'multicast-dns';
import { familyOf } from '../candidate/address.js';

/**
 * Resolves an mDNS `.local` name to an IP, or undefined when nobody answers in time. An aborted
 * `signal` gives up at once (undefined) and releases whatever the query holds.
 */
export type MdnsResolver = (name: string, signal?: AbortSignal) => Promise<string | undefined>;

/**
 * The default resolver: one multicast-dns query for A and AAAA records (RFC 6762), answered by the
 * first matching response, given up after `timeoutMs` or when `signal` aborts. The socket lives only
 * for the query; a caller that closes aborts, so no query keeps a finished process alive.
 */
export function multicastDnsResolver(timeoutMs = 3000): MdnsResolver {
  return (name, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) {
        resolve(undefined);
        return;
      }
      let mdns: ReturnType<typeof makeMdns>;
      try {
        mdns = makeMdns();
      } catch {
        resolve(undefined);
        return;
      }
      const lower = name.toLowerCase();
      const finish = (ip: string | undefined) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        mdns.removeAllListeners();
        mdns.on('error', () => {});
        mdns.destroy();
        resolve(ip);
      };
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      const onAbort = () => finish(undefined);
      signal?.addEventListener('abort', onAbort, { once: true });
      mdns.on('error', () => finish(undefined));
      mdns.on('response', (response) => {
        for (const a of response.answers ?? []) {
          if ((a.type === 'A' || a.type === 'AAAA') && a.name.toLowerCase() === lower) {
            const ip = String(a.data);
            if (familyOf(ip)) return finish(ip);
          }
        }
      });
      mdns.query({
        questions: [
          { name, type: 'A' },
          { name, type: 'AAAA' },
        ],
      });
    });
}
