import { AlertDescription, AlertLevel, alertFor, alertName } from './alert.js';
import { type Fingerprint, matchesFingerprint } from './certificate/fingerprint.js';
import type { KeyShare, RecordAeadFactory } from './crypto/backend.js';
import type { NamedGroup } from './crypto/groups.js';
import { deriveTrafficKeys, exportKeyingMaterial } from './crypto/key-schedule.js';
import { nodeCrypto } from './crypto/node-backend.js';
import { randomBytes } from './crypto/random.js';
import { DEFAULT_CIPHER_SUITES, suiteByName } from './crypto/suites.js';
import { type DtlsEndpointOptions, recordSizeLimitOption } from './endpoint-options.js';
import { DtlsError } from './errors.js';
import type { DtlsEvent, DtlsStats } from './events.js';
import { ClientFlow } from './handshake/client-flow.js';
import { ClientHelloAssembler } from './handshake/client-hello-assembler.js';
import { type FlightEntry, packFlight } from './handshake/flight.js';
import type { FlowHost, HandshakeConfig } from './handshake/flow-host.js';
import { decodeFragments } from './handshake/header.js';
import { listen } from './handshake/listener.js';
import { DEFAULT_REASSEMBLY_LIMITS, Reassembler } from './handshake/reassembler.js';
import { FlightTimer, MAX_RETRANSMIT_MS } from './handshake/retransmit.js';
import { ServerFlow } from './handshake/server-flow.js';
import { Session } from './handshake/session.js';
import { RecordLayer } from './record/layer.js';
import { RecordProtection } from './record/protection.js';
import { ContentType, type DtlsRecord, decodeDatagram, MAX_PLAINTEXT } from './record/record.js';
import { DEFAULT_SRTP_PROFILES, type SrtpProfile } from './srtp-profiles.js';

export type { DtlsEndpointOptions } from './endpoint-options.js';

type State = 'idle' | 'handshaking' | 'connected' | 'closed';

const MAX_EARLY_RECORDS = 16;
const MAX_PENDING_DATA = 64;

export { MAX_PLAINTEXT };

/**
 * A DTLS 1.2 endpoint (RFC 6347), sans-I/O: feed datagrams and time, drain datagrams and events.
 * One endpoint talks to one peer.
 */
export class DtlsEndpoint {
  readonly role: 'client' | 'server';
  readonly stats: DtlsStats = {
    datagramsReceived: 0,
    recordsReceived: 0,
    malformedRecords: 0,
    replayedRecords: 0,
    badMacRecords: 0,
    droppedRecords: 0,
    droppedFragments: 0,
    retransmissions: 0,
  };

  private state: State = 'idle';
  private readonly host: FlowHost;
  private readonly records = new RecordLayer();
  private readonly session = new Session();
  private readonly timer: FlightTimer;
  private readonly reassembler: Reassembler;
  private readonly mtu: number;
  /** RFC 6347 §4.2.1 cookie key: made by the first listen() (servers only). */
  private cookieSecret: Uint8Array | undefined;
  /** The one bounded fragmented ClientHello the listener may hold before the cookie returns. */
  private readonly helloAssembler = new ClientHelloAssembler();
  private retransmitGapMs: number;
  private readonly cookieExchange: boolean;
  private readonly recordAead: RecordAeadFactory | undefined;
  private client: ClientFlow | undefined;
  /** An ephemeral key made by prepare() for the server flow, used at most once. */
  private spareKeyShare: KeyShare | undefined;
  private server: ServerFlow | undefined;
  private expected: readonly Fingerprint[] | undefined;
  private fingerprintOk = false;
  private handshakeDone = false;
  private readonly falseStart: boolean;
  /** RFC 7918: our Finished is out and application data may be sent before the server's. */
  private falseStarted = false;
  private lastOldRetransmit = Number.NEGATIVE_INFINITY;
  private early: DtlsRecord[] = [];
  private pendingData: Uint8Array[] = [];
  private readonly tx: Uint8Array[] = [];
  private readonly events: DtlsEvent[] = [];

