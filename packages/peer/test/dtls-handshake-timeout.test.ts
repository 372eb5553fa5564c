import { dtlsHandshakeTimeout } from '../src/transport/dtls-endpoint.js';

// The DTLS handshake's first retransmission timer from the ICE round trip of its path (RFC 6347
// §4.2.4.1 lets it be shorter than 1 s): 2 x RTT within 50 ms to 3 s, 100 ms without a measurement.
describe('dtlsHandshakeTimeout', () => {
  it.each([
    [0.3, 50],
    [25, 50],
    [40, 80],
    [180, 360],
    [1500, 3000],
    [20_000, 3000],
  ])('RTT %p ms -> %p ms', (rtt, timer) => {
    expect(dtlsHandshakeTimeout(rtt)).toBe(timer);
  });

  it.each([undefined, Number.NaN, -1, Number.POSITIVE_INFINITY])('no usable RTT (%p) -> 100 ms', (rtt) => {
    expect(dtlsHandshakeTimeout(rtt)).toBe(100);
  });
});
