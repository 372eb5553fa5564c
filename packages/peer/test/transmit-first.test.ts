// The transport stack sends what an input produced before that input's state events reach the
// application: a handler that runs for a while must not hold back the peer's side of the handshake.
import { Socket } from 'node:dgram';
import type { RTCPeerConnection } from '../src/index.js';
import { newPeer, once, trickle } from './helpers.js';

/** A datagram sent from a local port, or an event seen by connection `pc`. */
type Entry = { port?: number; pc?: string; what: string };

/** What a datagram is (RFC 7983 §7): DTLS records by content type, handshake ones by message type. */
function kind(b: Uint8Array): string {
  if (b[0]! < 4) return 'stun';
  if (b[0] === 22) return `dtls-handshake-${b[13]}`;
  if (b[0]! >= 20 && b[0]! < 64) return `dtls-${b[0]}`;
  return 'other';
}

/** The local UDP port of a connection (its one host candidate). */
function portOf(sdp: string): number {
  const m = /a=candidate:\S+ \d+ udp \d+ \S+ (\d+) typ host/.exec(sdp);
  if (!m) throw new Error('no host candidate');
  return Number(m[1]);
}

describe('packets before events', () => {
  const send = Socket.prototype.send;
  afterEach(() => {
    Socket.prototype.send = send;
  });

  it('the DTLS client sends its ClientHello before iceconnectionstatechange, the server its INIT before connectionstatechange', async () => {
    const log: Entry[] = [];
    Socket.prototype.send = function (this: Socket, msg: unknown, ...rest: unknown[]) {
      const b = msg instanceof Uint8Array ? msg : Buffer.concat(msg as Uint8Array[]);
      log.push({ port: this.address().port, what: kind(b) });
      return (send as (...a: unknown[]) => void).call(this, msg, ...rest);
    } as typeof send;
    const a = newPeer();
    const b = newPeer();
    try {
      trickle(a, b);
      const channel = a.createDataChannel('x');
      const marks = (pc: RTCPeerConnection, name: string) => {
        pc.addEventListener('connectionstatechange', () => {
          log.push({ pc: name, what: `${name} ${pc.connectionState}` });
        });
        pc.addEventListener('iceconnectionstatechange', () => {
          log.push({ pc: name, what: `${name} ice ${pc.iceConnectionState}` });
        });
      };
      marks(a, 'a');
      marks(b, 'b');
      await a.setLocalDescription();
      await b.setRemoteDescription(a.localDescription!);
      await b.setLocalDescription();
      await a.setRemoteDescription(b.localDescription!);
      await once(channel, 'open');
      // The answer's a=setup:active makes the offerer (a) the DTLS server.
      const port = portOf(a.localDescription!.sdp);
      const mine = log.filter((e) => e.port === port || e.pc === 'a').map((e) => e.what);
      const init = mine.indexOf('dtls-23');
      const connected = mine.indexOf('a connected');
      expect(init).toBeGreaterThanOrEqual(0);
      expect(connected).toBeGreaterThan(init);
      // Flight 6 (ChangeCipherSpec, type 20) precedes INIT.
      expect(mine.indexOf('dtls-20')).toBeLessThan(init);
      // The answerer (b, DTLS client) starts the handshake as soon as ICE has a valid pair.
      const theirs = log
        .filter((e) => e.port === portOf(b.localDescription!.sdp) || e.pc === 'b')
        .map((e) => e.what);
      const hello = theirs.indexOf('dtls-handshake-1');
      expect(hello).toBeGreaterThanOrEqual(0);
      expect(theirs.indexOf('b ice connected')).toBeGreaterThan(hello);
    } finally {
      a.close();
      b.close();
    }
  }, 10_000);
});
