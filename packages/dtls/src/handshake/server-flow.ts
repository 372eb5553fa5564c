import { readPublicKeyInfo } from '../certificate/x509.js';
import type { KeyShare } from '../crypto/backend.js';
import { GROUP_IDS, type NamedGroup } from '../crypto/groups.js';
import { computeVerifyData, deriveMasterSecret } from '../crypto/key-schedule.js';
import { concat, constantTimeEqual } from '../crypto/prf.js';
import { randomBytes } from '../crypto/random.js';
import { DtlsError } from '../errors.js';
import { DTLS_1_2, MAX_PLAINTEXT } from '../record/record.js';
import { SRTP_PROFILE_IDS } from '../srtp-profiles.js';
import { decodeCertificateMessage, encodeCertificateMessage } from './certificate.js';
import { encodeCertificateRequest } from './certificate-request.js';
import { decodeCertificateVerify } from './certificate-verify.js';
import type { ClientHello } from './client-hello.js';
import { decodeClientKeyExchange } from './client-key-exchange.js';
import {
  decodeRecordSizeLimit,
  decodeU16List,
  decodeUseSrtp,
  type Extension,
  ExtensionType,
  encodeRecordSizeLimit,
  encodeUseSrtp,
  findExtension,
} from './extensions.js';
import { decodeFinished } from './finished.js';
import type { FlightEntry } from './flight.js';
import type { FlowHost } from './flow-host.js';
import { HandshakeType } from './header.js';
import type { HandshakeMessage } from './reassembler.js';
import { encodeServerHello } from './server-hello.js';
import { encodeEcdhParams, encodeServerKeyExchange } from './server-key-exchange.js';
import type { Session } from './session.js';
import { ACCEPTED_SCHEME_IDS, OWN_SCHEME_ID, peerScheme } from './signatures.js';

type State = 'wait-certificate' | 'wait-key-exchange' | 'wait-certificate-verify' | 'wait-finished' | 'done';

/** TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 §3.3). */
const RENEGOTIATION_SCSV = 0x00ff;
/** RFC 5246 §7.4.4 ClientCertificateType: rsa_sign(1), ecdsa_sign(64). */
const CERTIFICATE_TYPES = new Uint8Array([64, 1]);

/** The server side of the RFC 6347 §4.2.4 full handshake (flights 4 and 6), after the cookie exchange. */
export class ServerFlow {
  private state: State = 'wait-certificate';
  private keyShare: KeyShare | undefined;
  private expectedClientFinished: Uint8Array | undefined;

  constructor(
    private readonly host: FlowHost,
    private readonly session: Session,
  ) {}

  get done(): boolean {
    return this.state === 'done';
  }

