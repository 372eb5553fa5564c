import * as dgram from 'node:dgram';
import { Certificate, type CipherSuiteName, computeFingerprint, nobleCrypto } from '../src/index.js';
import { DtlsSocket, type DtlsSocketOptions } from '../src/node/socket.js';
import {
  type CertFiles,
  findOpenssl,
  freeUdpPort,
  makeOpensslCerts,
  OpensslProcess,
  removeCerts,
} from './helpers/openssl.js';

const openssl = findOpenssl();
if (!openssl) console.warn('openssl not found: skipping the DTLS OpenSSL interop tests');
const describeIf = openssl ? describe : describe.skip;

const SRTP = ['-use_srtp', 'SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80'];
const EXPORT = ['-keymatexport', 'EXTRACTOR-dtls_srtp', '-keymatexportlen', '60'];

const OPENSSL_NAMES: Record<CipherSuiteName, string> = {
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-RSA-CHACHA20-POLY1305',
};

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();
const text = (s: string) => new TextEncoder().encode(s);

describeIf('interop with OpenSSL 3 (loopback)', () => {
  let certs: CertFiles | undefined;
  let proc: OpensslProcess | undefined;
  let socket: dgram.Socket | undefined;
  let dtls: DtlsSocket | undefined;
  const myCert = Certificate.generate();

  beforeAll(() => {
    certs = makeOpensslCerts(openssl!);
  });
  afterAll(() => removeCerts(certs));
  afterEach(async () => {
    dtls?.close();
    proc?.kill();
    if (socket) await new Promise<void>((r) => socket!.close(() => r()));
    proc = undefined;
    socket = undefined;
    dtls = undefined;
  });

  async function openSocket(): Promise<dgram.Socket> {
    const s = dgram.createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    socket = s;
    return s;
  }

  /**
   * Our DTLS client on a fresh loopback socket, to s_server on `port`: our certificate, OpenSSL's
   * EC certificate expected, a 200 ms first retransmission; `options` adds to or replaces these.
   */
  async function ourClient(port: number, options: Partial<DtlsSocketOptions> = {}): Promise<DtlsSocket> {
    const s = await openSocket();
    dtls = new DtlsSocket({
      role: 'client',
      certificate: myCert,
      socket: s,
      remote: { address: '127.0.0.1', port },
      expectedFingerprints: ecFingerprint(),
      initialRetransmitMs: 200,
      ...options,
    });
    return dtls;
  }

  /** Our DTLS server on a fresh loopback socket, expecting OpenSSL's EC certificate (see ourClient). */
  async function ourServer(options: Partial<DtlsSocketOptions> = {}): Promise<DtlsSocket> {
    const s = await openSocket();
    dtls = new DtlsSocket({
      role: 'server',
      certificate: myCert,
      socket: s,
      expectedFingerprints: ecFingerprint(),
      initialRetransmitMs: 200,
      ...options,
    });
    return dtls;
  }

  /** s_server on a free loopback port with the `kind` certificate and `extra` options, once it accepts. */
  async function opensslServer(kind: 'ec' | 'rsa', extra: string[]): Promise<number> {
    const port = await freeUdpPort();
    const c = certs!;
    proc = new OpensslProcess(openssl!, [
      's_server',
      '-dtls1_2',
      '-accept',
      `127.0.0.1:${port}`,
      '-cert',
      kind === 'ec' ? c.ecCert : c.rsaCert,
      '-key',
      kind === 'ec' ? c.ecKey : c.rsaKey,
      ...extra,
    ]);
    await proc.waitFor(/ACCEPT/);
    return port;
  }

  /** s_server with the EC certificate. */
  const ecServer = (extra: string[]) => opensslServer('ec', extra);

  /** s_client with the EC certificate and `extra` options, to our socket on `port`. */
  function ecClient(port: number, extra: string[]): OpensslProcess {
    const c = certs!;
    proc = new OpensslProcess(openssl!, [
      's_client',
      '-dtls1_2',
      ...extra,
      '-connect',
      `127.0.0.1:${port}`,
      '-cert',
      c.ecCert,
      '-key',
      c.ecKey,
      ...SRTP,
      ...EXPORT,
    ]);
    return proc;
  }

  /** The fingerprint of OpenSSL's EC certificate, as our side expects it. */
  const ecFingerprint = () => [
    { algorithm: 'sha-256' as const, value: computeFingerprint('sha-256', certs!.ecDer) },
  ];

  /** Wait for connected, exchange a line both ways, compare exported keying material. */
  async function exercise(
    d: DtlsSocket,
    p: OpensslProcess,
    suite: CipherSuiteName,
    profile = 'SRTP_AEAD_AES_128_GCM',
  ): Promise<void> {
    const received: string[] = [];
    d.on('data', (b) => received.push(Buffer.from(b).toString()));
    const errors: unknown[] = [];
    d.on('error', (e) => errors.push(e));
    const info = await new Promise<{ cipherSuite: string; srtpProfile?: string | undefined }>(
      (resolve, reject) => {
        d.on('connected', resolve);
        d.on('close', () => reject(new Error(`closed before connected: ${String(errors[0])}\n${p.output}`)));
      },
    );
    expect(info.cipherSuite).toBe(suite);
    expect(info.srtpProfile).toBe(profile);
    expect(await p.keyingMaterial()).toBe(hex(d.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60)));
    const opensslProfile = profile === 'SRTP_AES128_CM_HMAC_SHA1_80' ? 'SRTP_AES128_CM_SHA1_80' : profile;
    expect(p.output).toContain(`SRTP Extension negotiated, profile=${opensslProfile}`);
    d.send(text('hello-from-node\n'));
    await p.waitFor(/hello-from-node/);
    p.write('hello-from-openssl\n');
    for (let i = 0; i < 100 && !received.join('').includes('hello-from-openssl'); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(received.join('')).toContain('hello-from-openssl');
    expect(errors).toEqual([]);
  }

  const clientCases: [CipherSuiteName, 'ec' | 'rsa', string[]][] = [
    ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'ec', []],
    ['TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'ec', []],
    ['TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'ec', []],
    [
      'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      'rsa',
      ['-sigalgs', 'RSA-PSS+SHA256', '-client_sigalgs', 'ECDSA+SHA256'],
    ],
    [
      'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
      'rsa',
      ['-sigalgs', 'RSA+SHA256', '-client_sigalgs', 'ECDSA+SHA256'],
    ],
    [
      'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
      'rsa',
      ['-sigalgs', 'RSA+SHA384', '-client_sigalgs', 'ECDSA+SHA256'],
    ],
  ];

  for (const [suite, kind, extra] of clientCases) {
    it(`our client -> s_server: ${suite} ${extra.join(' ')}`, async () => {
      const port = await opensslServer(kind, [
        '-cipher',
        OPENSSL_NAMES[suite],
        '-Verify',
        '1',
        ...extra,
        ...SRTP,
        ...EXPORT,
      ]);
      const der = kind === 'ec' ? certs!.ecDer : certs!.rsaDer;
      const d = await ourClient(port, {
        expectedFingerprints: [
          { algorithm: 'sha-256', value: computeFingerprint('sha-256', der).toLowerCase() },
        ],
      });
      await exercise(d, proc!, suite);
      // OpenSSL saw and accepted our self-signed client certificate.
      expect(proc!.output).toContain('Client certificate');
    });
  }

  for (const suite of [
    'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
    'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
    'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  ] as const) {
    it(`s_client -> our server: ${suite}`, async () => {
      const c = certs!;
      const d = await ourServer();
      proc = new OpensslProcess(openssl!, [
        's_client',
        '-dtls1_2',
        '-connect',
        `127.0.0.1:${socket!.address().port}`,
        '-cert',
        c.ecCert,
        '-key',
        c.ecKey,
        '-cipher',
        OPENSSL_NAMES[suite],
        ...SRTP,
        ...EXPORT,
      ]);
      await exercise(d, proc, suite);
    });
  }

  it('our client (MTU 300, P-256 only) -> s_server: our fragmented flight 5 is reassembled by OpenSSL', async () => {
    const port = await ecServer(['-Verify', '1', ...SRTP, ...EXPORT]);
    const d = await ourClient(port, {
      groups: ['secp256r1'],
      srtpProfiles: ['SRTP_AES128_CM_HMAC_SHA1_80', 'SRTP_AEAD_AES_128_GCM'],
      mtu: 300,
    });
    // The server chooses the profile (RFC 5764 §4.1.1): OpenSSL takes the first of its own list.
    await exercise(d, proc!, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'SRTP_AEAD_AES_128_GCM');
    expect(proc!.output).toContain('Shared groups: secp256r1');
  });

  it('s_client (-mtu 400) -> our server (MTU 400, P-256, SHA1_80 preferred): flight 4 fragmented', async () => {
    const d = await ourServer({
      groups: ['secp256r1'],
      srtpProfiles: ['SRTP_AES128_CM_HMAC_SHA1_80', 'SRTP_AEAD_AES_128_GCM'],
      mtu: 400,
    });
    const client = ecClient(socket!.address().port, ['-mtu', '400']);
    await exercise(d, client, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'SRTP_AES128_CM_HMAC_SHA1_80');
  });

  it('our client offers record_size_limit (RFC 8449) -> s_server (-msg): still connects, nothing negotiated', async () => {
    const port = await ecServer(['-Verify', '1', '-msg', ...SRTP, ...EXPORT]);
    const d = await ourClient(port, { recordSizeLimit: 1200 });
    await exercise(d, proc!, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256');
    // OpenSSL's -msg hex dump of what it received: type 28, length 2, 1200 = 0x04b0.
    const dumped = proc!.output
      .split('\n')
      .filter((l) => /^\s+[0-9a-f]{2}( [0-9a-f]{2})*\s*$/i.test(l))
      .join('')
      .replace(/\s/g, '')
      .toLowerCase();
    expect(dumped).toContain('001c000204b0');
    // OpenSSL 3.0 does not implement RFC 8449 for (D)TLS 1.2: it ignores the extension.
    expect(d.endpoint.peerRecordSizeLimit).toBeUndefined();
  });

  it('s_client -> our server offering record_size_limit: connects, nothing negotiated', async () => {
    const d = await ourServer({ recordSizeLimit: 1200 });
    await exercise(d, ecClient(socket!.address().port, []), 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256');
    expect(d.endpoint.peerRecordSizeLimit).toBeUndefined();
  });

  it("our False Start client -> s_server: data sent before the server's Finished reaches OpenSSL", async () => {
    // RFC 7918: the client's application data follows its Finished, ahead of the server's flight 6.
    // A second DTLS server implementation (besides ours) must take it once its handshake completes.
    const port = await ecServer(['-Verify', '1', ...SRTP, ...EXPORT]);
    const d = await ourClient(port, { falseStart: true });
    const order: string[] = [];
    d.on('false-start', () => {
      order.push('false-start');
      d.send(text('sent-on-false-start\n'));
    });
    const connected = new Promise<void>((resolve, reject) => {
      d.on('connected', () => resolve());
      d.on('close', () => reject(new Error(`closed before connected\n${proc!.output}`)));
    });
    await connected;
    order.push('connected');
    expect(order).toEqual(['false-start', 'connected']);
    await proc!.waitFor(/sent-on-false-start/);
  });

  it('s_server with the wrong expected fingerprint: we abort with bad_certificate', async () => {
    const port = await ecServer([]);
    const d = await ourClient(port, {
      expectedFingerprints: [{ algorithm: 'sha-256', value: computeFingerprint('sha-256', certs!.rsaDer) }],
    });
    const err = await new Promise<{ code: string }>((resolve) => d.on('error', resolve));
    expect(err.code).toBe('bad-fingerprint');
    await proc!.waitFor(/bad certificate|alert/i);
  });

  it.each([
    'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
    'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  ] as const)('pure-JS noble backend, our client -> s_server: %s', async (suite) => {
    const port = await ecServer(['-cipher', OPENSSL_NAMES[suite], '-Verify', '1', ...SRTP, ...EXPORT]);
    const d = await ourClient(port, { crypto: nobleCrypto });
    await exercise(d, proc!, suite);
  });
});
