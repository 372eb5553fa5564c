import { type Address, addressKey } from '../address.js';

/**
 * RFC 4787 §4.1 mapping behaviour: which outbound datagrams from one internal endpoint
 * (X:x) reuse the same external mapping (X1':x1').
 * - 'endpoint-independent': the same mapping for every destination.
 * - 'address-dependent': the same mapping while the destination IP is the same.
 * - 'address-and-port-dependent': the same mapping only for the same destination IP and port.
 */
export type NatMappingBehaviour = 'endpoint-independent' | 'address-dependent' | 'address-and-port-dependent';

/**
 * RFC 4787 §5 filtering behaviour: which external endpoints may send to a mapping.
 * - 'endpoint-independent': any external endpoint.
 * - 'address-dependent': only IPs the internal endpoint has sent to.
 * - 'address-and-port-dependent': only IP:port pairs the internal endpoint has sent to.
 */
export type NatFilteringBehaviour =
  | 'endpoint-independent'
  | 'address-dependent'
  | 'address-and-port-dependent';

/** How the NAT picks the external port of a new mapping. */
export type NatPortAllocation = 'preserve' | 'sequential' | 'random';

/** The key under which an outbound datagram looks up its mapping. */
export function mappingKey(behaviour: NatMappingBehaviour, internal: Address, dst: Address): string {
  const from = addressKey(internal);
  switch (behaviour) {
    case 'endpoint-independent':
      return from;
    case 'address-dependent':
      return `${from}>${dst.ip}`;
    case 'address-and-port-dependent':
      return `${from}>${addressKey(dst)}`;
  }
}
