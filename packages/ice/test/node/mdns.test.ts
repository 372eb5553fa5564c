// The default mDNS resolver (src/node/mdns.ts). A real query would go out as multicast on the local
// link, which tests must not do; what is tested here needs no socket.
import { multicastDnsResolver } from '../../src/node/index.js';

describe('multicastDnsResolver', () => {
  it('an already aborted signal answers unresolved at once, without a query', async () => {
    const resolve = multicastDnsResolver(60_000);
    // Without the abort check this would wait for the 60 s timeout and the test time out at 10 s.
    await expect(
      resolve('0f1e2d3c-aaaa-4bbb-8ccc-123456789abc.local', AbortSignal.abort()),
    ).resolves.toBeUndefined();
  }, 10_000);
});
