import { encodeMessage, type StunAttribute, StunMethod, shortTermKey } from '@rtc/stun';

export interface PeerCheckOptions {
  /** Our (the agent's) ICE password: the check is authenticated with it (RFC 8445 §7.2.2). */
  pwd: string;
  priority: number;
  /** The peer's role, sent as ICE-CONTROLLING or ICE-CONTROLLED with this tie-breaker. */
  role: 'controlling' | 'controlled';
  tieBreaker: bigint;
  /** Every byte of the transaction id. */
  fill: number;
  useCandidate?: boolean;
  /** Attributes after the usual ones. */
  extra?: StunAttribute[];
}

/** A Binding request from the peer (ufrag 'remo') to an agent whose ufrag is 'loca', as it would send it. */
export function peerCheck(o: PeerCheckOptions): Uint8Array {
  return encodeMessage(
    {
      class: 'request',
      method: StunMethod.Binding,
      transactionId: new Uint8Array(12).fill(o.fill),
      attributes: [
        { type: 'USERNAME', value: 'loca:remo' },
        { type: 'PRIORITY', value: o.priority },
        o.role === 'controlling'
          ? { type: 'ICE-CONTROLLING', value: o.tieBreaker }
          : { type: 'ICE-CONTROLLED', value: o.tieBreaker },
        ...(o.useCandidate ? [{ type: 'USE-CANDIDATE' as const }] : []),
        ...(o.extra ?? []),
      ],
    },
    { integrity: shortTermKey(o.pwd), fingerprint: true },
  );
}
