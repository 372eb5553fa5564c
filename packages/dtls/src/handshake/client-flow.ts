import { readPublicKeyInfo } from '../certificate/x509.js';
import type { KeyShare } from '../crypto/backend.js';
import { GROUP_IDS, groupById } from '../crypto/groups.js';
import { computeVerifyData, deriveMasterSecret } from '../crypto/key-schedule.js';
import { concat, constantTimeEqual } from '../crypto/prf.js';
import { randomBytes } from '../crypto/random.js';
import { suiteById } from '../crypto/suites.js';
import { DtlsError } from '../errors.js';
import { DTLS_1_2, MAX_PLAINTEXT } from '../record/record.js';
import { SRTP_PROFILE_IDS, srtpProfileById } from '../srtp-profiles.js';
import { decodeCertificateMessage, encodeCertificateMessage } from './certificate.js';
import { decodeCertificateRequest } from './certificate-request.js';
import { encodeCertificateVerify } from './certificate-verify.js';
import { type ClientHello, encodeClientHello } from './client-hello.js';
import { encodeClientKeyExchange } from './client-key-exchange.js';
import {
  decodeRecordSizeLimit,
  decodeUseSrtp,
  type Extension,
  ExtensionType,
  encodeRecordSizeLimit,
  encodeU16List,
  encodeUseSrtp,
  findExtension,
} from './extensions.js';
import { decodeFinished } from './finished.js';
import type { FlightEntry } from './flight.js';
import type { FlowHost } from './flow-host.js';
import { HandshakeType } from './header.js';
import { decodeHelloVerifyRequest } from './hello-verify-request.js';
import type { HandshakeMessage } from './reassembler.js';
import { decodeServerHello } from './server-hello.js';
import { decodeServerKeyExchange, encodeEcdhParams } from './server-key-exchange.js';
import type { Session } from './session.js';
import { ACCEPTED_SCHEME_IDS, OWN_SCHEME_ID, peerScheme } from './signatures.js';

type State = 'wait-hello' | 'wait-certificate' | 'wait-key-exchange' | 'wait-done' | 'wait-finished' | 'done';

const MAX_HELLO_VERIFY = 4;

/** The client side of the RFC 6347 §4.2.4 full handshake (flights 1, 3 and 5). */
export class ClientFlow {
  private state: State = 'wait-hello';
  private hello: ClientHello | undefined;
  private helloVerifies = 0;
  private keyShare: KeyShare | undefined;
  private certificateRequested = false;
  private expectedServerFinished: Uint8Array | undefined;

  constructor(
    private readonly host: FlowHost,
    private readonly session: Session,
  ) {}

  get done(): boolean {
    return this.state === 'done';
  }

  /** Flight 1. */
  start(now: number): void {
    this.prepare();
    this.sendHello(now);
  }

  /**
   * Makes flight 1 without sending it (once): the random, the ClientHello and the ephemeral key
   * for the group we prefer. The key is made here rather than when the ServerKeyExchange arrives,
   * because flight 5 is on the connect's critical path; a caller with idle time before the path
   * is ready (ICE still checking) prepares early and takes flight 1 off the critical path too.
   * Used once: a server choosing another group gets a new key.
   */
  prepare(): void {
    if (this.hello) return;
    const cfg = this.host.config;
    this.session.clientRandom = randomBytes(32);
    const preferred = cfg.groups[0];
    if (preferred) this.keyShare = this.host.takeKeyShare(preferred);
    const extensions: Extension[] = [
      { type: ExtensionType.supportedGroups, data: encodeU16List(cfg.groups.map((g) => GROUP_IDS[g])) },
      { type: ExtensionType.ecPointFormats, data: new Uint8Array([1, 0]) },
      { type: ExtensionType.signatureAlgorithms, data: encodeU16List(ACCEPTED_SCHEME_IDS) },
      { type: ExtensionType.extendedMasterSecret, data: new Uint8Array(0) },
      { type: ExtensionType.renegotiationInfo, data: new Uint8Array([0]) },
    ];
    if (cfg.srtpProfiles.length > 0) {
      const ids = cfg.srtpProfiles.map((p) => SRTP_PROFILE_IDS[p]);
      extensions.push({ type: ExtensionType.useSrtp, data: encodeUseSrtp(ids) });
    }
    if (cfg.recordSizeLimit !== undefined) {
      // RFC 8449 §4. The ClientHello that answers a HelloVerifyRequest reuses this list unchanged.
      extensions.push({
        type: ExtensionType.recordSizeLimit,
        data: encodeRecordSizeLimit(cfg.recordSizeLimit),
      });
    }
    this.hello = {
      version: DTLS_1_2,
      random: this.session.clientRandom,
      sessionId: new Uint8Array(0),
      cookie: new Uint8Array(0),
      cipherSuites: cfg.cipherSuites.map((s) => s.id),
      compressionMethods: new Uint8Array([0]),
      extensions,
    };
  }

  private sendHello(now: number): void {
    const body = encodeClientHello(this.hello!);
    const seq = this.session.sendSeq++;
    this.session.addToTranscript(HandshakeType.clientHello, seq, body);
    this.host.sendFlight(
      [{ kind: 'handshake', msgType: HandshakeType.clientHello, messageSeq: seq, body, epoch: 0 }],
      now,
      true,
    );
  }

