import {
  AttributeCode,
  type DecodedStunMessage,
  encodeMessage,
  getAttribute,
  type StunAttribute,
  StunMethod,
  shortTermKey,
  verifyFingerprint,
  verifyIntegritySha1,
} from '@rtc/stun';
import { type Address, familyOf } from '../candidate/address.js';
import type { IceRole } from './types.js';

/** The credentials of one ICE generation (they change on restart, RFC 8445 §9). */
export interface Credentials {
  localUfrag: string;
  localPwd: string;
  remoteUfrag: string | undefined;
  remotePwd: string | undefined;
}

export interface CheckRequestInput {
  transactionId: Uint8Array;
  credentials: Credentials;
  role: IceRole;
  tieBreaker: bigint;
  /** RFC 8445 §7.1.1: the priority a peer-reflexive candidate learned from this check would get. */
  priority: number;
  useCandidate: boolean;
}

/** RFC 8445 §7.2.2: a connectivity check (Binding request) with every attribute ICE needs. */
export function encodeCheckRequest(input: CheckRequestInput): Uint8Array {
  const c = input.credentials;
  const attributes: StunAttribute[] = [
    // RFC 8445 §7.2.2: USERNAME is "remote ufrag:local ufrag".
    { type: 'USERNAME', value: `${c.remoteUfrag}:${c.localUfrag}` },
    { type: 'PRIORITY', value: input.priority },
    input.role === 'controlling'
      ? { type: 'ICE-CONTROLLING', value: input.tieBreaker }
      : { type: 'ICE-CONTROLLED', value: input.tieBreaker },
  ];
  if (input.useCandidate) attributes.push({ type: 'USE-CANDIDATE' });
  return encodeMessage(
    { class: 'request', method: StunMethod.Binding, transactionId: input.transactionId, attributes },
    { integrity: shortTermKey(c.remotePwd ?? ''), fingerprint: true },
  );
}

/** RFC 8445 §7.3.1: a success response, XOR-MAPPED-ADDRESS = the request's source. */
export function encodeCheckSuccess(transactionId: Uint8Array, source: Address, localPwd: string): Uint8Array {
  return encodeMessage(
    {
      class: 'success',
      method: StunMethod.Binding,
      transactionId,
      attributes: [
        {
          type: 'XOR-MAPPED-ADDRESS',
          value: { family: familyOf(source.address) ?? 'IPv4', address: source.address, port: source.port },
        },
      ],
    },
    { integrity: shortTermKey(localPwd), fingerprint: true },
  );
}

/** RFC 8445 §7.3.1.1: 487 Role Conflict. */
export function encodeRoleConflict(transactionId: Uint8Array, localPwd: string): Uint8Array {
  return encodeMessage(
    {
      class: 'error',
      method: StunMethod.Binding,
      transactionId,
      attributes: [{ type: 'ERROR-CODE', value: { code: 487, reason: 'Role Conflict' } }],
    },
    { integrity: shortTermKey(localPwd), fingerprint: true },
  );
}

/**
 * RFC 8489 §6.3.1.1: 420 (Unknown Attribute) listing the comprehension-required attributes we did not
 * understand. §9.1.3: the request's MESSAGE-INTEGRITY verified, so the response is protected with the
 * same (short-term) password.
 */
export function encodeUnknownAttributes(
  transactionId: Uint8Array,
  codes: readonly number[],
  localPwd: string,
): Uint8Array {
  return encodeMessage(
    {
      class: 'error',
      method: StunMethod.Binding,
      transactionId,
      attributes: [
        { type: 'ERROR-CODE', value: { code: 420, reason: 'Unknown Attribute' } },
        { type: 'UNKNOWN-ATTRIBUTES', value: [...codes] },
      ],
    },
    { integrity: shortTermKey(localPwd), fingerprint: true },
  );
}

/** The comprehension-required attributes (RFC 8489 §14) a connectivity check may carry (RFC 8445 §7.2.2). */
const UNDERSTOOD_IN_CHECKS: ReadonlySet<string> = new Set(['USERNAME', 'PRIORITY', 'USE-CANDIDATE']);

/** At most this many codes are listed in a 420 (a request cannot make the answer grow without bound). */
const MAX_UNKNOWN_LISTED = 16;

