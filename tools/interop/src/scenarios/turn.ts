// coturn on 127.0.0.1 for the relay scenario: long-term credentials u/p, realm r, UDP only, loopback
// peers allowed (every relayed peer here is 127.0.0.1). The child is killed on close().
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const turnserverPath = process.env.TURNSERVER_PATH ?? 'turnserver';

/** Why coturn cannot run here, or undefined when it can. */
export function turnserverUnavailable(): string | undefined {
  const probe = spawnSync(turnserverPath, ['--help'], { stdio: 'ignore', timeout: 5000 });
  if (probe.error)
    return `coturn not found (${turnserverPath}): apt-get install coturn or set TURNSERVER_PATH`;
  return undefined;
}

export interface TurnServer {
  url: string;
  username: string;
  credential: string;
  iceServer: { urls: string; username: string; credential: string };
  log(): string;
  close(): Promise<void>;
}

/** A UDP+TCP port free on 127.0.0.1 right now (coturn listens on both). */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const u = createSocket('udp4');
      u.once('error', () => resolve(false));
      u.bind(port, '127.0.0.1', () => u.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
}

export async function startTurnServer(): Promise<TurnServer> {
  const port = await freePort();
  // A relay port range near the listening port, away from the usual ephemeral collisions.
  const minPort = 40_000 + (port % 20_000);
  const dir = mkdtempSync(join(tmpdir(), 'rtc-coturn-'));
  const args = [
    '--listening-ip=127.0.0.1',
    '--relay-ip=127.0.0.1',
    `--listening-port=${port}`,
    `--min-port=${minPort}`,
    `--max-port=${minPort + 200}`,
    '--user=u:p',
    '--realm=r',
    '--lt-cred-mech',
    '--allow-loopback-peers',
    '--no-cli',
    '--no-tls',
    '--no-dtls',
    `--pidfile=${join(dir, 'turn.pid')}`,
    '--no-stdout-log',
    `--log-file=${join(dir, 'turn.log')}`,
    '--verbose',
  ];
  const child: ChildProcess = spawn(turnserverPath, args, { stdio: 'ignore' });
  // coturn appends a date to the log file name; read whatever it wrote in its directory.
  const log = () => {
    try {
      return readdirSync(dir)
        .filter((f) => f.startsWith('turn') && f.endsWith('.log'))
        .map((f) => readFileSync(join(dir, f), 'utf8'))
        .join('\n');
    } catch {
      return '';
    }
  };
  // Ready once it accepts TCP on the listening port (it opens UDP and TCP listeners together).
  const deadline = Date.now() + 5000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`coturn exited with ${child.exitCode}:\n${log()}`);
    const up = await new Promise<boolean>((resolve) => {
      const s = tcpConnect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`coturn did not start in 5 s:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = `turn:127.0.0.1:${port}?transport=udp`;
  return {
    url,
    username: 'u',
    credential: 'p',
    iceServer: { urls: url, username: 'u', credential: 'p' },
    log,
    close: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
