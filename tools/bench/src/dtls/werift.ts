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
