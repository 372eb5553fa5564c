// The DTLS endpoint's first-flight work (the client's ClientHello, the server's ephemeral key) is
// done in a task after the operation that started DTLS, while ICE is still checking: not inside
// setLocalDescription/setRemoteDescription (the description is on the connect's critical path),
// and not once the pair is valid or the ClientHello has come (the handshake is).
import { DtlsEndpoint } from '@rtc/dtls';
import { connectedPair } from './helpers.js';

describe('DTLS first flight prepared ahead', () => {
  const prepare = DtlsEndpoint.prototype.prepare;
  afterEach(() => {
    DtlsEndpoint.prototype.prepare = prepare;
  });

  it('each side prepares once, after the operation that started its DTLS has resolved, and the pair connects', async () => {
    const calls: string[] = [];
    DtlsEndpoint.prototype.prepare = function (this: DtlsEndpoint) {
      calls.push(this.role);
      prepare.call(this);
    };
    const { a, b } = await connectedPair('prepare');
    try {
      // The answerer (setup:active) is the client; the offerer the server.
      expect(calls.sort()).toEqual(['client', 'server']);
      expect(a.connectionState).toBe('connected');
      expect(b.connectionState).toBe('connected');
    } finally {
      a.close();
      b.close();
    }
  }, 10_000);

  it('nothing is prepared inside setLocalDescription', async () => {
    const calls: string[] = [];
    DtlsEndpoint.prototype.prepare = function (this: DtlsEndpoint) {
      calls.push(this.role);
      prepare.call(this);
    };
    const { RTCPeerConnection } = await import('../src/index.js');
    const a = new RTCPeerConnection({}, { hostAddresses: ['127.0.0.1'] });
    const b = new RTCPeerConnection({}, { hostAddresses: ['127.0.0.1'] });
    try {
      a.createDataChannel('x');
      await a.setLocalDescription();
      await b.setRemoteDescription(a.localDescription!);
      await b.setLocalDescription();
      // b's DTLS client exists now; its ClientHello is made a task later.
      expect(calls).toEqual([]);
      await new Promise((r) => setImmediate(r));
      expect(calls).toEqual(['client']);
    } finally {
      a.close();
      b.close();
    }
  }, 10_000);
});
