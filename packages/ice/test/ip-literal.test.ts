import { isIP } from 'node:net';
import fc from 'fast-check';
import { ipFamily, isIPv4, isIPv6 } from '../src/index.js';

// The IP literal scan (src/candidate/ip-literal.ts) gives node:net's isIP answer: on hand-picked
// edge cases (zones, brackets, compression, IPv4 tails, leading zeros) and on fuzzed strings.

const EDGES = [
  '',
  '::',
  '::1',
  ':::',
  ':',
  '1:',
  ':1',
  '::1:',
  '127.0.0.1',
  '0.0.0.0',
  '255.255.255.255',
  '256.1.1.1',
  '01.2.3.4',
  '1.2.3',
  '1.2.3.4.5',
  '1.2.3.4.',
  '.1.2.3.4',
  '1..2.3',
  '1.2.3.4%eth0',
  'fe80::1%eth0',
  'fe80::1%',
  'fe80::1%eth0%x',
  'fe80::1%1',
  'fe80::1%en-0.1:2',
  'fe80::1%eth 0',
  '%eth0',
  '[::1]',
  '[fe80::1%eth0]',
  '2001:db8::1',
  '2001:0DB8:0:0:0:0:0:1',
  '2001:0db8:00000::1',
  '::ffff:192.0.2.1',
  '::ffff:1.2.3',
  '::192.0.2.1',
  '::1.2.3.4.5',
  '1::1.2.3.4',
  '1:2:3:4:5:6:1.2.3.4',
  '1:2:3:4:5:6:7:1.2.3.4',
  '1:2:3:4:5::1.2.3.4',
  '1:2:3:4:5:6::1.2.3.4',
  'a:b:c:d:e:f:1.2.3.4',
  '::a.1.2.3',
  '1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7:8:9',
  '1:2:3:4:5:6:7::',
  '::2:3:4:5:6:7:8',
  '1:2:3:4::5:6:7:8',
  '1::2::3',
  ':1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7:8:',
  '12345::1',
  'g::1',
  'G::1',
  'example.com',
  ' ::1',
  '::1 ',
  'fd00::2',
  'fe80::fc:ff:fe00:1',
];

describe('IP literals classified as node:net isIP does', () => {
  test.each(EDGES)('%j', (text) => {
    expect(ipFamily(text)).toBe(isIP(text));
    expect(isIPv4(text)).toBe(isIP(text) === 4);
    expect(isIPv6(text)).toBe(isIP(text) === 6);
  });

  test('fuzzed strings of address characters', () => {
    const char = fc.constantFrom(...'0123456789abcdefABCDEFgz:.%-[] '.split(''));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 48 }), (chars) => {
        const text = chars.join('');
        expect(ipFamily(text)).toBe(isIP(text));
      }),
      { numRuns: 20000 },
    );
  }, 30_000);

  test('fuzzed IPv6 shapes: groups, one or two "::", IPv4 tails, zones', () => {
    const group = fc.oneof(
      fc.stringMatching(/^[0-9a-fA-F]{0,5}$/),
      fc.constantFrom('1.2.3.4', '255.0.0.1', '01.2.3.4', '1.2.3', '0'),
    );
    const sep = fc.constantFrom(':', ':', ':', '::', ':::', '.');
    const zone = fc.oneof(fc.constant(''), fc.stringMatching(/^%[0-9a-zA-Z.:% -]{0,6}$/));
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.tuple(group, sep), { maxLength: 10 }),
        group,
        zone,
        (lead, parts, last, z) => {
          const text = (lead ? '::' : '') + parts.map(([g, s]) => g + s).join('') + last + z;
          expect(ipFamily(text)).toBe(isIP(text));
        },
      ),
      { numRuns: 20000 },
    );
  }, 30_000);
});
