// webrtc-pc §4.4.1.6 addIceCandidate: an applied candidate is added to the remote description of
// its ICE generation (remoteDescription.sdp lists the trickled candidates too, as in browsers).
import { MAX_DESCRIPTION_CANDIDATES, withRemoteCandidate } from '../src/jsep/remote-candidates.js';
import { gathered, peersClosedAfterEach, trickle, until } from './helpers.js';

const SDP = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE a v',
  'a=ice-ufrag:sess',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 0.0.0.0',
  'a=mid:a',
  'a=candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host',
  'a=rtcp-mux',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'c=IN IP4 0.0.0.0',
  'a=ice-ufrag:vid',
  'a=mid:v',
  '',
].join('\r\n');

const C2 = 'candidate:2 1 udp 2130706430 127.0.0.1 5002 typ host';
const target = (
  sdpMid: string | null,
  sdpMLineIndex: number | null,
  usernameFragment: string | null = null,
) => ({
  sdpMid,
  sdpMLineIndex,
  usernameFragment,
});

describe('withRemoteCandidate', () => {
  it('appends after the section’s last candidate, by mid, keeping CRLF and the final line break', () => {
    const out = withRemoteCandidate(SDP, C2, target('a', null))!;
    const lines = out.split('\r\n');
    expect(lines.indexOf(`a=${C2}`)).toBe(
      lines.indexOf('a=candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host') + 1,
    );
    expect(out.endsWith('a=mid:v\r\n')).toBe(true);
    expect(out.includes('\n\n')).toBe(false);
  });

  it('appends at the end of a section without candidates, by index', () => {
    const out = withRemoteCandidate(SDP, C2, target(null, 1))!;
    expect(out.endsWith(`a=mid:v\r\na=${C2}\r\n`)).toBe(true);
  });

  it('mid wins over index; an unknown mid or an index out of range adds nothing', () => {
    expect(withRemoteCandidate(SDP, C2, target('v', 0))!.endsWith(`a=${C2}\r\n`)).toBe(true);
    expect(withRemoteCandidate(SDP, C2, target('x', 0))).toBeUndefined();
    expect(withRemoteCandidate(SDP, C2, target(null, 2))).toBeUndefined();
    expect(withRemoteCandidate(SDP, C2, target(null, -1))).toBeUndefined();
    expect(withRemoteCandidate(SDP, C2, target(null, null))).toBeUndefined();
  });

  it('a ufrag must match the section’s (or the session’s) ice-ufrag', () => {
    expect(withRemoteCandidate(SDP, C2, target('v', null, 'vid'))).toBeDefined();
    expect(withRemoteCandidate(SDP, C2, target('v', null, 'sess'))).toBeUndefined();
    expect(withRemoteCandidate(SDP, C2, target('a', null, 'sess'))).toBeDefined();
    expect(withRemoteCandidate(SDP, C2, target('a', null, 'old'))).toBeUndefined();
  });

  it('a line already in the section is not added twice; LF-only SDP stays LF', () => {
    const once = withRemoteCandidate(SDP, C2, target('a', null))!;
    expect(withRemoteCandidate(once, C2, target('a', null))).toBeUndefined();
    const lf = withRemoteCandidate(SDP.replace(/\r\n/g, '\n'), C2, target('a', null))!;
    expect(lf.includes('\r')).toBe(false);
    expect(lf).toContain(`\na=${C2}\n`);
  });

  it('a section lists at most MAX_DESCRIPTION_CANDIDATES candidates (a peer trickling without end)', () => {
    let sdp = SDP;
    for (let i = 0; i < MAX_DESCRIPTION_CANDIDATES + 20; i++) {
      sdp =
        withRemoteCandidate(
          sdp,
          `candidate:${i + 10} 1 udp 100 10.0.0.1 ${1000 + i} typ host`,
          target('a', null),
        ) ?? sdp;
    }
    const inAudio = sdp.split('m=video')[0]!.match(/^a=candidate:/gm) ?? [];
    expect(inAudio).toHaveLength(MAX_DESCRIPTION_CANDIDATES);
    // Another section has its own allowance.
    expect(withRemoteCandidate(sdp, C2, target('v', null))).toBeDefined();
  });
});

describe('addIceCandidate and remoteDescription', () => {
  const newPeer = peersClosedAfterEach();

  it('the trickled candidates appear in remoteDescription.sdp (current and pending) on both sides', async () => {
    const a = newPeer();
    const b = newPeer();
    trickle(a, b);
    a.createDataChannel('x');
    await a.setLocalDescription();
    // The offer leaves before a has gathered: it carries no candidate; they come by trickle.
    expect(a.localDescription!.sdp).not.toMatch(/a=candidate:/);
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription!);
    await Promise.all([gathered(a), gathered(b)]);
    await until(
      () => /a=candidate:/.test(a.remoteDescription!.sdp) && /a=candidate:/.test(b.remoteDescription!.sdp),
    );
    const candidatesOf = (sdp: string) => (sdp.match(/^a=candidate:.*$/gm) ?? []).sort();
    // Each side's remote description now lists what the other gathered.
    expect(candidatesOf(b.remoteDescription!.sdp)).toEqual(candidatesOf(a.localDescription!.sdp));
    expect(candidatesOf(a.remoteDescription!.sdp)).toEqual(candidatesOf(b.localDescription!.sdp));
    expect(a.currentRemoteDescription!.sdp).toBe(a.remoteDescription!.sdp);
  }, 10_000);

  it('a candidate for another ICE generation is not added to the description', async () => {
    const a = newPeer();
    const b = newPeer();
    a.createDataChannel('x');
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription!);
    const before = b.remoteDescription!.sdp;
    await b
      .addIceCandidate({ candidate: C2, sdpMid: '0', usernameFragment: 'not-this-one' })
      .catch(() => undefined);
    expect(b.remoteDescription!.sdp).toBe(before);
    // A line that would smuggle another SDP line in is refused by the candidate grammar first.
    await expect(
      b.addIceCandidate({ candidate: `${C2}\r\na=fingerprint:sha-256 00`, sdpMid: '0' }),
    ).rejects.toThrow();
    await expect(
      b.addIceCandidate({ candidate: `${C2} x y\na=setup:passive`, sdpMid: '0' }),
    ).rejects.toThrow();
    expect(b.remoteDescription!.sdp).toBe(before);
    await b.addIceCandidate({ candidate: C2, sdpMid: '0' });
    expect(b.remoteDescription!.sdp).toContain(`a=${C2}`);
    expect(b.pendingRemoteDescription!.sdp).toContain(`a=${C2}`);
  }, 10_000);
});
