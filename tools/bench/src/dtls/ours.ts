import { Certificate, type CryptoBackend, DtlsEndpoint, nodeCrypto, type RecordAeadFactory } from '@rtc/dtls';

export interface OurPair {
  client: DtlsEndpoint;
  server: DtlsEndpoint;
}

const clientCert = Certificate.generate();
const serverCert = Certificate.generate();

/** Shuttle datagrams between the two endpoints until neither has anything to send. */
function pump(p: OurPair, now: number): void {
  for (let moved = true; moved; ) {
    moved = false;
    for (let d = p.client.pollTransmit(); d; d = p.client.pollTransmit()) {
      moved = true;
      p.server.handleDatagram(d, now);
    }
    for (let d = p.server.pollTransmit(); d; d = p.server.pollTransmit()) {
      moved = true;
      p.client.handleDatagram(d, now);
    }
  }
}

/** One full handshake (cookie exchange, mutual ECDSA auth, X25519, AES-128-GCM) over an in-memory pipe. */
export function ourHandshake(crypto: CryptoBackend = nodeCrypto, recordAead?: RecordAeadFactory): OurPair {
  const p: OurPair = {
    client: new DtlsEndpoint({
      role: 'client',
      certificate: clientCert,
      expectedFingerprints: [serverCert.sdpFingerprint()],
      cipherSuites: ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'],
      crypto,
      ...(recordAead ? { recordAead } : {}),
    }),
    server: new DtlsEndpoint({
      role: 'server',
      certificate: serverCert,
      expectedFingerprints: [clientCert.sdpFingerprint()],
      crypto,
      ...(recordAead ? { recordAead } : {}),
    }),
  };
  p.client.start(0);
  pump(p, 0);
  if (!p.client.isConnected || !p.server.isConnected) throw new Error('@rtc/dtls handshake did not complete');
  while (p.client.pollEvent());
  while (p.server.pollEvent());
  return p;
}