  handle(m: HandshakeMessage, now: number): void {
    const T = HandshakeType;
    if (m.msgType === T.finished ? m.epoch !== 1 : m.epoch !== 0) {
      throw new DtlsError('unexpected-message', 'handshake message in the wrong epoch');
    }
    switch (this.state) {
      case 'wait-hello':
        if (m.msgType === T.helloVerifyRequest) {
          this.onHelloVerify(m, now);
          return;
        }
        if (m.msgType === T.serverHello) {
          this.onServerHello(m);
          return;
        }
        break;
      case 'wait-certificate':
        if (m.msgType === T.certificate) {
          this.onCertificate(m);
          return;
        }
        break;
      case 'wait-key-exchange':
        if (m.msgType === T.serverKeyExchange) {
          this.onServerKeyExchange(m);
          return;
        }
        break;
      case 'wait-done':
        if (m.msgType === T.certificateRequest && !this.certificateRequested) {
          this.onCertificateRequest(m);
          return;
        }
        if (m.msgType === T.serverHelloDone) {
          this.onServerHelloDone(m, now);
          return;
        }
        break;
      case 'wait-finished':
        if (m.msgType === T.finished) {
          this.onFinished(m, now);
          return;
        }
        break;
      case 'done':
        return; // RFC 5746: renegotiation is not supported; a HelloRequest is ignored.
    }
    throw new DtlsError('unexpected-message', `unexpected handshake message ${m.msgType} in ${this.state}`);
  }

  private onHelloVerify(m: HandshakeMessage, now: number): void {
    // RFC 6347 §4.2.1: resend ClientHello with the cookie; neither HelloVerifyRequest nor the first
    // ClientHello enters the transcript.
    const hvr = decodeHelloVerifyRequest(m.body);
    if (++this.helloVerifies > MAX_HELLO_VERIFY)
      throw new DtlsError('handshake-failure', 'too many HelloVerifyRequests');
    if (hvr.cookie.length > 255) throw new DtlsError('decode', 'cookie too long');
    this.hello = { ...this.hello!, cookie: new Uint8Array(hvr.cookie) };
    this.session.resetTranscript();
    this.sendHello(now);
  }

  private onServerHello(m: HandshakeMessage): void {
    const sh = decodeServerHello(m.body);
    this.session.addToTranscript(m.msgType, m.messageSeq, m.body);
    if (sh.version !== DTLS_1_2)
      throw new DtlsError('handshake-failure', 'server chose a version other than DTLS 1.2');
    const suite = suiteById(sh.cipherSuite);
    if (!suite || !this.host.config.cipherSuites.includes(suite)) {
      throw new DtlsError('illegal-parameter', 'server chose a cipher suite we did not offer');
    }
    if (sh.compressionMethod !== 0) throw new DtlsError('illegal-parameter', 'compression is not allowed');
    const offered = new Set(this.hello!.extensions.map((e) => e.type));
    for (const e of sh.extensions) {
      // RFC 5246 §7.4.1.4: an extension the client did not offer ends the handshake with a fatal
      // unsupported_extension alert.
      if (!offered.has(e.type))
        throw new DtlsError('unsupported-extension', `unsolicited extension ${e.type}`);
    }
    const reneg = findExtension(sh.extensions, ExtensionType.renegotiationInfo);
    if (reneg && (reneg.length !== 1 || reneg[0] !== 0)) {
      throw new DtlsError('handshake-failure', 'non-empty renegotiation_info on the initial handshake');
    }
    this.session.serverRandom = new Uint8Array(sh.random);
    this.session.suite = suite;
    this.session.extendedMasterSecret =
      findExtension(sh.extensions, ExtensionType.extendedMasterSecret) !== undefined;
    const srtp = findExtension(sh.extensions, ExtensionType.useSrtp);
    if (srtp) {
      const { profiles } = decodeUseSrtp(srtp);
      const chosen = profiles.length === 1 ? srtpProfileById(profiles[0]!) : undefined;
      // RFC 5764 §4.1.1: exactly one profile, which must be one the client offered.
      if (!chosen || !this.host.config.srtpProfiles.includes(chosen)) {
        throw new DtlsError('illegal-parameter', 'server chose an SRTP profile we did not offer');
      }
      this.session.srtpProfile = chosen;
    }
    const rsl = findExtension(sh.extensions, ExtensionType.recordSizeLimit);
    if (rsl) {
      // Offered (checked above), so negotiated. RFC 8449 §4: a value above the protocol maximum
      // does not allow larger records; we accept it and never send more than 2^14.
      this.session.peerRecordSizeLimit = Math.min(decodeRecordSizeLimit(rsl), MAX_PLAINTEXT);
      this.session.ownRecordSizeLimit = this.host.config.recordSizeLimit;
    }
    this.state = 'wait-certificate';
  }

