import { createRequire } from 'node:module';

// werift-dtls 0.5.8 is CommonJS and its package.json "main" points at a file it does not ship
// (lib/index.js); the entry point really is lib/dtls/src/index.js.
type WeriftDtls = typeof import('werift-dtls/lib/dtls/src/index.js');
const werift = createRequire(import.meta.url)('werift-dtls/lib/dtls/src/index.js') as WeriftDtls;

interface PipeEnd {
  onData: (data: Buffer) => void;
  send: (data: Buffer) => Promise<void>;
  close: () => Promise<void>;
  closed: boolean;
  type: 'udp';
}

/** Two in-memory transports; delivery is deferred to a microtask like a socket callback would be. */
function pipe(): [PipeEnd, PipeEnd] {
  const mk = (): PipeEnd => ({
    onData: () => {},
    send: async () => {},
    close: async () => {},
    closed: false,
    type: 'udp',
  });
  const a = mk();
  const b = mk();
  a.send = async (d) => {
    queueMicrotask(() => b.onData(d));
  };
  b.send = async (d) => {
    queueMicrotask(() => a.onData(d));
  };
  return [a, b];
}

export interface WeriftPair {
  client: InstanceType<WeriftDtls['DtlsClient']>;
  server: InstanceType<WeriftDtls['DtlsServer']>;
}

let certs: { certPem: string; keyPem: string; signatureHash: { hash: 4; signature: 3 } } | undefined;

export async function weriftCertificate(): Promise<void> {
  certs = (await werift.CipherContext.createSelfSignedCertificateWithKey(
    { hash: werift.HashAlgorithm.sha256_4, signature: werift.SignatureAlgorithm.ecdsa_3 },
    werift.NamedCurveAlgorithm.secp256r1_23,
  )) as typeof certs;
}

/** One werift-dtls 0.5.8 handshake (ECDSA cert, certificate request, EMS) over the in-memory pipe. */
export async function weriftHandshake(): Promise<WeriftPair> {
  const c = certs!;
  const [ta, tb] = pipe();
  const opts = {
    cert: c.certPem,
    key: c.keyPem,
    signatureHash: c.signatureHash,
    certificateRequest: true,
    extendedMasterSecret: true,
  };
  // biome-ignore lint/suspicious/noExplicitAny: the in-memory transport satisfies werift's Transport structurally
  const server = new werift.DtlsServer({ ...opts, transport: tb as any });
  // biome-ignore lint/suspicious/noExplicitAny: see above
  const client = new werift.DtlsClient({ ...opts, transport: ta as any });
  const serverUp = new Promise<void>((r) => server.onConnect.once(() => r()));
  await client.connect();
  await serverUp;
  return { client, server };
}

export function closeWerift(p: WeriftPair): void {
  p.client.close();
  p.server.close();
}

export interface WeriftPeer {
  certDer: Buffer;
  connected: Promise<void>;
  nextData: Promise<string>;
  deliver: (d: Buffer) => void;
  send: (d: Buffer) => Promise<void>;
  exportKeyingMaterial: (label: string, n: number) => Buffer;
  close: () => void;
}

/** A werift-dtls endpoint whose transport hands datagrams to `out` (for the interop cross-check). */
export async function weriftPeer(role: 'client' | 'server', out: (d: Buffer) => void): Promise<WeriftPeer> {
  if (!certs) await weriftCertificate();
  const c = certs!;
  const transport = {
    onData: (_d: Buffer) => {},
    send: async (d: Buffer) => {
      queueMicrotask(() => out(d));
    },
    close: async () => {},
    closed: false,
    type: 'udp' as const,
  };
  const opts = {
    cert: c.certPem,
    key: c.keyPem,
    signatureHash: c.signatureHash,
    certificateRequest: true,
    extendedMasterSecret: true,
    srtpProfiles: [7, 1] as (1 | 7)[],
    // biome-ignore lint/suspicious/noExplicitAny: structural transport
    transport: transport as any,
  };
  const sock = role === 'server' ? new werift.DtlsServer(opts) : new werift.DtlsClient(opts);
  const connected =
    role === 'client'
      ? (sock as InstanceType<WeriftDtls['DtlsClient']>).connect()
      : new Promise<void>((r) => sock.onConnect.once(() => r()));
  const nextData = new Promise<string>((r) => sock.onData.once((d: Buffer) => r(d.toString())));
  const b64 = c.certPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return {
    certDer: Buffer.from(b64, 'base64'),
    connected,
    nextData,
    deliver: (d) => transport.onData(d),
    send: (d) => sock.send(d),
    exportKeyingMaterial: (label, n) => sock.exportKeyingMaterial(label, n),
    close: () => sock.close(),
  };
}