  constructor(options: DtlsEndpointOptions) {
    this.role = options.role;
    this.mtu = options.mtu ?? 1200;
    if (this.mtu < 64) throw new DtlsError('invalid-argument', 'mtu too small');
    const initial = options.initialRetransmitMs ?? 1000;
    this.retransmitGapMs = Math.min(initial / 2, 250);
    this.cookieExchange = options.cookieExchange ?? true;
    this.falseStart = options.role === 'client' && options.falseStart === true;
    this.recordAead = options.recordAead;
    this.timer = new FlightTimer(initial, options.maxRetransmits ?? 10);
    this.reassembler = new Reassembler(0, { ...DEFAULT_REASSEMBLY_LIMITS, ...options.reassemblyLimits });
    this.expected = options.expectedFingerprints;
    const config: HandshakeConfig = {
      cipherSuites: (options.cipherSuites ?? DEFAULT_CIPHER_SUITES).map(suiteByName),
      groups: options.groups ?? ['x25519', 'secp256r1', 'secp384r1'],
      srtpProfiles: options.srtpProfiles ?? DEFAULT_SRTP_PROFILES,
      recordSizeLimit: recordSizeLimitOption(options.recordSizeLimit),
    };
    this.host = {
      backend: options.crypto ?? nodeCrypto,
      certificate: options.certificate,
      config,
      takeKeyShare: (group) => this.takeKeyShare(group),
      sendFlight: (entries, now, awaitsReply) => this.sendFlight(entries, now, awaitsReply),
      installKeys: (s) => this.installKeys(s),
      acceptPeerCertificate: (der) => this.acceptPeerCertificate(der),
      handshakeComplete: () => this.onHandshakeComplete(),
    };
    if (this.role === 'server') this.state = 'handshaking';
  }

  // ---- public surface ----

  /**
   * Sets the RFC 6347 §4.2.4.1 initial retransmission timer (1 to 60,000 ms) once the caller knows
   * more than at construction, e.g. the round trip ICE measured on the path: for the flights that
   * follow, and for the one in progress if it has not been retransmitted yet.
   */
  setInitialRetransmitTimeout(ms: number): void {
    if (!Number.isFinite(ms) || ms < 1 || ms > MAX_RETRANSMIT_MS)
      throw new DtlsError('invalid-argument', 'initial retransmit timeout must be 1 to 60000 ms');
    this.timer.setInitial(ms);
    this.retransmitGapMs = Math.min(ms / 2, 250);
  }

  get isConnected(): boolean {
    return this.state === 'connected';
  }

  get isClosed(): boolean {
    return this.state === 'closed';
  }

  /** The peer's certificate (DER) once received. */
  get remoteCertificate(): Uint8Array | undefined {
    return this.session.peerCertificate;
  }

  get srtpProfile(): SrtpProfile | undefined {
    return this.session.srtpProfile;
  }

  /**
   * The peer's record_size_limit (RFC 8449 §4) once the handshake is complete: the most plaintext
   * bytes one record may carry towards the peer, i.e. the largest `send()` it accepts, clamped to
   * 2^14. `undefined` before the handshake is complete, and when the extension was not negotiated
   * (the peer did not send it, as libwebrtc, werift and OpenSSL 3.0 do not, or our
   * `recordSizeLimit` is `false`); the limit is then 2^14, though such a peer has said nothing
   * about which record sizes it can take.
   */
  get peerRecordSizeLimit(): number | undefined {
    return this.handshakeDone ? this.session.peerRecordSizeLimit : undefined;
  }

  /** Client: send the first ClientHello. Also done by the first handleTimeout. */
  start(now: number): void {
    if (this.role !== 'client' || this.state !== 'idle') return;
    this.state = 'handshaking';
    this.client ??= new ClientFlow(this.host, this.session);
    this.client.start(now);
  }

  /**
   * Does ahead of time what the first flight of this side needs and nothing from the peer decides:
   * the ephemeral ECDHE key for our preferred group and, for a client, its ClientHello. For a caller
   * with idle time before the handshake (ICE still checking), so that start() and the answer to
   * the ClientHello do less on the connect's critical path. Optional; sends nothing; once.
   */
  prepare(): void {
    if (this.state === 'closed' || this.handshakeDone) return;
    const group = this.host.config.groups[0];
    if (this.role === 'client') {
      if (this.state !== 'idle') return;
      this.client ??= new ClientFlow(this.host, this.session);
      this.client.prepare();
    } else if (group && !this.spareKeyShare && !this.server) {
      this.spareKeyShare = this.host.backend.generateKeyShare(group);
    }
  }

  /** The key prepare() made when it is for `group` (used once), else a new one. */
  private takeKeyShare(group: NamedGroup): KeyShare {
    const spare = this.spareKeyShare;
    this.spareKeyShare = undefined;
    return spare?.group === group ? spare : this.host.backend.generateKeyShare(group);
  }

