import { Network } from '@rtc-tools/netsim';
import { DtlsEndpoint, type DtlsEvent } from '../src/index.js';
import { testCertificates } from './helpers/pair.js';

interface Side {
  ep: DtlsEndpoint;
  events: DtlsEvent[];
}

/** Run one handshake between two netsim hosts; returns both sides and the virtual time taken. */
function handshakeOverNetsim(opts: { seed: number; loss: number; mtu: number; clientOnA: boolean }): {
  a: Side;
  b: Side;
  now: number;
  done: boolean;
} {
  const [certA, certB] = testCertificates();
  const net = new Network({ seed: opts.seed });
  const hostA = net.addHost('10.0.0.1');
  const hostB = net.addHost('10.0.0.2');
  net.setLink(hostA, hostB, {
    delay: 25,
    jitter: 10,
    loss: opts.loss,
    reorder: 0.1,
    duplicate: 0.05,
    mtu: opts.mtu,
  });
  const make = (client: boolean, mine: typeof certA, theirs: typeof certA): Side => ({
    ep: new DtlsEndpoint({
      role: client ? 'client' : 'server',
      certificate: mine,
      expectedFingerprints: [theirs.sdpFingerprint()],
      mtu: opts.mtu,
      // At 50% loss each way a request/answer pair gets through one time in four, so the default
      // budget of 10 retransmissions fails ~4% of handshakes; give the lossy runs more attempts.
      maxRetransmits: 24,
    }),
    events: [],
  });
  const a = make(opts.clientOnA, certA, certB);
  const b = make(!opts.clientOnA, certB, certA);
  const wire = (side: Side, host: typeof hostA, port: number, peer: { ip: string; port: number }) => {
    const flush = () => {
      for (let d = side.ep.pollTransmit(); d; d = side.ep.pollTransmit()) sock.send(peer, d);
      for (let e = side.ep.pollEvent(); e; e = side.ep.pollEvent()) side.events.push(e);
    };
    const sock = host.bind(port, (d, now) => {
      side.ep.handleDatagram(d.data, now);
      flush();
    });
    net.addTimer({
      nextDeadline: () => side.ep.nextDeadline(),
      fire: (now) => {
        side.ep.handleTimeout(now);
        flush();
      },
    });
  };
  wire(a, hostA, 5000, { ip: '10.0.0.2', port: 6000 });
  wire(b, hostB, 6000, { ip: '10.0.0.1', port: 5000 });
  const up = (s: Side) => s.events.some((e) => e.type === 'connected');
  const r = net.runUntil(() => up(a) && up(b), { maxTime: 3_600_000 });
  expect(net.stats.dropped.mtu ?? 0).toBe(0); // every datagram respected the MTU
  if (process.env.NETSIM_DEBUG) console.log(opts, r, net.stats, a.ep.stats, b.ep.stats);
  return { a, b, now: r.now, done: r.done };
}

const SEEDS = (process.env.NETSIM_SEEDS ?? '1,2,3,4,5').split(',').map(Number);

describe('handshake over netsim with loss, reordering and duplication', () => {
  for (const loss of [0, 0.1, 0.2, 0.5]) {
    for (const mtu of [576, 1200]) {
      for (const clientOnA of [true, false]) {
        it.each(SEEDS)(
          `loss ${loss * 100}%, mtu ${mtu}, client on ${clientOnA ? 'A' : 'B'}, seed %i`,
          (seed) => {
            const { a, b, done } = handshakeOverNetsim({ seed, loss, mtu, clientOnA });
            expect(done).toBe(true);
            for (const s of [a, b]) {
              expect(s.events.filter((e) => e.type === 'error')).toEqual([]);
              expect(s.ep.isConnected).toBe(true);
            }
            expect(Buffer.from(a.ep.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60))).toEqual(
              Buffer.from(b.ep.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60)),
            );
          },
        );
      }
    }
  }
});
