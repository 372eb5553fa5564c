// Association setup (RFC 9260 §5): INIT, INIT-ACK, COOKIE-ECHO and COOKIE-ACK, including the
// collision and restart cases of §5.2, and the transfer state built once the association is up.
import type { Chunk } from '../packet/chunk.js';
import { ChunkType } from '../packet/chunk-type.js';
import { CauseCode } from '../packet/error-cause.js';
import type { InitChunk } from '../packet/init.js';
import { COMMON_HEADER } from '../packet/packet.js';
import { ParamType } from '../packet/params.js';
import type { ReconfigChunk } from '../packet/reconfig.js';
import { COOKIE_SIZE, type CookieState, verifyCookie } from './cookie.js';
import {
  cookieCase,
  findParam,
  initAckFor,
  localInitParams,
  MAX_STREAMS,
  peerFeatures,
} from './handshake.js';
import { newPlpmtud } from './pmtud.js';
import { Receiver } from './receiver.js';
import { type ReconfigHooks, StreamReconfig } from './reconfig.js';
import { Sender } from './sender.js';
import type { Tcb } from './tcb.js';

/** Send INIT and start T1-init (RFC 9260 §5.1 A). */
export function sendInit(t: Tcb): void {
  const init: InitChunk = {
    type: ChunkType.INIT,
    flags: 0,
    initiateTag: t.localTag,
    advertisedRwnd: t.o.receiveWindow,
    outboundStreams: MAX_STREAMS,
    inboundStreams: MAX_STREAMS,
    initialTsn: t.localInitialTsn,
    params: localInitParams(t.o.zeroChecksum),
  };
  t.state = 'cookie-wait';
  startT1(t, init, 0, true);
}

/** T1-init / T1-cookie start at the current RTO: RTO.Initial until a round trip is known (§6.3.1 C1). */
function startT1(t: Tcb, chunk: Chunk, tag: number, alone: boolean): void {
  const rto = t.rto.rto;
  t.t1 = { at: t.now + rto, rto, count: 0, chunk, tag, alone };
  t.ctrl.push({ chunk, tag, alone });
}

export function onInit(t: Tcb, c: InitChunk): void {
  // §3.3.2: a zero Initiate Tag or stream count is invalid; §5.1: discard.
  if (c.initiateTag === 0 || c.outboundStreams === 0 || c.inboundStreams === 0) return;
  if (t.state === 'shutdown-ack-sent') return;
  const me = {
    state: t.state,
    localTag: t.localTag,
    localInitialTsn: t.localInitialTsn,
    peerTag: t.peerTag,
  };
  const ack = initAckFor(c, me, {
    now: t.now,
    cookieLifespan: t.o.cookieLifespan,
    receiveWindow: t.o.receiveWindow,
    zeroChecksum: t.o.zeroChecksum,
    secret: t.secret,
    fresh: () => [t.randomTag(), t.random32()],
  });
  t.ctrl.push({ chunk: ack, tag: c.initiateTag, alone: true });
  if (t.state === 'closed') t.answeredInit = true;
}

export function onInitAck(t: Tcb, c: InitChunk): void {
  // §5.2.3: INIT-ACK is only meaningful in COOKIE-WAIT.
  if (t.state !== 'cookie-wait') return;
  const cookie = findParam(c.params, ParamType.STATE_COOKIE);
  if (!cookie || c.initiateTag === 0 || c.outboundStreams === 0 || c.inboundStreams === 0) return;
  t.peerTag = c.initiateTag;
  t.peerInitialTsn = c.initialTsn;
  t.peerRwnd = c.advertisedRwnd;
  t.features = peerFeatures(c.params);
  t.outboundStreams = Math.min(MAX_STREAMS, c.inboundStreams);
  t.inboundStreams = Math.min(MAX_STREAMS, c.outboundStreams);
  t.state = 'cookie-echoed';
  // RFC 9260 §5.1 C: DATA may follow COOKIE-ECHO in its packet. With channels waiting to open, the
  // transfer state is built now (INIT-ACK brought all it needs) and their OPENs go with the cookie.
  if (t.chans.hasEarlyOpen) {
    setupTransfer(t);
    t.chans.queueEarlyOpens(t.outboundStreams);
  }
  startT1(
    t,
    { type: ChunkType.COOKIE_ECHO, flags: 0, cookie: Uint8Array.prototype.slice.call(cookie) },
    t.peerTag,
    false,
  );
}

/** COOKIE-ECHO (RFC 9260 §5.1 D, §5.1.5, §5.2.4). Returns false to stop processing the packet. */
export function onCookieEcho(t: Tcb, cookie: Uint8Array, tag: number): boolean {
  if (cookie.length !== COOKIE_SIZE) return false;
  const check = verifyCookie(cookie, t.secret, t.now);
  if (!check.ok) {
    if (check.reason === 'stale' && tag === check.state.localTag) {
      // §5.1.5 step 3: Stale Cookie Error with the staleness in microseconds.
      const info = new Uint8Array(4);
      new DataView(info.buffer).setUint32(0, Math.min(0xffffffff, Math.round(check.staleness * 1000)));
      t.ctrl.push({
        chunk: { type: ChunkType.ERROR, flags: 0, causes: [{ code: CauseCode.STALE_COOKIE, info }] },
        tag: check.state.peerTag,
        alone: false,
      });
    }
    t.counters.packetsDropped++;
    return false;
  }
  const s = check.state;
  if (tag !== s.localTag) {
    t.counters.packetsDropped++;
    return false;
  }
  if (t.state === 'closed' || t.state === 'cookie-wait') {
    adopt(t, s);
    t.t1 = undefined;
    sendCookieAck(t);
    established(t);
    return true;
  }
  // §5.2.4: COOKIE-ECHO with an existing TCB.
  switch (cookieCase(s, t.localTag, t.peerTag)) {
    case 'A':
      // The peer restarted. Everything it knew is gone: close the channels, start over.
      restart(t, s);
      sendCookieAck(t);
      return true;
    case 'B':
      // INIT collision resolved with the peer's new tag.
      adopt(t, s);
      t.t1 = undefined;
      sendCookieAck(t);
      if (t.state !== 'established') established(t);
      return true;
    case 'D':
      if (t.state === 'cookie-echoed') {
        if (!t.sender) adopt(t, s);
        t.t1 = undefined;
        established(t);
      }
      sendCookieAck(t);
      return true;
    default:
      return false; // case C: silently discard
  }
}

