export { hostAddresses, type InterfaceAddress, type InterfaceFilterOptions } from './interfaces.js';
export { literalLookup } from './literal-lookup.js';
export { type MdnsResolver, multicastDnsResolver } from './mdns.js';
export { IceTransport, type IceTransportOptions } from './transport.js';
