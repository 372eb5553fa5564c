import { Certificate, DtlsEndpoint, type DtlsEndpointOptions, type DtlsEvent } from '../../src/index.js';

export interface Pair {
  client: DtlsEndpoint;
  server: DtlsEndpoint;
  clientEvents: DtlsEvent[];
  serverEvents: DtlsEvent[];
  clientCert: Certificate;
  serverCert: Certificate;
}

const certs: Certificate[] = [];
/** Two certificates shared by tests (generation is cheap, but keep runs quick). */
export function testCertificates(): [Certificate, Certificate] {
  while (certs.length < 2) certs.push(Certificate.generate());
  return [certs[0]!, certs[1]!];
}

export function makePair(
  clientOpts: Partial<DtlsEndpointOptions> = {},
  serverOpts: Partial<DtlsEndpointOptions> = {},
): Pair {
  const [clientCert, serverCert] = testCertificates();
  const client = new DtlsEndpoint({
    role: 'client',
    certificate: clientCert,
    expectedFingerprints: [serverCert.sdpFingerprint()],
    ...clientOpts,
  });
  const server = new DtlsEndpoint({
    role: 'server',
    certificate: serverCert,
    expectedFingerprints: [clientCert.sdpFingerprint()],
    ...serverOpts,
  });
  return { client, server, clientEvents: [], serverEvents: [], clientCert, serverCert };
}

export function drainEvents(e: DtlsEndpoint, into: DtlsEvent[]): void {
  for (let ev = e.pollEvent(); ev; ev = e.pollEvent()) into.push(ev);
}

/**
 * Run both endpoints over a perfect in-memory pipe with a virtual clock until `until` holds.
 * `filter` may drop or rewrite datagrams (return undefined to drop).
 */
export function runPair(
  p: Pair,
  until: () => boolean,
  opts: {
    maxTime?: number;
    filter?: (d: Uint8Array, from: 'client' | 'server') => Uint8Array | undefined;
  } = {},
): number {
  let now = 0;
  const maxTime = opts.maxTime ?? 10_000;
  p.client.start(now);
  for (let steps = 0; steps < 100_000; steps++) {
    let moved = false;
    for (let d = p.client.pollTransmit(); d; d = p.client.pollTransmit()) {
      moved = true;
      const x = opts.filter ? opts.filter(d, 'client') : d;
      if (x) p.server.handleDatagram(x, now);
    }
    for (let d = p.server.pollTransmit(); d; d = p.server.pollTransmit()) {
      moved = true;
      const x = opts.filter ? opts.filter(d, 'server') : d;
      if (x) p.client.handleDatagram(x, now);
    }
    drainEvents(p.client, p.clientEvents);
    drainEvents(p.server, p.serverEvents);
    if (until()) return now;
    if (moved) continue;
    const deadlines = [p.client.nextDeadline(), p.server.nextDeadline()].filter(
      (x): x is number => x !== undefined,
    );
    if (deadlines.length === 0) return now;
    now = Math.max(now, Math.min(...deadlines));
    if (now > maxTime) return now;
    p.client.handleTimeout(now);
    p.server.handleTimeout(now);
  }
  return now;
}

export const connected = (events: DtlsEvent[]): boolean => events.some((e) => e.type === 'connected');