  /** Flight 4 in answer to a ClientHello whose cookie verified. */
  start(hello: ClientHello, messageSeq: number, body: Uint8Array, now: number): void {
    const s = this.session;
    const cfg = this.host.config;
    // DTLS versions count down: 0xfefd (1.2) < 0xfeff (1.0).
    if (hello.version > DTLS_1_2) throw new DtlsError('handshake-failure', 'client does not offer DTLS 1.2');
    if (!hello.compressionMethods.includes(0))
      throw new DtlsError('handshake-failure', 'no null compression');
    const suite = cfg.cipherSuites.find((c) => c.auth === 'ecdsa' && hello.cipherSuites.includes(c.id));
    if (!suite) throw new DtlsError('handshake-failure', 'no cipher suite in common');
    const group = this.chooseGroup(hello.extensions);
    const sigAlgs = findExtension(hello.extensions, ExtensionType.signatureAlgorithms);
    if (sigAlgs && !decodeU16List(sigAlgs).includes(OWN_SCHEME_ID)) {
      throw new DtlsError('handshake-failure', 'client does not accept ecdsa_secp256r1_sha256');
    }
    const reneg = findExtension(hello.extensions, ExtensionType.renegotiationInfo);
    if (reneg && (reneg.length !== 1 || reneg[0] !== 0)) {
      throw new DtlsError('handshake-failure', 'non-empty renegotiation_info on the initial handshake');
    }
    // RFC 8449 §4: answered only when the client sent it and we use it ourselves (otherwise it is
    // an extension we ignore). We never implement max_fragment_length, so §5's rule to ignore it
    // when both are offered holds trivially.
    const rslData =
      cfg.recordSizeLimit !== undefined
        ? findExtension(hello.extensions, ExtensionType.recordSizeLimit)
        : undefined;
    const peerLimit = rslData ? decodeRecordSizeLimit(rslData) : undefined;

    s.clientRandom = new Uint8Array(hello.random);
    s.serverRandom = randomBytes(32);
    s.suite = suite;
    s.sendSeq = messageSeq;
    s.addToTranscript(HandshakeType.clientHello, messageSeq, body);

    const extensions: Extension[] = [];
    if (reneg || hello.cipherSuites.includes(RENEGOTIATION_SCSV)) {
      extensions.push({ type: ExtensionType.renegotiationInfo, data: new Uint8Array([0]) });
    }
    // RFC 7627 §5.2: use the extended master secret whenever the client offers it.
    if (findExtension(hello.extensions, ExtensionType.extendedMasterSecret) !== undefined) {
      s.extendedMasterSecret = true;
      extensions.push({ type: ExtensionType.extendedMasterSecret, data: new Uint8Array(0) });
    }
    if (findExtension(hello.extensions, ExtensionType.ecPointFormats)) {
      extensions.push({ type: ExtensionType.ecPointFormats, data: new Uint8Array([1, 0]) });
    }
    const srtp = findExtension(hello.extensions, ExtensionType.useSrtp);
    if (srtp) {
      const offered = decodeUseSrtp(srtp).profiles;
      // RFC 5764 §4.1.1: the server picks one profile; ours is the preference order.
      const chosen = cfg.srtpProfiles.find((p) => offered.includes(SRTP_PROFILE_IDS[p]));
      if (chosen) {
        s.srtpProfile = chosen;
        extensions.push({ type: ExtensionType.useSrtp, data: encodeUseSrtp([SRTP_PROFILE_IDS[chosen]]) });
      }
    }
    if (peerLimit !== undefined && cfg.recordSizeLimit !== undefined) {
      // §4: a server must not refuse a value above the protocol maximum; it only clamps it.
      s.peerRecordSizeLimit = Math.min(peerLimit, MAX_PLAINTEXT);
      s.ownRecordSizeLimit = cfg.recordSizeLimit;
      extensions.push({
        type: ExtensionType.recordSizeLimit,
        data: encodeRecordSizeLimit(cfg.recordSizeLimit),
      });
    }

    this.keyShare = this.host.takeKeyShare(group);
    const params = encodeEcdhParams(GROUP_IDS[group], this.keyShare.publicKey);
    const signature = this.host.backend.sign(
      this.host.certificate.key,
      concat(s.clientRandom, s.serverRandom, params),
    );

    const flight: FlightEntry[] = [];
    const add = (msgType: number, b: Uint8Array) => {
      const seq = s.sendSeq++;
      s.addToTranscript(msgType, seq, b);
      flight.push({ kind: 'handshake', msgType, messageSeq: seq, body: b, epoch: 0 });
    };
    add(
      HandshakeType.serverHello,
      encodeServerHello({
        version: DTLS_1_2,
        random: s.serverRandom,
        sessionId: new Uint8Array(0),
        cipherSuite: suite.id,
        compressionMethod: 0,
        extensions,
      }),
    );
    add(HandshakeType.certificate, encodeCertificateMessage([this.host.certificate.der]));
    add(
      HandshakeType.serverKeyExchange,
      encodeServerKeyExchange({
        namedGroup: GROUP_IDS[group],
        publicKey: this.keyShare.publicKey,
        signatureScheme: OWN_SCHEME_ID,
        signature,
      }),
    );
    // WebRTC (RFC 8827 §6.5): the client must authenticate with its certificate.
    add(
      HandshakeType.certificateRequest,
      encodeCertificateRequest({
        certificateTypes: CERTIFICATE_TYPES,
        signatureSchemes: ACCEPTED_SCHEME_IDS,
        authorities: new Uint8Array(0),
      }),
    );
    add(HandshakeType.serverHelloDone, new Uint8Array(0));
    this.host.sendFlight(flight, now, true);
  }

  private chooseGroup(exts: readonly Extension[]): NamedGroup {
    const data = findExtension(exts, ExtensionType.supportedGroups);
    // RFC 8422 §4: without the extension any curve may be used; P-256 is the safe choice.
    const offered = data ? decodeU16List(data) : [GROUP_IDS.secp256r1];
    const g = this.host.config.groups.find((n) => offered.includes(GROUP_IDS[n]));
    if (!g) throw new DtlsError('handshake-failure', 'no named group in common');
    return g;
  }