  /** Set (or replace) the expected peer fingerprints; verified as soon as the certificate is known. */
  setRemoteFingerprints(fingerprints: readonly Fingerprint[]): void {
    this.expected = fingerprints;
    if (this.state === 'closed' || !this.session.peerCertificate) return;
    if (!this.checkFingerprint()) return;
    this.maybeConnected();
  }

  handleDatagram(datagram: Uint8Array, now: number): void {
    if (this.state === 'closed' || this.state === 'idle') return;
    this.stats.datagramsReceived++;
    const { records, malformed } = decodeDatagram(datagram);
    if (malformed) this.stats.malformedRecords++;
    let sawOld = false;
    for (const rec of records) {
      if ((this.state as State) === 'closed') return;
      sawOld = this.handleRecord(rec, now) || sawOld;
    }
    this.drainHandshake(now);
    if (sawOld) this.retransmitOnPeerRepeat(now);
  }

  handleTimeout(now: number): void {
    if (this.state === 'idle') {
      this.start(now);
      return;
    }
    if (this.state === 'closed') return;
    const r = this.timer.expire(now);
    if (r === 'resend') {
      this.stats.retransmissions++;
      this.transmitFlight();
    } else if (r === 'give-up') {
      this.fail(new DtlsError('handshake-timeout', 'no answer from the peer'));
    }
  }

  nextDeadline(): number | undefined {
    if (this.state === 'idle') return Number.NEGATIVE_INFINITY;
    if (this.state === 'closed') return undefined;
    return this.timer.deadline;
  }

  pollTransmit(): Uint8Array | undefined {
    return this.tx.shift();
  }

  pollEvent(): DtlsEvent | undefined {
    return this.events.shift();
  }

  /**
   * Send one application-data record: at most 2^14 bytes, or the peer's record_size_limit when
   * negotiated (RFC 8449 §4; never split into several records). Keep it under the path MTU.
   */
  send(data: Uint8Array, _now?: number): void {
    if (this.state !== 'connected' && !(this.falseStarted && this.state === 'handshaking'))
      throw new DtlsError('invalid-state', 'not connected');
    if (data.length > MAX_PLAINTEXT) throw new DtlsError('invalid-argument', 'record too large');
    const limit = this.session.peerRecordSizeLimit;
    if (limit !== undefined && data.length > limit) {
      throw new DtlsError('invalid-argument', `record too large for the peer's record_size_limit (${limit})`);
    }
    this.tx.push(this.records.seal(ContentType.applicationData, 1, data));
  }

  /** RFC 5246 §7.2.1: send close_notify and close. */
  close(_now?: number): void {
    if (this.state === 'closed') return;
    if (this.state !== 'idle') this.sendAlert(AlertLevel.warning, AlertDescription.closeNotify);
    this.shutdown();
  }

  /** RFC 5705 exporter, e.g. ("EXTRACTOR-dtls_srtp", 60) for RFC 5764 §4.2 SRTP keys. */
  exportKeyingMaterial(label: string, length: number, context?: Uint8Array): Uint8Array {
    const s = this.session;
    if (!this.handshakeDone || !s.masterSecret || !s.suite)
      throw new DtlsError('invalid-state', 'handshake not complete');
    if (length <= 0 || length > 65535) throw new DtlsError('invalid-argument', 'bad exporter length');
    const reserved = [
      'client finished',
      'server finished',
      'master secret',
      'key expansion',
      'extended master secret',
    ];
    if (reserved.includes(label)) throw new DtlsError('invalid-argument', 'reserved exporter label');
    return exportKeyingMaterial(
      s.suite.prfHash,
      s.masterSecret,
      label,
      s.clientRandom,
      s.serverRandom,
      length,
      context,
    );
  }

  // ---- records ----

  /** Returns true when the record repeated a handshake message of the peer's previous flight. */
  private handleRecord(rec: DtlsRecord, now: number): boolean {
    this.stats.recordsReceived++;
    if (this.role === 'server' && !this.server && !this.handshakeDone) {
      this.listen(rec, now);
      return false;
    }
    const opened = this.records.open(rec);
    if (!opened.ok) {
      if (opened.reason === 'overflow') {
        // RFC 8449 §4 / RFC 5246 §7.2.2: an authenticated record larger than we allow.
        this.fail(new DtlsError('record-overflow', 'record plaintext exceeds the record size limit'));
      } else if (opened.reason === 'no-keys' && this.early.length < MAX_EARLY_RECORDS) {
        // RFC 6347 §4.1: records of the next epoch may overtake the ChangeCipherSpec; keep a few.
        this.early.push({ ...rec, fragment: new Uint8Array(rec.fragment) });
      } else if (opened.reason === 'replay') this.stats.replayedRecords++;
      else if (opened.reason === 'bad-mac') this.stats.badMacRecords++;
      else if (opened.reason === 'too-long') this.stats.malformedRecords++;
      else this.stats.droppedRecords++;
      return false;
    }
    const data = opened.plaintext;
    switch (rec.type) {
      case ContentType.handshake:
        return this.handleHandshakeRecord(data, rec.epoch);
      case ContentType.changeCipherSpec:
        // Keys are switched when derived; the CCS itself only has to be well formed.
        if (data.length !== 1 || data[0] !== 1) this.stats.malformedRecords++;
        return false;
      case ContentType.alert:
        this.handleAlert(data, rec.epoch);
        return false;
      default:
        this.handleApplicationData(data, rec.epoch);
        return false;
    }
  }

