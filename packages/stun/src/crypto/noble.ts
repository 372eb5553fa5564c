import { hmac } from '@noble/hashes/hmac.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { constantTimeEqualPrefix, type HashBackend } from './backend.js';

/** Pure-JS hashes from @noble/hashes: runs anywhere (browsers, Deno, Bun, Node without OpenSSL). */
export const nobleBackend: HashBackend = {
  name: 'noble',
  hmacSha1(key, head, body) {
    return hmac.create(sha1, key).update(head).update(body).digest();
  },
  hmacSha256(key, head, body) {
    return hmac.create(sha256, key).update(head).update(body).digest();
  },
  md5(data) {
    return md5(data);
  },
  sha256(data) {
    return sha256(data);
  },
  equalPrefix: constantTimeEqualPrefix,
};
