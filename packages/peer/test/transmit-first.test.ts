// The transport stack sends what an input produced before that input's state events reach the
// application: a handler that runs for a while must not hold back the peer's side of the handshake.
// The DTLS client False Starts (RFC 7918): SCTP's INIT goes right behind its Finished.
import { Socket } from 'node:dgram';
import { Association } from '@rtc/sctp';
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

  it('the DTLS client sends its ClientHello before iceconnectionstatechange, and with False Start its INIT right behind flight 5, before flight 6 arrives; the server answers it with no INIT of its own', async () => {
    const log: Entry[] = [];
    Socket.prototype.send = function (this: Socket, msg: unknown, ...rest: unknown[]) {
      const b = msg instanceof Uint8Array ? msg : Buffer.concat(msg as Uint8Array[]);
      log.push({ port: this.address().port, what: kind(b) });
      return (send as (...a: unknown[]) => void).call(this, msg, ...rest);
    } as typeof send;
    // Which associations send an INIT (connect() from CLOSED) and which answer one.
    const associations = new Set<Association>();
    const initsFrom: Association[] = [];
    const connect = Association.prototype.connect;
    const handlePacket = Association.prototype.handlePacket;
    Association.prototype.connect = function (this: Association, now: number) {
      if (this.state === 'closed') initsFrom.push(this);
      return connect.call(this, now);
    };
    Association.prototype.handlePacket = function (this: Association, bytes: Uint8Array, now: number) {
      associations.add(this);
      return handlePacket.call(this, bytes, now);
    };
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
      await Promise.all([once(channel, 'open'), once(b, 'datachannel')]);
      // The answer's a=setup:active makes the offerer (a) the DTLS server, the answerer (b) the client.
      const ofA = (e: Entry) => e.port === portOf(a.localDescription!.sdp) || e.pc === 'a';
      const ofB = (e: Entry) => e.port === portOf(b.localDescription!.sdp) || e.pc === 'b';
      const theirs = log.filter(ofB).map((e) => e.what);
      const hello = theirs.indexOf('dtls-handshake-1');
      expect(hello).toBeGreaterThanOrEqual(0);
      expect(theirs.indexOf('b ice connected')).toBeGreaterThan(hello);
      // RFC 7918: the client's first application record (INIT) follows flight 5 (its datagram
      // starts with the Certificate, type 11) and leaves before the client is connected.
      const flight5 = theirs.indexOf('dtls-handshake-11');
      const clientInit = theirs.indexOf('dtls-23');
      expect(flight5).toBeGreaterThan(hello);
      expect(clientInit).toBeGreaterThan(flight5);
      expect(theirs.indexOf('b connected')).toBeGreaterThan(clientInit);
      // ... and before the server's flight 6 (ChangeCipherSpec, type 20) was even sent.
      const all = log.filter((e) => ofA(e) || ofB(e));
      const serverCcs = all.findIndex((e) => ofA(e) && e.what === 'dtls-20');
      const firstInit = all.findIndex((e) => ofB(e) && e.what === 'dtls-23');
      expect(firstInit).toBeLessThan(serverCcs);
      // The server answered that INIT and sent none: one INIT in all, the other side answered it.
      expect(initsFrom).toHaveLength(1);
      const others = [...associations].filter((x) => x !== initsFrom[0]);
      expect(others).toHaveLength(1);
      expect(others[0]!.answeredInit).toBe(true);
    } finally {
      Association.prototype.connect = connect;
      Association.prototype.handlePacket = handlePacket;
      a.close();
      b.close();
    }
  }, 10_000);
});
