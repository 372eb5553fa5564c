// webrtc-pc §4.4.1.6 addIceCandidate: a candidate applied to the ICE agent is also added to the
// remote description it belongs to, so that remoteDescription.sdp shows every remote candidate
// (those that came in the description and those trickled after it), as in browsers.
import type { PeerState } from '../pc/peer-state.js';
import { RTCSessionDescription } from '../w3c/session-description.js';

/**
 * At most this many candidates per section are listed: @rtc/ice keeps at most 100 remote candidates
 * per ICE generation and ignores the rest, and a peer trickling without end must not grow the
 * description (each addition rewrites it) without bound either.
 */
export const MAX_DESCRIPTION_CANDIDATES = 100;

/** Where a trickled candidate goes: its m-section by mid, else by index (webrtc-pc §4.8.1.1). */
export interface CandidateTarget {
  sdpMid: string | null;
  sdpMLineIndex: number | null;
  /** The ICE generation it is for (RFC 8838 §4.1), or null for the current one. */
  usernameFragment: string | null;
}

/**
 * `sdp` with `a=candidate:<candidate>` appended to the target m-section, or undefined when it does
 * not belong there: no such section, a section of another ICE generation (ufrag), the line is
 * already in it, or it lists MAX_DESCRIPTION_CANDIDATES already. `candidate` is the attribute
 * value (`candidate:...`, without `a=`).
 */
export function withRemoteCandidate(
  sdp: string,
  candidate: string,
  target: CandidateTarget,
): string | undefined {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(/\r?\n/);
  // A trailing line break leaves one empty element: keep it last.
  const trailing = lines.length > 0 && lines[lines.length - 1] === '' ? lines.pop() : undefined;
  const starts: number[] = [];
  for (let i = 0; i < lines.length; i++) if (lines[i]!.startsWith('m=')) starts.push(i);
  const section = sectionIndex(lines, starts, target);
  if (section === undefined) return undefined;
  const begin = starts[section]!;
  const end = starts[section + 1] ?? lines.length;
  if (target.usernameFragment !== null) {
    const ufrag =
      attribute(lines, begin, end, 'ice-ufrag') ?? attribute(lines, 0, starts[0] ?? 0, 'ice-ufrag');
    if (ufrag !== undefined && ufrag !== target.usernameFragment) return undefined;
  }
  const line = `a=${candidate}`;
  // After the section's last candidate, else at its end (RFC 8839 §5.1 puts no order on them).
  let at = end;
  let count = 0;
  for (let i = begin + 1; i < end; i++) {
    const l = lines[i]!;
    if (!l.startsWith('a=candidate:')) continue;
    if (l === line) return undefined;
    count++;
    at = i + 1;
  }
  if (count >= MAX_DESCRIPTION_CANDIDATES) return undefined;
  lines.splice(at, 0, line);
  if (trailing !== undefined) lines.push(trailing);
  return lines.join(eol);
}

/**
 * Adds an applied candidate to the remote descriptions of its ICE generation: with a ufrag, to the
 * pending and the current one where their section carries that ufrag; without, to the latest
 * remote description (pending, else current).
 */
export function addToRemoteDescriptions(s: PeerState, candidate: string, target: CandidateTarget): void {
  const add = (d: RTCSessionDescription | undefined) => {
    if (!d) return d;
    const sdp = withRemoteCandidate(d.sdp, candidate, target);
    return sdp === undefined ? d : new RTCSessionDescription({ type: d.type, sdp });
  };
  if (target.usernameFragment === null) {
    if (s.pendingRemote) s.pendingRemote = add(s.pendingRemote);
    else s.currentRemote = add(s.currentRemote);
    return;
  }
  s.pendingRemote = add(s.pendingRemote);
  s.currentRemote = add(s.currentRemote);
}

function sectionIndex(lines: string[], starts: number[], target: CandidateTarget): number | undefined {
  if (target.sdpMid !== null) {
    for (let s = 0; s < starts.length; s++) {
      if (attribute(lines, starts[s]!, starts[s + 1] ?? lines.length, 'mid') === target.sdpMid) return s;
    }
    return undefined;
  }
  const index = target.sdpMLineIndex;
  return index !== null && index >= 0 && index < starts.length ? index : undefined;
}

function attribute(lines: string[], begin: number, end: number, name: string): string | undefined {
  const prefix = `a=${name}:`;
  for (let i = begin; i < end; i++)
    if (lines[i]!.startsWith(prefix)) return lines[i]!.slice(prefix.length).trim();
  return undefined;
}
