import { Certificate, computeFingerprint, DtlsEndpoint } from '@rtc/dtls';
import { weriftPeer } from './werift.js';

/**
 * Interop check before timing anything: @rtc/dtls as client against a werift-dtls server and as
 * server against a werift client, with SRTP, exporter comparison and data both ways.
 */
export async function crossCheck(role: 'client' | 'server'): Promise<string> {
  const cert = Certificate.generate();
  let toWerift: (d: Buffer) => void = () => {};
  // The fingerprint is set once werift's certificate is known (the late-fingerprint path).
  const ours = new DtlsEndpoint({
    role,
    certificate: cert,
    srtpProfiles: ['SRTP_AEAD_AES_128_GCM', 'SRTP_AES128_CM_HMAC_SHA1_80'],
  });
  const w = await weriftPeer(role === 'client' ? 'server' : 'client', (d) => {
    ours.handleDatagram(d, 0);
    flush();
  });
  ours.setRemoteFingerprints([{ algorithm: 'sha-256', value: computeFingerprint('sha-256', w.certDer) }]);
  toWerift = w.deliver;
  let connected = false;
  const received: string[] = [];
  function flush(): void {
    for (let d = ours.pollTransmit(); d; d = ours.pollTransmit()) {
      const copy = Buffer.from(d);
      queueMicrotask(() => toWerift(copy));
    }
    for (let e = ours.pollEvent(); e; e = ours.pollEvent()) {
      if (e.type === 'connected') connected = true;
      if (e.type === 'data') received.push(Buffer.from(e.data).toString());
      if (e.type === 'error') throw e.error;
    }
  }
  ours.start(0);
  flush();
  await w.connected;
  for (let i = 0; i < 200 && !connected; i++) await new Promise((r) => setTimeout(r, 5));
  if (!connected) throw new Error(`@rtc/dtls ${role} did not connect to werift`);
  const a = Buffer.from(ours.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60)).toString('hex');
  const b = w.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60).toString('hex');
  if (a !== b) throw new Error('exported keying material differs from werift');
  ours.send(new TextEncoder().encode('from-rtc'));
  flush();
  const got = await w.nextData;
  await w.send(Buffer.from('from-werift'));
  for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
  w.close();
  if (got !== 'from-rtc' || received[0] !== 'from-werift') throw new Error('data did not cross');
  return `@rtc ${role} <-> werift ${role === 'client' ? 'server' : 'client'}: connected, SRTP keys equal, data both ways`;
}
