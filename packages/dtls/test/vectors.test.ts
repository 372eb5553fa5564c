import { readFileSync } from 'node:fs';
import {
  computeVerifyData,
  deriveMasterSecret,
  deriveTrafficKeys,
  exportKeyingMaterial,
} from '../src/crypto/key-schedule.js';
import { prf } from '../src/crypto/prf.js';
import { CIPHER_SUITES } from '../src/crypto/suites.js';

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`./vectors/${name}`, import.meta.url), 'utf8'));
const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('TLS 1.2 PRF vectors (tls12-prf-p-hash.json)', () => {
  const v = load('tls12-prf-p-hash.json');
  for (const t of v.vectors) {
    it(t.id, () => {
      const out = prf(t.hash, hex(t.secret_hex), t.label_ascii, hex(t.seed_hex), t.length);
      expect(toHex(out)).toBe(t.output_hex.toLowerCase());
    });
  }
});

describe('DTLS-SRTP key schedule (dtls-srtp-exporter-constructed.json)', () => {
  const v = load('dtls-srtp-exporter-constructed.json');
  const pms = hex(v.inputs.pre_master_secret_hex);
  const cr = hex(v.inputs.client_random_hex);
  const sr = hex(v.inputs.server_random_hex);
  const st = v.steps;
  const master = hex(st.master_secret.hex);
  const suite = CIPHER_SUITES.find((s) => s.name === 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256')!;

  it('master secret', () => {
    expect(toHex(deriveMasterSecret('sha256', pms, cr, sr, undefined))).toBe(st.master_secret.hex);
  });
  it('extended master secret (RFC 7627)', () => {
    const h = hex(st.handshake_hash_placeholder.hex);
    expect(toHex(deriveMasterSecret('sha256', pms, cr, sr, h))).toBe(st.extended_master_secret.hex);
  });
  it('key block split for AES_128_GCM', () => {
    const k = deriveTrafficKeys(suite, master, cr, sr);
    expect(toHex(Buffer.concat([k.clientKey, k.serverKey, k.clientIv, k.serverIv]))).toBe(
      st.key_block_40.hex,
    );
  });
  it('Finished verify_data both sides', () => {
    const h = hex(st.handshake_hash_placeholder.hex);
    expect(toHex(computeVerifyData('sha256', master, 'client finished', h))).toBe(
      st.client_finished_verify_data.hex,
    );
    expect(toHex(computeVerifyData('sha256', master, 'server finished', h))).toBe(
      st.server_finished_verify_data.hex,
    );
  });
  it.each([60, 56, 88])('EXTRACTOR-dtls_srtp exporter, %i bytes', (n) => {
    const out = exportKeyingMaterial('sha256', master, 'EXTRACTOR-dtls_srtp', cr, sr, n);
    expect(toHex(out)).toBe(st.exporter_dtls_srtp[`L${n}_hex`]);
  });
});