  private handleHandshakeRecord(data: Uint8Array, epoch: number): boolean {
    let fragments: ReturnType<typeof decodeFragments>;
    try {
      fragments = decodeFragments(data);
    } catch {
      this.stats.malformedRecords++;
      return false;
    }
    let old = false;
    for (const f of fragments) {
      const r = this.reassembler.add(f, epoch);
      if (r === 'old') old = true;
      else if (r === 'dropped') this.stats.droppedFragments++;
    }
    return old;
  }

  private handleApplicationData(data: Uint8Array, epoch: number): void {
    if (epoch === 0) {
      this.stats.droppedRecords++; // RFC 6347 §4.1: application data is never sent in the clear
      return;
    }
    // Epoch >= 1 plaintext is a fresh buffer from the AEAD: it can be handed out without a copy.
    if (this.state === 'connected') {
      this.events.push({ type: 'data', data });
    } else if (this.pendingData.length < MAX_PENDING_DATA) {
      // Held (never delivered) until Finished and the fingerprint have both been verified.
      this.pendingData.push(data);
    } else this.stats.droppedRecords++;
  }

  private handleAlert(data: Uint8Array, epoch: number): void {
    if (data.length !== 2) {
      this.stats.malformedRecords++;
      return;
    }
    // Once keys are in use, an unauthenticated (epoch 0) alert could be injected by anyone.
    if (epoch === 0 && this.handshakeDone) {
      this.stats.droppedRecords++;
      return;
    }
    const level = data[0] === AlertLevel.fatal ? 'fatal' : 'warning';
    const description = data[1]!;
    this.events.push({ type: 'alert', level, description, name: alertName(description) });
    if (description === AlertDescription.closeNotify) {
      this.sendAlert(AlertLevel.warning, AlertDescription.closeNotify);
      this.shutdown();
    } else if (level === 'fatal') {
      this.shutdown();
    }
  }

  // ---- handshake plumbing ----

  /** RFC 6347 §4.2.1: the server answers ClientHellos statelessly until one returns a valid cookie. */
  private listen(rec: DtlsRecord, now: number): void {
    this.cookieSecret ??= randomBytes(32);
    const r = listen(this.cookieSecret, rec, this.helloAssembler, this.cookieExchange);
    if (r.kind === 'partial') return;
    if (r.kind === 'drop') {
      if (r.malformed) this.stats.malformedRecords++;
      else this.stats.droppedRecords++;
    } else if (r.kind === 'verify') {
      this.tx.push(r.datagram);
    } else {
      this.helloAssembler.clear();
      this.server = new ServerFlow(this.host, this.session);
      this.reassembler.reset(r.messageSeq + 1);
      this.records.setWriteSeq(0, r.recordSeq);
      try {
        this.server.start(r.hello, r.messageSeq, r.body, now);
      } catch (e) {
        this.fail(e);
      }
    }
  }

  private drainHandshake(now: number): void {
    const flow = this.client ?? this.server;
    if (!flow) {
      // After the handshake the flows are released: a late message (a HelloRequest, RFC 5746 says
      // renegotiation is refused) is read and dropped so nothing piles up in the reassembler.
      if (this.handshakeDone) while (this.reassembler.pop());
      return;
    }
    try {
      for (;;) {
        let m = this.reassembler.pop();
        while (m && this.state !== 'closed') {
          flow.handle(m, now);
          m = this.reassembler.pop();
        }
        // Records that overtook the key change can be read now.
        if (this.early.length === 0 || !this.records.canRead(1) || this.state === 'closed') break;
        const early = this.early;
        this.early = [];
        for (const rec of early) this.handleRecord(rec, now);
      }
    } catch (e) {
      this.fail(e);
    }
  }

