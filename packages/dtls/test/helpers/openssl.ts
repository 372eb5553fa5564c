import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import * as dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Path of the openssl binary, or undefined when it is not installed. */
export function findOpenssl(): string | undefined {
  for (const p of ['/usr/bin/openssl', '/usr/local/bin/openssl']) {
    try {
      execFileSync(p, ['version'], { stdio: 'ignore' });
      return p;
    } catch {}
  }
  try {
    return execFileSync('sh', ['-c', 'command -v openssl'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface CertFiles {
  dir: string;
  ecCert: string;
  ecKey: string;
  rsaCert: string;
  rsaKey: string;
  ecDer: Uint8Array;
  rsaDer: Uint8Array;
}

function pemToDer(path: string): Uint8Array {
  const pem = readFileSync(path, 'utf8');
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/** An ECDSA P-256 and an RSA-2048 self-signed certificate made by openssl in a fresh tmp dir. */
export function makeOpensslCerts(openssl: string): CertFiles {
  const dir = mkdtempSync(join(tmpdir(), 'rtc-dtls-openssl-'));
  const f = (n: string) => join(dir, n);
  const run = (...args: string[]) => execFileSync(openssl, args, { stdio: 'ignore' });
  run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f('ec.key'));
  run(
    'req',
    '-new',
    '-x509',
    '-key',
    f('ec.key'),
    '-out',
    f('ec.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=openssl-ec',
  );
  run(
    'req',
    '-new',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('rsa.key'),
    '-out',
    f('rsa.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=openssl-rsa',
  );
  return {
    dir,
    ecCert: f('ec.pem'),
    ecKey: f('ec.key'),
    rsaCert: f('rsa.pem'),
    rsaKey: f('rsa.key'),
    ecDer: pemToDer(f('ec.pem')),
    rsaDer: pemToDer(f('rsa.pem')),
  };
}

export function removeCerts(c: CertFiles | undefined): void {
  if (c) rmSync(c.dir, { recursive: true, force: true });
}

/** A free UDP port on 127.0.0.1 (bound then released). */
export async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(r));
  return port;
}

/** A running openssl child with its accumulated output. */
export class OpensslProcess {
  output = '';
  private readonly child: ChildProcessWithoutNullStreams;
  private exited = false;

  constructor(openssl: string, args: string[]) {
    this.child = spawn(openssl, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (d: Buffer) => {
      this.output += d.toString();
    });
    this.child.stderr.on('data', (d: Buffer) => {
      this.output += d.toString();
    });
    this.child.on('exit', () => {
      this.exited = true;
    });
  }

  write(s: string): void {
    this.child.stdin.write(s);
  }

  async waitFor(re: RegExp, timeoutMs = 5000): Promise<RegExpMatchArray> {
    const start = Date.now();
    for (;;) {
      const m = this.output.match(re);
      if (m) return m;
      if (Date.now() - start > timeoutMs || this.exited) {
        throw new Error(`openssl: timed out waiting for ${re}; output:\n${this.output}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** "Keying material: <HEX>" as printed by -keymatexport. */
  async keyingMaterial(): Promise<string> {
    return (await this.waitFor(/Keying material: ([0-9A-F]+)/))[1]!;
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
    this.child.stdin.destroy();
  }
}
