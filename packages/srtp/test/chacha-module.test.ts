// The ChaCha20-Poly1305 module bytes a process compiles are kept ready in
// chacha20-poly1305-module.generated.ts; they must be exactly what the assembler produces, or the
// kernel the tests check (assembled) and the one that runs (generated) would differ.
import { chachaModuleBytes, fromBase64 } from '../src/crypto/chacha20-poly1305-kernel.js';
import {
  CHACHA_MODULE_SCALAR,
  CHACHA_MODULE_SIMD,
} from '../src/crypto/chacha20-poly1305-module.generated.js';

const REGENERATE = 'out of date: pnpm --filter @rtc/srtp build && pnpm --filter @rtc/srtp generate:wasm';

describe('generated ChaCha20-Poly1305 modules', () => {
  test.each([
    ['SIMD', true, CHACHA_MODULE_SIMD],
    ['scalar', false, CHACHA_MODULE_SCALAR],
  ] as const)('%s module equals the assembled one', (_name, simd, generated) => {
    const assembled = Buffer.from(chachaModuleBytes(simd)).toString('base64');
    if (generated !== assembled) throw new Error(`chacha20-poly1305-module.generated.ts is ${REGENERATE}`);
    expect(generated).toBe(assembled);
  });
});

describe('decoding the generated modules', () => {
  test.each([
    ['SIMD', true, CHACHA_MODULE_SIMD],
    ['scalar', false, CHACHA_MODULE_SCALAR],
  ] as const)(
    '%s: Buffer and the atob fallback (hosts without Buffer) give the assembled bytes',
    (_n, simd, text) => {
      const assembled = chachaModuleBytes(simd);
      expect(fromBase64(text)).toEqual(assembled);
      const saved = globalThis.Buffer;
      try {
        (globalThis as { Buffer?: unknown }).Buffer = undefined;
        expect(fromBase64(text)).toEqual(assembled);
      } finally {
        globalThis.Buffer = saved;
      }
    },
  );
});