export function onCookieAck(t: Tcb): void {
  if (t.state === 'cookie-echoed') {
    t.t1 = undefined;
    established(t);
  }
}

function sendCookieAck(t: Tcb): void {
  t.sendCtrl({ type: ChunkType.COOKIE_ACK, flags: 0 });
}

/** Take the association parameters from a verified cookie. */
function adopt(t: Tcb, s: CookieState): void {
  // DATA sent with our COOKIE-ECHO belonged to a TCB the peer does not have: send it again later.
  if (t.sender && t.state !== 'established') t.chans.earlyOpensLost();
  t.localTag = s.localTag;
  t.peerTag = s.peerTag;
  t.localInitialTsn = s.localInitialTsn;
  t.peerInitialTsn = s.peerInitialTsn;
  t.peerRwnd = s.peerRwnd;
  t.features = s.peerFeatures;
  t.outboundStreams = Math.min(MAX_STREAMS, s.peerInboundStreams);
  t.inboundStreams = Math.min(MAX_STREAMS, s.peerOutboundStreams);
  t.sender = undefined;
  t.receiver = undefined;
  t.reconfig = undefined;
}

function restart(t: Tcb, s: CookieState): void {
  t.sender?.clear();
  adopt(t, s);
  t.rto.reset();
  t.chans.finishAll();
  t.emit({ type: 'restart' });
  setupTransfer(t);
  t.state = 'established';
  t.pmtud?.start(t.now);
}

/** Build the sender, receiver and stream reconfiguration state of an established association. */
function setupTransfer(t: Tcb): void {
  t.requestedStreams = 0;
  t.pmtud = newPlpmtud(t);
  const mtuPayload = t.o.mtu - COMMON_HEADER;
  t.sender = new Sender(
    t.localInitialTsn,
    t.peerRwnd,
    { mtu: mtuPayload, initialCwnd: t.o.initialCwndPackets * mtuPayload, maxBurst: t.o.maxBurst },
    t.rto,
  );
  t.receiver = new Receiver(
    t.peerInitialTsn,
    {
      receiveWindow: t.o.receiveWindow,
      maxMessageSize: t.o.maxMessageSize,
      delayedAckTime: t.o.delayedAckTime,
      maxTsnAhead: 0xffff,
      maxChunks: 65536,
    },
    (m) => t.chans.deliver(m),
  );
  t.reconfig = new StreamReconfig(t.localInitialTsn, t.peerInitialTsn, new ReconfigBridge(t));
}

/** What stream reconfiguration (RFC 6525) does to the association: one object, no closures. */
class ReconfigBridge implements ReconfigHooks {
  constructor(private readonly t: Tcb) {}

  outgoingReset(streams: readonly number[]): void {
    for (const id of streams) this.t.sender?.resetStreamSsn(id);
    this.t.chans.outgoingReset(streams);
  }

  incomingReset(streams: readonly number[]): void {
    for (const id of streams) this.t.receiver?.reasm.resetStream(id);
    this.t.chans.incomingReset(streams);
  }

  addIncoming(n: number): boolean {
    if (this.t.inboundStreams + n > MAX_STREAMS) return false;
    this.t.inboundStreams += n;
    return true;
  }

  streamsAdded(n: number, ok: boolean): void {
    const t = this.t;
    t.requestedStreams = Math.max(0, t.requestedStreams - n);
    if (ok) t.outboundStreams = Math.min(MAX_STREAMS, t.outboundStreams + n);
    t.chans.streamsChanged(t.outboundStreams, t.outboundStreams + t.requestedStreams);
  }

  addOutgoing(n: number): boolean {
    // §5.2.6: the peer wants more incoming streams: add our outgoing ones with our own request.
    const t = this.t;
    if (t.outboundStreams + t.requestedStreams + n > MAX_STREAMS) return false;
    t.requestedStreams += n;
    t.reconfig!.requestAddStreams(n);
    return true;
  }

  send(c: ReconfigChunk): void {
    this.t.sendCtrl(c);
  }
}

function established(t: Tcb): void {
  if (!t.sender) setupTransfer(t);
  else t.sender.armT3(t.now);
  t.state = 'established';
  t.pmtud?.start(t.now);
  if (t.o.heartbeatInterval > 0) t.hbAt = t.now + t.o.heartbeatInterval;
  if (!t.associatedOnce) {
    t.associatedOnce = true;
    t.emit({ type: 'associated' });
  }
  t.chans.openPending();
}
