// webrtc-stats: the RTCStatsReport (a Map of id -> stats dictionary) with the W3C field names.
// Times are DOMHighResTimeStamp (ms since the time origin); RTTs are reported in seconds.
import type { Candidate, PairStatsReport } from '@rtc/ice';
import type { RTCDataChannel } from './data-channel.js';

export type RTCStats = { id: string; type: string; timestamp: number } & Record<string, unknown>;
export type RTCStatsReport = Map<string, RTCStats>;

export interface ChannelCounters {
  messagesSent: number;
  bytesSent: number;
  messagesReceived: number;
  bytesReceived: number;
}

export interface StatsInput {
  timestamp: number;
  channels: Array<{ channel: RTCDataChannel; counters: ChannelCounters; statsId: number }>;
  dataChannelsOpened: number;
  dataChannelsClosed: number;
  /** RTP stream, codec and media-source stats (built by pc/media-stats.ts). */
  media?: RTCStats[];
  transport?: {
    iceState: string;
    dtlsState: string;
    iceRole: string | undefined;
    dtlsRole: string | undefined;
    localUfrag: string;
    pairs: PairStatsReport[];
    selectedPairId: number | undefined;
    selectedPairChanges: number;
    localFingerprint: string;
    localCertificateDer: Uint8Array;
    remoteCertificateDer: Uint8Array | undefined;
    dtlsCipher: string | undefined;
  };
}

function candidateStats(id: string, type: string, c: Candidate, timestamp: number): RTCStats {
  return {
    id,
    type,
    timestamp,
    transportId: 'T01',
    address: c.address,
    port: c.port,
    protocol: c.transport,
    candidateType: c.type,
    priority: c.priority,
    foundation: c.foundation,
    usernameFragment: c.ufrag,
    ...(c.relatedAddress !== undefined
      ? { relatedAddress: c.relatedAddress, relatedPort: c.relatedPort }
      : {}),
  };
}

const candidateKey = (c: Candidate) => `${c.type}_${c.address}_${c.port}_${c.transport}`;

function base64(der: Uint8Array): string {
  return Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
}

export function buildStatsReport(input: StatsInput): RTCStatsReport {
  const { timestamp } = input;
  const report: RTCStatsReport = new Map();
  const add = (s: RTCStats) => report.set(s.id, s);
  add({
    id: 'P',
    type: 'peer-connection',
    timestamp,
    dataChannelsOpened: input.dataChannelsOpened,
    dataChannelsClosed: input.dataChannelsClosed,
  });
  for (const { channel, counters, statsId } of input.channels) {
    add({
      id: `D${statsId}`,
      type: 'data-channel',
      timestamp,
      label: channel.label,
      protocol: channel.protocol,
      ...(channel.id !== null ? { dataChannelIdentifier: channel.id } : {}),
      state: channel.readyState,
      ...counters,
    });
  }
  for (const m of input.media ?? []) add(m);
  const t = input.transport;
  if (!t) return report;
  let bytesSent = 0;
  let bytesReceived = 0;
  let packetsSent = 0;
  let packetsReceived = 0;
  for (const p of t.pairs) {
    const localId = `I${candidateKey(p.localCandidate)}`;
    const remoteId = `I${candidateKey(p.remoteCandidate)}`;
    add(candidateStats(localId, 'local-candidate', p.localCandidate, timestamp));
    add(candidateStats(remoteId, 'remote-candidate', p.remoteCandidate, timestamp));
    bytesSent += p.bytesSent;
    bytesReceived += p.bytesReceived;
    packetsSent += p.packetsSent;
    packetsReceived += p.packetsReceived;
    add({
      id: `CP${p.id}`,
      type: 'candidate-pair',
      timestamp,
      transportId: 'T01',
      localCandidateId: localId,
      remoteCandidateId: remoteId,
      state: p.state,
      nominated: p.nominated,
      priority: Number(p.priority),
      packetsSent: p.packetsSent,
      packetsReceived: p.packetsReceived,
      bytesSent: p.bytesSent,
      bytesReceived: p.bytesReceived,
      requestsSent: p.requestsSent,
      requestsReceived: p.requestsReceived,
      responsesSent: p.responsesSent,
      responsesReceived: p.responsesReceived,
      consentRequestsSent: p.consentRequestsSent,
      totalRoundTripTime: p.totalRoundTripTime / 1000,
      ...(p.currentRoundTripTime !== undefined
        ? { currentRoundTripTime: p.currentRoundTripTime / 1000 }
        : {}),
      ...(p.lastPacketSentTimestamp !== undefined
        ? { lastPacketSentTimestamp: p.lastPacketSentTimestamp }
        : {}),
      ...(p.lastPacketReceivedTimestamp !== undefined
        ? { lastPacketReceivedTimestamp: p.lastPacketReceivedTimestamp }
        : {}),
    });
  }
  add({
    id: 'CFlocal',
    type: 'certificate',
    timestamp,
    fingerprint: t.localFingerprint,
    fingerprintAlgorithm: 'sha-256',
    base64Certificate: base64(t.localCertificateDer),
  });
  if (t.remoteCertificateDer) {
    add({
      id: 'CFremote',
      type: 'certificate',
      timestamp,
      fingerprintAlgorithm: 'sha-256',
      base64Certificate: base64(t.remoteCertificateDer),
    });
  }
  add({
    id: 'T01',
    type: 'transport',
    timestamp,
    bytesSent,
    bytesReceived,
    packetsSent,
    packetsReceived,
    iceState: t.iceState,
    dtlsState: t.dtlsState,
    ...(t.iceRole !== undefined ? { iceRole: t.iceRole } : {}),
    ...(t.dtlsRole !== undefined ? { dtlsRole: t.dtlsRole } : {}),
    iceLocalUsernameFragment: t.localUfrag,
    ...(t.selectedPairId !== undefined ? { selectedCandidatePairId: `CP${t.selectedPairId}` } : {}),
    selectedCandidatePairChanges: t.selectedPairChanges,
    localCertificateId: 'CFlocal',
    ...(t.remoteCertificateDer ? { remoteCertificateId: 'CFremote', tlsVersion: 'FEFD' } : {}),
    ...(t.dtlsCipher !== undefined ? { dtlsCipher: t.dtlsCipher } : {}),
  });
  return report;
}
