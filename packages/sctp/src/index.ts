export { crc32c, sctpChecksum } from './crc32c.js';
export { SctpError, type SctpErrorCode } from './errors.js';
export * from './packet/index.js';
