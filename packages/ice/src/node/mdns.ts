import makeMdns from 'multicast-dns';
import { familyOf } from '../candidate/address.js';

/** Resolves an mDNS `.local` name to an IP, or undefined when nobody answers in time. */
export type MdnsResolver = (name: string) => Promise<string | undefined>;

/**
 * The default resolver: one multicast-dns query for A and AAAA records (RFC 6762), answered by the
 * first matching response, given up after `timeoutMs`. The socket lives only for the query.
 */
export function multicastDnsResolver(timeoutMs = 3000): MdnsResolver {
  return (name) =>
    new Promise((resolve) => {
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
        mdns.removeAllListeners();
        mdns.on('error', () => {});
        mdns.destroy();
        resolve(ip);
      };
      const timer = setTimeout(() => finish(undefined), timeoutMs);
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
