import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IceTransport } from '../../src/node/index.js';
import { loopback, waitFor, wire } from './helpers.js';

function which(cmd: string): string | undefined {
  try {
    return execFileSync('which', [cmd], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const turnserver = which('turnserver');
const maybe = turnserver ? describe : describe.skip;
if (!turnserver) console.warn('coturn (turnserver) is not installed: skipping the coturn interop tests');

maybe('against coturn on 127.0.0.1', () => {
  let proc: ChildProcess;
  let port: number;
  let tlsPort: number;
  let dir: string;
  let cert: string;
  const open: IceTransport[] = [];

  beforeAll(async () => {
    port = await freePort();
    tlsPort = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'ice-coturn-'));
    // A throw-away self-signed certificate for 127.0.0.1 so TURN over TLS can be verified.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const min = 50000 + Math.floor(Math.random() * 5000);
    proc = spawn(
      turnserver!,
      [
        '--listening-ip=127.0.0.1',
        '--relay-ip=127.0.0.1',
        `--listening-port=${port}`,
        '--user=u:p',
        '--realm=r',
        '--lt-cred-mech',
        '--allow-loopback-peers',
        '--no-cli',
        `--tls-listening-port=${tlsPort}`,
        `--cert=${join(dir, 'cert.pem')}`,
        `--pkey=${join(dir, 'key.pem')}`,
        '--no-dtls',
        `--min-port=${min}`,
        `--max-port=${min + 200}`,
        `--pidfile=${join(dir, 'turn.pid')}`,
        '--no-stdout-log',
        `--log-file=${join(dir, 'turn.log')}`,
      ],
      { stdio: 'ignore' },
    );
    // wait until it answers on TCP
    const deadline = Date.now() + 5000;
    for (;;) {
      const up = await new Promise<boolean>((resolve) => {
        const s = require_net().connect(port, '127.0.0.1');
        s.once('connect', () => {
          s.destroy();
          resolve(true);
        });
        s.once('error', () => resolve(false));
      });
      if (up) break;
      if (Date.now() > deadline) throw new Error('turnserver did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterEach(() => {
    for (const t of open.splice(0)) t.close();
  });

  afterAll(async () => {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  });

  const make = (role: 'controlling' | 'controlled', transport: 'udp' | 'tcp' | 'tls', extra = {}) => {
    const t = loopback({
      role,
      turnServers: [
        {
          address: '127.0.0.1',
          port: transport === 'tls' ? tlsPort : port,
          transport,
          username: 'u',
          password: 'p',
        },
      ],
      turnTlsCa: cert,
      ...extra,
    });
    open.push(t);
    return t;
  };

  it.each(['udp', 'tcp', 'tls'] as const)('gathers a relay candidate over %s', async (transport) => {
    const t = make('controlling', transport);
    const relay = waitFor(t, 'local-candidate', (e) => e.candidate.type === 'relay');
    const complete = waitFor(t, 'gathering-state', (e) => e.state === 'complete');
    await t.gather();
    const c = (await relay).candidate;
    expect(c.address).toBe('127.0.0.1');
    expect(c.port).not.toBe(port);
    await complete;
  });

  it('TURN over TLS refuses a server certificate it cannot verify', async () => {
    const t = make('controlling', 'tls', { turnTlsCa: undefined });
    const complete = waitFor(t, 'gathering-state', (e) => e.state === 'complete');
    const error = waitFor(t, 'error');
    await t.gather();
    await Promise.all([complete, error]);
    expect(t.agent.getLocalCandidates().some((c) => c.type === 'relay')).toBe(false);
  });

  it("coturn's STUN answer gives a srflx candidate", async () => {
    const t = loopback({
      role: 'controlled',
      stunServers: [{ address: '127.0.0.1', port }],
      keepRedundantSrflx: true,
    });
    open.push(t);
    const srflx = waitFor(t, 'local-candidate', (e) => e.candidate.type === 'srflx');
    await t.gather();
    const c = (await srflx).candidate;
    expect(c.address).toBe('127.0.0.1');
    expect(c.relatedPort).toBe(c.port);
  });

  it.each([
    ['udp', 'udp'],
    ['tcp', 'udp'],
    ['tcp', 'tcp'],
    ['tls', 'udp'],
  ] as const)('two agents connect relay-to-relay through coturn (%s / %s)', async (ta, tb) => {
    // iceTransportPolicy 'relay' on both sides: the path must go through coturn at both ends.
    const a = make('controlling', ta, { relayOnly: true });
    const b = make('controlled', tb, { relayOnly: true });
    a.setRemoteCredentials(b.agent.localUfrag, b.agent.localPwd);
    b.setRemoteCredentials(a.agent.localUfrag, a.agent.localPwd);
    a.on('local-candidate', (e) => b.addRemoteCandidate(e.candidate));
    b.on('local-candidate', (e) => a.addRemoteCandidate(e.candidate));
    const sa = waitFor(a, 'selected-pair');
    const sb = waitFor(b, 'selected-pair');
    await Promise.all([a.gather(), b.gather()]);
    const [pa, pb] = await Promise.all([sa, sb]);
    expect(pa.pair.relayed).toBe(true);
    expect(pb.pair.relayed).toBe(true);
    const got = waitFor(b, 'data', (e) => e.data.length === 1000);
    a.send(new Uint8Array(1000).fill(0x17));
    expect((await got).data.length).toBe(1000);
    const back = waitFor(a, 'data');
    b.send(new Uint8Array([0x80, 0x60]));
    expect(Array.from((await back).data)).toEqual([0x80, 0x60]);
    void wire;
  });
});

import { createRequire } from 'node:module';

function require_net(): typeof import('node:net') {
  return createRequire(import.meta.url)('node:net');
}
