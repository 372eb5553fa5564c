export { IceTransport, type IceTransportOptions } from './transport.js';
export { hostAddresses, type InterfaceAddress, type InterfaceFilterOptions } from './interfaces.js';
export { type MdnsResolver, multicastDnsResolver } from './mdns.js';
