// The False Start path when a datagram is lost (two connections in one process over loopback,
// one datagram dropped on the way out): the data channel still opens, without waiting for SCTP's
// one-second T1-init.
import { Socket } from 'node:dgram';
import { gathered, newPeer, once, trickle } from './helpers.js';

/** The local UDP port of a connection (its one host candidate). */
function portOf(sdp: string): number {
  const m = /a=candidate:\S+ \d+ udp \d+ \S+ (\d+) typ host/.exec(sdp);
  if (!m) throw new Error('no host candidate');
  return Number(m[1]);
}

const APPLICATION_DATA = 23;
const CHANGE_CIPHER_SPEC = 20;

/**
 * Connects a (offerer, DTLS server) and b (answerer, DTLS client) while dropping the first datagram
 * that `drop(fromClient, firstByte)` picks; returns what was dropped and the time to both opens.
 */
async function connectDropping(drop: (fromClient: boolean, firstByte: number) => boolean) {
  const send = Socket.prototype.send;
  let clientPort = -1;
  const dropped: number[] = [];
  Socket.prototype.send = function (this: Socket, msg: unknown, ...rest: unknown[]) {
    const b = msg as Uint8Array;
    const fromClient = this.address().port === clientPort;
    if (dropped.length === 0 && b[0] !== undefined && drop(fromClient, b[0])) {
      dropped.push(b[0]);
      return;
    }
    return (send as (...a: unknown[]) => void).call(this, msg, ...rest);
  } as typeof send;
  const a = newPeer();
  const b = newPeer();
  try {
    trickle(a, b);
    const channel = a.createDataChannel('x');
    const t0 = performance.now();
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    await gathered(b);
    clientPort = portOf(b.localDescription!.sdp);
    await a.setRemoteDescription(b.localDescription!);
    const incoming = once<Event & { channel: { readyState: string } }>(b, 'datachannel', 3000);
    await once(channel, 'open', 3000);
    await incoming;
    return { dropped, ms: performance.now() - t0 };
  } finally {
    Socket.prototype.send = send;
    a.close();
    b.close();
  }
}

describe('False Start with a lost datagram', () => {
  it("the client's early INIT is lost: the association still comes up well before T1-init (1 s)", async () => {
    const r = await connectDropping((fromClient, first) => fromClient && first === APPLICATION_DATA);
    expect(r.dropped).toEqual([APPLICATION_DATA]);
    expect(r.ms).toBeLessThan(900);
  }, 10_000);

  it("the server's flight 6 is lost: the client's flight 5 timer recovers it and the INIT-ACK held meanwhile is used", async () => {
    const r = await connectDropping((fromClient, first) => !fromClient && first === CHANGE_CIPHER_SPEC);
    expect(r.dropped).toEqual([CHANGE_CIPHER_SPEC]);
    expect(r.ms).toBeLessThan(900);
  }, 10_000);
});
