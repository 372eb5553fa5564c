import type { Certificate } from '../certificate/certificate.js';
import type { CryptoBackend, KeyShare } from '../crypto/backend.js';
import type { NamedGroup } from '../crypto/groups.js';
import type { CipherSuite } from '../crypto/suites.js';
import type { SrtpProfile } from '../srtp-profiles.js';
import type { FlightEntry } from './flight.js';
import type { Session } from './session.js';

export interface HandshakeConfig {
  readonly cipherSuites: readonly CipherSuite[];
  readonly groups: readonly NamedGroup[];
  readonly srtpProfiles: readonly SrtpProfile[];
  /** RFC 8449 record_size_limit to advertise (64..2^14); undefined: the extension is not used. */
  readonly recordSizeLimit: number | undefined;
}

/** What the client and server flows need from the endpoint that runs them. */
export interface FlowHost {
  readonly backend: CryptoBackend;
  readonly certificate: Certificate;
  readonly config: HandshakeConfig;
  /** A fresh ephemeral ECDHE key for `group`: the one prepared ahead when it is for that group. */
  takeKeyShare(group: NamedGroup): KeyShare;
  sendFlight(entries: FlightEntry[], now: number, awaitsReply: boolean): void;
  /** Derive the epoch-1 traffic keys from session.masterSecret and install them both ways. */
  installKeys(session: Session): void;
  /** Record the peer certificate and check it against expected fingerprints when they are known. */
  acceptPeerCertificate(der: Uint8Array): void;
  /** Both Finished messages verified. */
  handshakeComplete(now: number): void;
}
