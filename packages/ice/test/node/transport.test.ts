import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hostAddresses } from '../../src/node/index.js';
import { loopback, waitFor, wire } from './helpers.js';

describe('IceTransport (Node driver) on 127.0.0.1', () => {
  it('two transports connect and exchange data, then close', async () => {
    const a = loopback({ role: 'controlling' });
    const b = loopback({ role: 'controlled' });
    try {
      wire(a, b);
      const ca = waitFor(a, 'selected-pair');
      const cb = waitFor(b, 'selected-pair');
      await Promise.all([a.gather(), b.gather()]);
      await Promise.all([ca, cb]);
      const got = waitFor(b, 'data');
      expect(a.send(new Uint8Array([0x17, 0xfe, 0xfd]))).toBe(true);
      expect(Array.from((await got).data)).toEqual([0x17, 0xfe, 0xfd]);
    } finally {
      a.close();
      b.close();
    }
    expect(a.agent.connectionState).toBe('closed');
    expect(a.agent.nextDeadline()).toBeUndefined();
  });

  it('connects over IPv6 loopback', async () => {
    const a = loopback({ role: 'controlling', addresses: ['::1'] });
    const b = loopback({ role: 'controlled', addresses: ['::1'] });
    try {
      wire(a, b);
      const sel = waitFor(a, 'selected-pair');
      await Promise.all([a.gather(), b.gather()]);
      expect((await sel).pair.remoteAddress.address).toBe('::1');
    } finally {
      a.close();
      b.close();
    }
  });

  it('resolves remote .local candidates through an injected resolver', async () => {
    const names: string[] = [];
    const a = loopback({
      role: 'controlling',
      mdnsResolver: async (name) => {
        names.push(name);
        return '127.0.0.1';
      },
    });
    const b = loopback({ role: 'controlled' });
    try {
      a.setRemoteCredentials(b.agent.localUfrag, b.agent.localPwd);
      b.setRemoteCredentials(a.agent.localUfrag, a.agent.localPwd);
      a.on('local-candidate', (e) => b.addRemoteCandidate(e.candidate));
      // b's host candidates reach a under an mDNS name, as browsers send them
      b.on('local-candidate', (e) =>
        a.addRemoteCandidate({ ...e.candidate, address: 'b0b0b0b0-1111-2222-3333-444455556666.local' }),
      );
      const sel = waitFor(a, 'selected-pair');
      await Promise.all([a.gather(), b.gather()]);
      await sel;
      expect(names).toEqual(['b0b0b0b0-1111-2222-3333-444455556666.local']);
    } finally {
      a.close();
      b.close();
    }
  });

  it('binds inside a port range and enumerates interfaces without loopback by default', async () => {
    expect(hostAddresses().some((a) => a.address === '127.0.0.1')).toBe(false);
    expect(hostAddresses({ includeLoopback: true, ipv6: false }).some((a) => a.address === '127.0.0.1')).toBe(
      true,
    );
    const t = loopback({ role: 'controlled', portRange: [41000, 41010] });
    try {
      const c = waitFor(t, 'local-candidate');
      await t.gather();
      const port = (await c).candidate.port;
      expect(port).toBeGreaterThanOrEqual(41000);
      expect(port).toBeLessThanOrEqual(41010);
    } finally {
      t.close();
    }
  });

  it('a process that connects and closes two agents exits by itself', async () => {
    const script = fileURLToPath(new URL('./exit-child.mjs', import.meta.url));
    const dist = fileURLToPath(new URL('../../dist/node/index.js', import.meta.url));
    expect(existsSync(dist)).toBe(true); // run `pnpm --filter @rtc/ice build` first
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 8000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(out).toContain('connected');
    expect(code).toBe(0);
  });
});