  private sendFlight(entries: FlightEntry[], now: number, awaitsReply: boolean): void {
    this.timer.start(entries, now, awaitsReply);
    this.transmitFlight();
    // RFC 7918 §3: a client flight written under the new keys is flight 5 (its Finished). False
    // Start only once the server is authenticated: certificate fingerprint matched (the
    // ServerKeyExchange signature was verified before this flight was built).
    if (
      this.falseStart &&
      !this.falseStarted &&
      !this.handshakeDone &&
      this.fingerprintOk &&
      this.records.canWrite(1)
    ) {
      this.falseStarted = true;
      this.events.push({ type: 'false-start' });
    }
  }

  private transmitFlight(): void {
    const limit = this.session.peerRecordSizeLimit;
    for (const d of packFlight(this.timer.entries, this.mtu, this.records, limit)) this.tx.push(d);
  }

  /** RFC 6347 §4.2.4: a repeated previous flight from the peer means ours was lost: resend it. */
  private retransmitOnPeerRepeat(now: number): void {
    if (this.timer.entries.length === 0 || this.state === 'closed') return;
    if (now - this.lastOldRetransmit < this.retransmitGapMs) return;
    this.lastOldRetransmit = now;
    this.stats.retransmissions++;
    this.transmitFlight();
  }

  private installKeys(s: Session): void {
    const suite = s.suite!;
    const k = deriveTrafficKeys(suite, s.masterSecret!, s.clientRandom, s.serverRandom);
    const backend = this.host.backend;
    const client = new RecordProtection(backend, suite, k.clientKey, k.clientIv, this.recordAead);
    const server = new RecordProtection(backend, suite, k.serverKey, k.serverIv, this.recordAead);
    this.records.installWriter(1, this.role === 'client' ? client : server);
    // RFC 8449 §4: records under these keys are held to the limit agreed in this handshake.
    this.records.installReader(1, this.role === 'client' ? server : client, s.ownRecordSizeLimit);
  }

  private acceptPeerCertificate(_der: Uint8Array): void {
    if (this.expected) this.checkFingerprint();
  }

  /** RFC 8122 §5 / RFC 8827 §6.5: the certificate must match an SDP fingerprint. */
  private checkFingerprint(): boolean {
    const der = this.session.peerCertificate;
    if (!der || !this.expected) return false;
    if (!matchesFingerprint(der, this.expected)) {
      const err = new DtlsError(
        'bad-fingerprint',
        'peer certificate does not match the expected fingerprint',
      );
      if (!this.handshakeDone) throw err;
      this.fail(err);
      return false;
    }
    this.fingerprintOk = true;
    return true;
  }

  private onHandshakeComplete(): void {
    this.handshakeDone = true;
    // The transcript is no longer needed: idle connections should hold as little as possible.
    this.session.resetTranscript();
    // Nor are the flows (ephemeral ECDHE key, ClientHello) or the peer's public key object (a
    // native OpenSSL key of a few KB). The last flight stays in the timer: RFC 6347 §4.2.4 resends
    // it when the peer repeats its own, and old message_seq values are recognised without a flow.
    this.client = undefined;
    this.server = undefined;
    this.spareKeyShare = undefined;
    this.session.peerKey = undefined;
    if (this.role === 'client') this.timer.clear();
    this.maybeConnected();
  }

  private maybeConnected(): void {
    if (!this.handshakeDone || !this.fingerprintOk || this.state !== 'handshaking') return;
    this.state = 'connected';
    const s = this.session;
    this.events.push({
      type: 'connected',
      cipherSuite: s.suite!.name,
      srtpProfile: s.srtpProfile,
      extendedMasterSecret: s.extendedMasterSecret,
      peerRecordSizeLimit: s.peerRecordSizeLimit,
    });
    for (const d of this.pendingData) this.events.push({ type: 'data', data: d });
    this.pendingData = [];
  }

  private sendAlert(level: number, description: number): void {
    const epoch = this.records.canWrite(1) ? 1 : 0;
    this.tx.push(this.records.seal(ContentType.alert, epoch, new Uint8Array([level, description])));
  }

  private fail(e: unknown): void {
    if (this.state === 'closed') return;
    const err = e instanceof DtlsError ? e : new DtlsError('handshake-failure', String(e));
    this.sendAlert(AlertLevel.fatal, alertFor(err.code));
    this.events.push({ type: 'error', error: err });
    this.shutdown();
  }

  private shutdown(): void {
    this.state = 'closed';
    this.timer.clear();
    this.pendingData = [];
    this.early = [];
    this.events.push({ type: 'closed' });
  }
}
