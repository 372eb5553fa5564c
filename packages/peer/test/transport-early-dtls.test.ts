// The transport starts DTLS on the first valid ICE pair (RFC 8445 §12) and, as DTLS server, answers
// the first ClientHello without a HelloVerifyRequest (RFC 6347 §4.2.1: ICE already verified the
// peer's address). The far end here is a bare IceAgent + DtlsEndpoint on a UDP socket whose
// controlling agent never nominates, so the stack under test never has a selected pair.
import { createSocket, type Socket } from 'node:dgram';
import { Certificate, DtlsEndpoint } from '@rtc/dtls';
import { IceAgent } from '@rtc/ice';
import type { SctpLink } from '../src/transport/sctp-link.js';
import { TransportStack } from '../src/transport/transport-stack.js';

const HANDSHAKE = 22;
const HELLO_VERIFY_REQUEST = 3;
const CLIENT_HELLO = 1;

function idleSctp(pathMtus: (number | undefined)[] = [], pathRtts: number[] = []): SctpLink {
  return {
    start() {},
    handlePacket() {},
    handleTimeout() {},
    nextDeadline: () => undefined,
    pollTransmit: () => undefined,
    pollEvent: () => undefined,
    createChannel: () => 0,
    send() {},
    closeChannel() {},
    bufferedAmount: () => 0,
    setBufferedAmountLowThreshold() {},
    close() {},
    connected: false,
    stats: {},
    maxChannels: 0,
    setPathMaxMtu(maxMtu) {
      pathMtus.push(maxMtu);
    },
    setPathRtt(rtt) {
      pathRtts.push(rtt);
    },
  };
}

/** A raw far end: ICE agent (controlling, nominating never) and a DTLS endpoint, one UDP socket. */
class FarEnd {
  readonly agent: IceAgent;
  readonly dtls: DtlsEndpoint;
  readonly socket: Socket = createSocket('udp4');
  readonly received: Uint8Array[] = [];
  readonly sentDtls: Uint8Array[] = [];
  port = 0;

  constructor(
    role: 'client' | 'server',
    cert: Certificate,
    peerCert: Certificate,
    recordSizeLimit?: number | false,
  ) {
    this.agent = new IceAgent({
      role: 'controlling',
      ta: 5,
      nominationDelay: 3_600_000,
      sendBeforeSelection: true,
    });
    this.dtls = new DtlsEndpoint({
      role,
      certificate: cert,
      expectedFingerprints: [peerCert.sdpFingerprint()],
      initialRetransmitMs: 100,
      ...(recordSizeLimit !== undefined ? { recordSizeLimit } : {}),
    });
  }

  async bind(): Promise<void> {
    await new Promise<void>((r) => this.socket.bind(0, '127.0.0.1', () => r()));
    this.port = this.socket.address().port;
    this.socket.on('message', (data, rinfo) => {
      const now = performance.now();
      this.agent.handleDatagram(
        { socketId: 's', from: { address: rinfo.address, port: rinfo.port }, data },
        now,
      );
      this.pump(now);
    });
    this.agent.addHostSocket({ socketId: 's', address: '127.0.0.1', port: this.port }, performance.now());
  }