  handle(m: HandshakeMessage, now: number): void {
    const T = HandshakeType;
    if (m.msgType === T.finished ? m.epoch !== 1 : m.epoch !== 0) {
      throw new DtlsError('unexpected-message', 'handshake message in the wrong epoch');
    }
    switch (this.state) {
      case 'wait-certificate':
        if (m.msgType === T.certificate) {
          this.onCertificate(m);
          return;
        }
        // RFC 5246 §7.4.6: a client that skips its certificate is refused; WebRTC requires one.
        if (m.msgType === T.clientKeyExchange)
          throw new DtlsError('handshake-failure', 'client certificate required');
        break;
      case 'wait-key-exchange':
        if (m.msgType === T.clientKeyExchange) {
          this.onClientKeyExchange(m);
          return;
        }
        break;
      case 'wait-certificate-verify':
        if (m.msgType === T.certificateVerify) {
          this.onCertificateVerify(m);
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
        return; // renegotiation is not supported: a new ClientHello after the handshake is ignored.
    }
    throw new DtlsError('unexpected-message', `unexpected handshake message ${m.msgType} in ${this.state}`);
  }

  private onCertificate(m: HandshakeMessage): void {
    const chain = decodeCertificateMessage(m.body);
    this.session.addToTranscript(m.msgType, m.messageSeq, m.body);
    const leaf = chain[0];
    if (!leaf) throw new DtlsError('handshake-failure', 'client certificate required');
    this.session.peerKey = readPublicKeyInfo(leaf);
    this.session.peerCertificate = new Uint8Array(leaf);
    this.host.acceptPeerCertificate(this.session.peerCertificate);
    this.state = 'wait-key-exchange';
  }

  private onClientKeyExchange(m: HandshakeMessage): void {
    const s = this.session;
    const suite = s.suite!;
    const premaster = this.keyShare!.deriveSecret(decodeClientKeyExchange(m.body));
    s.addToTranscript(m.msgType, m.messageSeq, m.body);
    const sessionHash = s.extendedMasterSecret ? s.transcriptHash(suite.prfHash) : undefined;
    s.masterSecret = deriveMasterSecret(
      suite.prfHash,
      premaster,
      s.clientRandom,
      s.serverRandom,
      sessionHash,
    );
    this.host.installKeys(s);
    this.state = 'wait-certificate-verify';
  }

  private onCertificateVerify(m: HandshakeMessage): void {
    const s = this.session;
    const cv = decodeCertificateVerify(m.body);
    const scheme = peerScheme(cv.signatureScheme, s.peerKey!);
    if (!this.host.backend.verify(s.peerKey!, scheme, s.transcriptBytes(), cv.signature)) {
      throw new DtlsError('bad-signature', 'CertificateVerify does not verify');
    }
    s.addToTranscript(m.msgType, m.messageSeq, m.body);
    this.expectedClientFinished = computeVerifyData(
      s.suite!.prfHash,
      s.masterSecret!,
      'client finished',
      s.transcriptHash(s.suite!.prfHash),
    );
    this.state = 'wait-finished';
  }

  /** Flight 6: ChangeCipherSpec, Finished; sent without a timer (RFC 6347 §4.2.4). */
  private onFinished(m: HandshakeMessage, now: number): void {
    const s = this.session;
    if (!constantTimeEqual(decodeFinished(m.body), this.expectedClientFinished!)) {
      throw new DtlsError('bad-finished', 'client Finished does not verify');
    }
    s.addToTranscript(m.msgType, m.messageSeq, m.body);
    const verify = computeVerifyData(
      s.suite!.prfHash,
      s.masterSecret!,
      'server finished',
      s.transcriptHash(s.suite!.prfHash),
    );
    const seq = s.sendSeq++;
    s.addToTranscript(HandshakeType.finished, seq, verify);
    this.host.sendFlight(
      [
        { kind: 'ccs' },
        { kind: 'handshake', msgType: HandshakeType.finished, messageSeq: seq, body: verify, epoch: 1 },
      ],
      now,
      false,
    );
    this.state = 'done';
    this.host.handshakeComplete(now);
  }
}
