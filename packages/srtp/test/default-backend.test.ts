import { defaultCryptoBackend, nodeCryptoBackend } from '../src/index.js';

test('on Node the default backend is node:crypto, found without importing it', () => {
  expect(nodeCryptoBackend?.name).toBe('node');
  expect(defaultCryptoBackend).toBe(nodeCryptoBackend);
});
