import { nextSignalingState } from '../src/jsep/signaling-state.js';
import { classifyPacket } from '../src/transport/demux.js';
import { normalizeConfiguration, parseIceServerUrl } from '../src/w3c/configuration.js';
import { defineEventHandlers } from '../src/w3c/event-handlers.js';
import { RTCSessionDescription } from '../src/w3c/session-description.js';

describe('RFC 7983 demultiplexing', () => {
  test.each([
    [0, 'stun'],
    [1, 'stun'],
    [3, 'stun'],
    [4, 'unknown'],
    [19, 'unknown'],
    [20, 'dtls'],
    [22, 'dtls'],
    [63, 'dtls'],
    [64, 'turn-channel'],
    [79, 'turn-channel'],
    [80, 'unknown'],
    [127, 'unknown'],
    [128, 'rtp'],
    [191, 'rtp'],
    [192, 'unknown'],
    [255, 'unknown'],
  ])('first byte %i is %s', (byte, protocol) => {
    expect(classifyPacket(Uint8Array.of(byte, 0, 0))).toBe(protocol);
  });
  test('an empty datagram is unknown', () => expect(classifyPacket(new Uint8Array(0))).toBe('unknown'));
});

describe('JSEP signaling state machine', () => {
  test('offer/answer from both sides', () => {
    expect(nextSignalingState('stable', 'local', 'offer')).toBe('have-local-offer');
    expect(nextSignalingState('have-local-offer', 'remote', 'answer')).toBe('stable');
    expect(nextSignalingState('stable', 'remote', 'offer')).toBe('have-remote-offer');
    expect(nextSignalingState('have-remote-offer', 'local', 'pranswer')).toBe('have-local-pranswer');
    expect(nextSignalingState('have-local-pranswer', 'local', 'answer')).toBe('stable');
  });
  test('rollback only undoes the pending side', () => {
    expect(nextSignalingState('have-local-offer', 'local', 'rollback')).toBe('stable');
    expect(nextSignalingState('have-remote-offer', 'remote', 'rollback')).toBe('stable');
    expect(nextSignalingState('have-local-offer', 'remote', 'rollback')).toBeUndefined();
    expect(nextSignalingState('stable', 'local', 'rollback')).toBeUndefined();
    expect(nextSignalingState('have-local-pranswer', 'local', 'rollback')).toBeUndefined();
  });
  test('answers without an offer are refused', () => {
    expect(nextSignalingState('stable', 'local', 'answer')).toBeUndefined();
    expect(nextSignalingState('stable', 'remote', 'answer')).toBeUndefined();
    expect(nextSignalingState('have-local-offer', 'local', 'answer')).toBeUndefined();
    expect(nextSignalingState('closed', 'local', 'offer')).toBeUndefined();
  });
});

describe('RTCConfiguration', () => {
  test('defaults reach nothing outside the machine', () => {
    const c = normalizeConfiguration();
    expect(c.iceServers).toEqual([]);
    expect(c.iceTransportPolicy).toBe('all');
    expect(c.bundlePolicy).toBe('max-bundle');
    expect(c.rtcpMuxPolicy).toBe('require');
  });
  test('stun, turn and turns URLs per RFC 7064/7065', () => {
    expect(parseIceServerUrl('stun:127.0.0.1', { urls: '' })).toMatchObject({ kind: 'stun', port: 3478 });
    expect(parseIceServerUrl('stun:[::1]:1234', { urls: '' })).toMatchObject({ host: '::1', port: 1234 });
    const turn = parseIceServerUrl('turn:localhost:3479?transport=tcp', {
      urls: '',
      username: 'u',
      credential: 'p',
    });
    expect(turn).toMatchObject({
      kind: 'turn',
      secure: false,
      transport: 'tcp',
      username: 'u',
      credential: 'p',
    });
    const turns = parseIceServerUrl('turns:example.test', { urls: '', username: 'u', credential: 'p' });
    expect(turns).toMatchObject({ secure: true, port: 5349, transport: 'tcp' });
  });
  test('malformed configuration fails with the browser error names', () => {
    expect(() => parseIceServerUrl('http://x', { urls: '' })).toThrow(
      expect.objectContaining({ name: 'SyntaxError' }),
    );
    expect(() => parseIceServerUrl('stun:x?transport=udp', { urls: '' })).toThrow(
      expect.objectContaining({ name: 'SyntaxError' }),
    );
    expect(() => normalizeConfiguration({ iceServers: [{ urls: 'turn:x' }] })).toThrow(
      expect.objectContaining({ name: 'InvalidAccessError' }),
    );
    expect(() => normalizeConfiguration({ iceTransportPolicy: 'none' as 'all' })).toThrow(TypeError);
    expect(() => normalizeConfiguration({ iceCandidatePoolSize: 300 })).toThrow(TypeError);
  });
});

describe('W3C surface helpers', () => {
  test('RTCSessionDescription validates its type', () => {
    expect(new RTCSessionDescription({ type: 'offer', sdp: 'v=0' }).toJSON()).toEqual({
      type: 'offer',
      sdp: 'v=0',
    });
    expect(() => new RTCSessionDescription({ type: 'bogus' as 'offer' })).toThrow(TypeError);
  });
  test('on<event> attributes replace the previous handler', () => {
    class Target extends EventTarget {}
    defineEventHandlers(Target.prototype, ['ping']);
    const t = new Target() as Target & { onping: ((e: Event) => void) | null };
    const seen: string[] = [];
    t.onping = () => seen.push('first');
    t.onping = () => seen.push('second');
    t.dispatchEvent(new Event('ping'));
    expect(seen).toEqual(['second']);
    t.onping = null;
    t.dispatchEvent(new Event('ping'));
    expect(seen).toEqual(['second']);
    expect(t.onping).toBeNull();
  });
});