/**
 * RFC 8489 §6.3.1: the comprehension-required attribute types (< 0x8000) of a Binding request that
 * the agent does not understand: types @rtc/stun does not know, and known STUN/TURN attributes that
 * mean nothing in a connectivity check. Attributes after MESSAGE-INTEGRITY are ignored (§14.5) and
 * never reach here. Comprehension-optional ones (>= 0x8000) are ignored.
 */
export function unknownCheckAttributes(msg: DecodedStunMessage): number[] {
  const codes: number[] = [];
  for (const a of msg.attributes) {
    const code = a.type === 'RAW' ? a.code : AttributeCode[a.type];
    if (code >= 0x8000 || UNDERSTOOD_IN_CHECKS.has(a.type) || codes.includes(code)) continue;
    codes.push(code);
    if (codes.length >= MAX_UNKNOWN_LISTED) break;
  }
  return codes;
}

/**
 * Why an incoming check was refused (each is counted, none is acted on). Only 'unknown-attribute' is
 * answered (with a 420, the request being authenticated); the others are dropped silently.
 */
export type CheckRejection =
  | 'unknown-attribute'
  | 'no-fingerprint'
  | 'bad-fingerprint'
  | 'no-username'
  | 'wrong-ufrag'
  | 'no-integrity'
  | 'bad-integrity'
  | 'no-priority'
  | 'no-role';

export interface ValidCheck {
  credentials: Credentials;
  priority: number;
  useCandidate: boolean;
  remoteRole: IceRole;
  remoteTieBreaker: bigint;
}

/**
 * RFC 8445 §7.3 with RFC 8489 §9.1.3: verifies FINGERPRINT, USERNAME (our ufrag on the left), the
 * short-term MESSAGE-INTEGRITY with our password, and the ICE attributes. Tries each generation's
 * credentials (the current one and, during a restart, the previous one).
 */
export function verifyCheckRequest(
  msg: DecodedStunMessage,
  generations: readonly Credentials[],
): ValidCheck | CheckRejection {
  const credentials = authenticateCheck(msg, generations);
  return typeof credentials === 'string' ? credentials : readCheckAttributes(msg, credentials);
}

/**
 * The authentication half of verifyCheckRequest (RFC 8489 §9.1.3): FINGERPRINT, USERNAME and
 * MESSAGE-INTEGRITY. RFC 8489 §6.3: unknown attributes are looked at only after this passed.
 */
export function authenticateCheck(
  msg: DecodedStunMessage,
  generations: readonly Credentials[],
): Credentials | CheckRejection {
  if (msg.fingerprintOffset < 0) return 'no-fingerprint';
  if (!verifyFingerprint(msg)) return 'bad-fingerprint';
  const username = getAttribute(msg, 'USERNAME')?.value;
  if (username === undefined) return 'no-username';
  const colon = username.indexOf(':');
  const ufrag = colon < 0 ? username : username.slice(0, colon);
  const credentials = generations.find((g) => g.localUfrag === ufrag);
  if (!credentials) return 'wrong-ufrag';
  if (msg.integrityOffset < 0) return 'no-integrity';
  if (!verifyIntegritySha1(msg, shortTermKey(credentials.localPwd))) return 'bad-integrity';
  return credentials;
}

/** RFC 8445 §7.3: the ICE attributes of an authenticated check (PRIORITY and a role are required). */
export function readCheckAttributes(
  msg: DecodedStunMessage,
  credentials: Credentials,
): ValidCheck | CheckRejection {
  const priority = getAttribute(msg, 'PRIORITY')?.value;
  if (priority === undefined || priority === 0) return 'no-priority';
  const controlling = getAttribute(msg, 'ICE-CONTROLLING')?.value;
  const controlled = getAttribute(msg, 'ICE-CONTROLLED')?.value;
  if (controlling === undefined && controlled === undefined) return 'no-role';
  return {
    credentials,
    priority,
    useCandidate: getAttribute(msg, 'USE-CANDIDATE') !== undefined,
    remoteRole: controlling !== undefined ? 'controlling' : 'controlled',
    remoteTieBreaker: (controlling ?? controlled)!,
  };
}
