import { lookup } from 'node:dns';
import { literalLookup } from '../src/node/index.js';

// dgram's lookup for ICE sockets (src/node/literal-lookup.ts): IP literals are answered before the
// call returns, with their family; names go through dns.lookup.
describe('literalLookup', () => {
  test('IPv4 and IPv6 text, with a zone or not, answered at once with its family', () => {
    const answers: [unknown, string, number][] = [];
    for (const address of [
      '192.0.2.1',
      '127.0.0.1',
      '::1',
      '2001:db8::1',
      'fe80::1%eth0',
      '::ffff:192.0.2.1',
    ])
      literalLookup(address, 0, (err, a, family) => answers.push([err, a, family]));
    expect(answers).toEqual([
      [null, '192.0.2.1', 4],
      [null, '127.0.0.1', 4],
      [null, '::1', 6],
      [null, '2001:db8::1', 6],
      [null, 'fe80::1%eth0', 6],
      [null, '::ffff:192.0.2.1', 6],
    ]);
  });

  test('a name resolves as dns.lookup resolves it', async () => {
    const viaName = await new Promise<[string, number]>((resolve, reject) =>
      literalLookup('localhost', 4, (err, address, family) =>
        err ? reject(err) : resolve([address, family]),
      ),
    );
    const expected = await new Promise<string>((resolve, reject) =>
      lookup('localhost', 4, (err, address) => (err ? reject(err) : resolve(address))),
    );
    expect(viaName).toEqual([expected, 4]);
  }, 10_000);
});