  private onCertificate(m: HandshakeMessage): void {
    const chain = decodeCertificateMessage(m.body);
    this.session.addToTranscript(m.msgType, m.messageSeq, m.body);
    const leaf = chain[0];
    if (!leaf) throw new DtlsError('bad-certificate', 'server sent no certificate');
    const key = readPublicKeyInfo(leaf);
    if ((key.kind === 'rsa') !== (this.session.suite!.auth === 'rsa')) {
      throw new DtlsError('unsupported-certificate', 'certificate key type does not match the cipher suite');
    }
    this.session.peerKey = key;
    this.session.peerCertificate = new Uint8Array(leaf);
    this.host.acceptPeerCertificate(this.session.peerCertificate);
    this.state = 'wait-key-exchange';
  }

  private onServerKeyExchange(m: HandshakeMessage): void {
    const ske = decodeServerKeyExchange(m.body);
    this.session.addToTranscript(m.msgType, m.messageSeq, m.body);
    const group = groupById(ske.namedGroup);
    if (!group || !this.host.config.groups.includes(group)) {
      throw new DtlsError('illegal-parameter', 'server chose a group we did not offer');
    }
    // RFC 8422 §5.4: the signature covers client_random + server_random + ServerECDHParams.
    const key = this.session.peerKey!;
    const scheme = peerScheme(ske.signatureScheme, key);
    const signed = concat(
      this.session.clientRandom,
      this.session.serverRandom,
      encodeEcdhParams(ske.namedGroup, ske.publicKey),
    );
    if (!this.host.backend.verify(key, scheme, signed, ske.signature)) {
      throw new DtlsError('bad-signature', 'ServerKeyExchange signature does not verify');
    }
    if (this.keyShare?.group !== group) this.keyShare = this.host.takeKeyShare(group);
    this.pendingServerPublic = new Uint8Array(ske.publicKey);
    this.state = 'wait-done';
  }

  private pendingServerPublic: Uint8Array | undefined;

  private onCertificateRequest(m: HandshakeMessage): void {
    const cr = decodeCertificateRequest(m.body);
    this.session.addToTranscript(m.msgType, m.messageSeq, m.body);
    // RFC 5246 §7.4.4: we can only answer with ecdsa_sign / ecdsa_secp256r1_sha256.
    if (!cr.certificateTypes.includes(64) || !cr.signatureSchemes.includes(OWN_SCHEME_ID)) {
      throw new DtlsError('handshake-failure', 'server does not accept an ECDSA P-256 client certificate');
    }
    this.certificateRequested = true;
  }

  /** Flight 5: [Certificate], ClientKeyExchange, [CertificateVerify], ChangeCipherSpec, Finished. */
  private onServerHelloDone(m: HandshakeMessage, now: number): void {
    if (m.body.length !== 0) throw new DtlsError('decode', 'ServerHelloDone must be empty');
    const s = this.session;
    s.addToTranscript(m.msgType, m.messageSeq, m.body);
    const suite = s.suite!;
    const premaster = this.keyShare!.deriveSecret(this.pendingServerPublic!);
    const flight: FlightEntry[] = [];
    const add = (msgType: number, body: Uint8Array, epoch = 0) => {
      const messageSeq = s.sendSeq++;
      s.addToTranscript(msgType, messageSeq, body);
      flight.push({ kind: 'handshake', msgType, messageSeq, body, epoch });
    };
    if (this.certificateRequested)
      add(HandshakeType.certificate, encodeCertificateMessage([this.host.certificate.der]));
    add(HandshakeType.clientKeyExchange, encodeClientKeyExchange(this.keyShare!.publicKey));
    // RFC 7627 §4: session_hash covers the transcript up to and including ClientKeyExchange.
    const sessionHash = s.extendedMasterSecret ? s.transcriptHash(suite.prfHash) : undefined;
    s.masterSecret = deriveMasterSecret(
      suite.prfHash,
      premaster,
      s.clientRandom,
      s.serverRandom,
      sessionHash,
    );
    if (this.certificateRequested) {
      // RFC 5246 §7.4.8: signed over all handshake messages so far.
      const signature = this.host.backend.sign(this.host.certificate.key, s.transcriptBytes());
      add(
        HandshakeType.certificateVerify,
        encodeCertificateVerify({ signatureScheme: OWN_SCHEME_ID, signature }),
      );
    }
    flight.push({ kind: 'ccs' });
    this.host.installKeys(s);
    const verify = computeVerifyData(
      suite.prfHash,
      s.masterSecret,
      'client finished',
      s.transcriptHash(suite.prfHash),
    );
    add(HandshakeType.finished, verify, 1);
    this.expectedServerFinished = computeVerifyData(
      suite.prfHash,
      s.masterSecret,
      'server finished',
      s.transcriptHash(suite.prfHash),
    );
    this.host.sendFlight(flight, now, true);
    this.state = 'wait-finished';
  }

  private onFinished(m: HandshakeMessage, now: number): void {
    const verify = decodeFinished(m.body);
    if (!constantTimeEqual(verify, this.expectedServerFinished!)) {
      throw new DtlsError('bad-finished', 'server Finished does not verify');
    }
    this.session.addToTranscript(m.msgType, m.messageSeq, m.body);
    this.state = 'done';
    this.host.handshakeComplete(now);
  }
}
