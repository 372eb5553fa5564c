import { StunError } from './errors.js';

/** RFC 8489 §5: a new 96-bit transaction id from the platform CSPRNG. */
export function createTransactionId(): Uint8Array {
  const id = new Uint8Array(12);
  globalThis.crypto.getRandomValues(id);
  return id;
}

/** A string key for maps of transactions (the 12 id bytes as latin1 text: cheap, collision-free). */
export function transactionKey(id: Uint8Array): string {
  if (id.length !== 12) throw new StunError('invalid-argument', 'transaction id must be 12 bytes');
  return String.fromCharCode(
    id[0]!,
    id[1]!,
    id[2]!,
    id[3]!,
    id[4]!,
    id[5]!,
    id[6]!,
    id[7]!,
    id[8]!,
    id[9]!,
    id[10]!,
    id[11]!,
  );
}