  pump(now: number): void {
    for (let e = this.agent.pollEvent(); e; e = this.agent.pollEvent()) {
      if (e.type === 'valid-pair') this.dtls.start(now);
      if (e.type === 'data') {
        this.received.push(e.data);
        this.dtls.handleDatagram(e.data, now);
      }
    }
    for (let d = this.dtls.pollTransmit(); d; d = this.dtls.pollTransmit()) {
      this.sentDtls.push(d);
      this.agent.send(d, now);
    }
    for (let t = this.agent.pollTransmit(); t; t = this.agent.pollTransmit())
      this.socket.send(t.data, t.to.port, t.to.address);
  }
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function setup(
  stackRole: 'client' | 'server',
  credentialsAfterMs = 0,
  farRecordSizeLimit?: number | false,
) {
  const [stackCert, farCert] = [Certificate.generate(), Certificate.generate()];
  const far = new FarEnd(
    stackRole === 'client' ? 'server' : 'client',
    farCert,
    stackCert,
    farRecordSizeLimit,
  );
  await far.bind();
  const sent: Uint8Array[] = [];
  const pathMtus: (number | undefined)[] = [];
  const pathRtts: number[] = [];
  const stack = new TransportStack(
    {
      role: 'controlled',
      certificate: stackCert,
      stunServers: [],
      turnServers: [],
      hostAddresses: [{ address: '127.0.0.1', interfaceIndex: 0 }],
      createSctp: () => idleSctp(pathMtus, pathRtts),
    },
    { ice: () => undefined, dtlsState: () => undefined, sctp: () => undefined },
    'stackufrag',
    'stackpassword0123456789ab',
  );
  const send = stack.agent.send.bind(stack.agent);
  /** When the first ClientHello left: ms from then until its retransmission is due. */
  const hello: { timerMs?: number } = {};
  stack.agent.send = (data, now) => {
    sent.push(data);
    if (hello.timerMs === undefined && data[0] === HANDSHAKE && data[13] === CLIENT_HELLO)
      hello.timerMs = (stack.dtls?.nextDeadline() ?? Number.NaN) - performance.now();
    return send(data, now);
  };
  await stack.startGathering();
  const now = performance.now();
  const learnRemote = () => {
    stack.setRemoteCredentials(far.agent.localUfrag, far.agent.localPwd, false);
    stack.addRemoteCandidate(`candidate:1 1 udp 2130706431 127.0.0.1 ${far.port} typ host`);
  };
  // Without the far end's credentials the stack answers its checks but cannot check back, so it has
  // no valid pair of its own when the far end's first DTLS flight arrives (an answer still in flight).
  const credentialsTimer = credentialsAfterMs > 0 ? setTimeout(learnRemote, credentialsAfterMs) : undefined;
  if (!credentialsTimer) learnRemote();
  far.agent.setRemoteCredentials('stackufrag', 'stackpassword0123456789ab', {}, now);
  for (const c of stack.agent.getLocalCandidates()) far.agent.addRemoteCandidate(c, now);
  // A better remote candidate that never answers (a closed port) keeps a better pair pending, so the
  // far controlling agent waits its (hour-long) nomination delay and nothing is ever selected.
  const dead = createSocket('udp4');
  await new Promise<void>((r) => dead.bind(0, '127.0.0.1', () => r()));
  const deadPort = dead.address().port;
  dead.close();
  far.agent.addRemoteCandidate(`candidate:2 1 udp 2130706431 127.0.0.1 ${deadPort} typ host`, now);
  stack.startDtls(stackRole, [farCert.sdpFingerprint()]);
  far.pump(now);
  const timer = setInterval(() => {
    const t = performance.now();
    far.agent.handleTimeout(t);
    const d = far.dtls.nextDeadline();
    if (d !== undefined && d > Number.NEGATIVE_INFINITY && d <= t) far.dtls.handleTimeout(t);
    far.pump(t);
  }, 5);
  const close = () => {
    clearTimeout(credentialsTimer);
    clearInterval(timer);
    stack.close();
    far.socket.close();
  };
  return { stack, far, sent, pathMtus, pathRtts, hello, close };
}

describe('transport: DTLS on the first valid pair, no cookie round trip', () => {
  it('as DTLS client, the handshake completes although no ICE pair is ever selected', async () => {
    const { stack, far, close } = await setup('client');
    try {
      await until(() => stack.dtlsState === 'connected' && far.dtls.isConnected);
      expect(stack.agent.selectedPair).toBeUndefined();
      // The valid pair carrying DTLS is what the transport reports as selected meanwhile
      // (getSelectedCandidatePair, getStats' selectedCandidatePairId): the far socket's.
      expect(stack.selectedPair?.remoteAddress.port).toBe(far.socket.address().port);
      // webrtc-pc §5.6: a usable pair carries DTLS, so ICE reports 'connected', not 'checking'.
      expect(stack.iceState).toBe('connected');
    } finally {
      close();
    }
  });

  it("as DTLS client, the first flight's timer follows the ICE round trip: 2 x RTT, at least 50 ms", async () => {
    const { stack, far, hello, close } = await setup('client');
    try {
      await until(() => stack.dtlsState === 'connected' && far.dtls.isConnected);
      // Loopback round trips are far below 25 ms: the floor applies, not the 100 ms default.
      expect(hello.timerMs).toBeGreaterThan(40);
      expect(hello.timerMs).toBeLessThanOrEqual(50);
    } finally {
      close();
    }
  });

  it.each(['client', 'server'] as const)(
    "as DTLS %s, SCTP gets the pair's check round trip as its first RTT (RFC 9260 §6.3.1 C1)",
    async (role) => {
      const { stack, far, pathRtts, close } = await setup(role);
      try {
        await until(() => stack.dtlsState === 'connected' && far.dtls.isConnected);
        // Once, when the first pair became valid: SCTP's INIT and COOKIE-ECHO timers then start at
        // 3 x this round trip (at least its minimum RTO) instead of RTO.Initial's second. A loopback
        // check answers within milliseconds; the bound only leaves room for a loaded machine.
        expect(pathRtts).toHaveLength(1);
        expect(pathRtts[0]).toBeGreaterThanOrEqual(0);
        expect(pathRtts[0]).toBeLessThan(1000);
      } finally {
        close();
      }
    },
  );

  it('as DTLS server, the first ClientHello is answered with flight 4, never a HelloVerifyRequest', async () => {
    const { stack, far, sent, close } = await setup('server');
    try {
      await until(() => stack.dtlsState === 'connected' && far.dtls.isConnected);
      const handshakeTypes = sent
        .filter((d) => d[0] === HANDSHAKE && d[3] === 0 && d[4] === 0)
        .map((d) => d[13]);
      expect(handshakeTypes.length).toBeGreaterThan(0);
      expect(handshakeTypes).not.toContain(HELLO_VERIFY_REQUEST);
      // The far client sent exactly one ClientHello (no second one carrying a cookie).
      const clientHellos = far.sentDtls.filter((d) => d[0] === HANDSHAKE && d[3] === 0 && d[13] === 1);
      expect(clientHellos).toHaveLength(1);
      expect(stack.agent.selectedPair).toBeUndefined();
    } finally {
      close();
    }
  });

  it('as DTLS server, a ClientHello that arrives before ICE has a valid pair is answered once the pair is valid, not after a retransmission timeout', async () => {
    // Both ends retransmit after 100 ms; the stack learns the far end's credentials after 40 ms.
    const { stack, far, close } = await setup('server', 40);
    try {
      await until(() => stack.dtlsState === 'connected' && far.dtls.isConnected);
      expect(stack.counters.earlyDtlsDropped).toBe(0);
      // The flight answering the ClientHello waited for the pair instead of being dropped, so
      // neither side had to send any flight again.
      expect(stack.dtls?.stats.retransmissions).toBe(0);
      expect(far.dtls.stats.retransmissions).toBe(0);
      const clientHellos = far.sentDtls.filter((d) => d[0] === HANDSHAKE && d[3] === 0 && d[13] === 1);
      expect(clientHellos).toHaveLength(1);
    } finally {
      close();
    }
  });
});

// RFC 8449: the far end's record_size_limit bounds SCTP's path MTU probing (RFC 8899) on a loopback
// pair, and a limit below the SCTP base packet leaves no way to carry SCTP (RFC 8261 §4: one
// packet per record).
describe("transport: the peer's DTLS record_size_limit", () => {
  it('bounds the SCTP packet size probed on a same-host pair', async () => {
    const { stack, pathMtus, close } = await setup('client', 0, 4000);
    try {
      await until(() => stack.dtlsState === 'connected');
      expect(stack.dtls?.peerRecordSizeLimit).toBe(4000);
      expect(pathMtus.at(-1)).toBe(4000);
    } finally {
      close();
    }
  });

  it('without one from the peer, SCTP is not probed beyond its base (mode auto)', async () => {
    const { stack, pathMtus, close } = await setup('client', 0, false);
    try {
      await until(() => stack.dtlsState === 'connected');
      expect(stack.dtls?.peerRecordSizeLimit).toBeUndefined();
      expect(pathMtus.length).toBeGreaterThan(0);
      expect(pathMtus.every((m) => m === undefined)).toBe(true);
    } finally {
      close();
    }
  });

  it('a limit below the SCTP base packet fails the DTLS transport', async () => {
    const { stack, close } = await setup('server', 0, 600);
    try {
      await until(() => stack.dtlsState === 'failed');
      // The handshake itself completed: the limit arrived in a valid ClientHello.
      expect(stack.dtls?.isConnected).toBe(true);
      expect(stack.dtls?.peerRecordSizeLimit).toBe(600);
      expect(stack.sctp).toBeDefined();
      expect(stack.sctp?.connected).toBe(false);
    } finally {
      close();
    }
  });
});
