// The media agent: one side of a media interop test around any W3C-shaped RTCPeerConnection. Like
// the data-channel agent (../scenarios/agent.ts) it is written once and runs in two places: in Node
// around a constructor (libwebrtc via @roamhq/wrtc) and inside Chromium's page, where its source is
// injected with Function.prototype.toString. So it must not reference anything outside its own body
// and only small JSON crosses the page boundary (tracks and stats stay inside; summaries come out).

export interface Description {
  type: string;
  sdp: string;
}

/** One `track` event as seen by the agent. */
export interface TrackInfo {
  kind: string;
  id: string;
  mid: string | null;
  streams: string[];
}

/** The webrtc-stats fields the media tests look at, per RTP stream (absent fields are undefined). */
export interface RtpStreamStats {
  type: string;
  kind: string;
  ssrc: number;
  mid?: string;
  mimeType?: string;
  packetsReceived?: number;
  packetsLost?: number;
  bytesReceived?: number;
  jitter?: number;
  framesReceived?: number;
  framesDecoded?: number;
  keyFramesDecoded?: number;
  framesDropped?: number;
  frameWidth?: number;
  frameHeight?: number;
  totalSamplesReceived?: number;
  concealedSamples?: number;
  pliCount?: number;
  firCount?: number;
  nackCount?: number;
  retransmittedPacketsReceived?: number;
  packetsSent?: number;
  bytesSent?: number;
  framesEncoded?: number;
  framesSent?: number;
  keyFramesEncoded?: number;
  retransmittedPacketsSent?: number;
  roundTripTime?: number;
  roundTripTimeMeasurements?: number;
  fractionLost?: number;
  reportsSent?: number;
  remoteTimestamp?: number;
}

export interface MediaStatsSummary {
  inbound: RtpStreamStats[];
  outbound: RtpStreamStats[];
  remoteInbound: RtpStreamStats[];
  remoteOutbound: RtpStreamStats[];
  /** The selected candidate pair's send-side bandwidth estimate (bps), when reported. */
  availableOutgoingBitrate: number | undefined;
  connectionState: string;
}

export interface MediaAgentOptions {
  /** Attach received tracks to muted <video>/<audio> elements (in a page), so Chromium renders
   * them and audio is played out (totalSamplesReceived counts only pulled audio). */
  render?: boolean;
  /** Called with each received track (Node only: e.g. to attach a libwebrtc sink). */
  onTrack?: (track: unknown) => void;
  /** Data channels echo what they receive (default true); false leaves them to the caller. */
  echo?: boolean;
}

export interface MediaAgent {
  /** The RTCPeerConnection (Node only; in a page it stays inside). */
  // biome-ignore lint/suspicious/noExplicitAny: any W3C-shaped RTCPeerConnection
  readonly pc: any;
  /** getUserMedia (Chromium's fake devices) and addTrack of every track to one stream. */
  addUserMedia(constraints: { audio: boolean; video: boolean }): Promise<string[]>;
  /** addTrack for tracks made elsewhere (Node: libwebrtc's nonstandard sources), in `stream`. */
  addTracks(tracks: unknown[], stream?: unknown): void;
  addTransceiver(kind: string, direction: string): void;
  offer(trickle: boolean): Promise<Description>;
  answer(offer: Description, trickle: boolean): Promise<Description>;
  accept(answer: Description): Promise<void>;
  addCandidate(candidate: unknown): Promise<void>;
  waitConnected(timeoutMs: number): Promise<void>;
  waitTracks(count: number, timeoutMs: number): Promise<TrackInfo[]>;
  /** A data channel that echoes what it receives (with `echo: false`, a channel left to the caller). */
  createChannel(label: string): void;
  /** RTCPeerConnection.restartIce(): the next offer carries new ICE credentials (RFC 8829 §5.2.1). */
  restartIce(): void;
  /** Messages echoed back on data channels so far. */
  echoed(): number;
  stats(): Promise<MediaStatsSummary>;
  localDescription(): Description | undefined;
  remoteDescription(): Description | undefined;
  close(): void;
}

export function createMediaAgent(
  // biome-ignore lint/suspicious/noExplicitAny: the constructor is any W3C-shaped RTCPeerConnection
  Ctor: any,
  config: unknown,
  emitCandidate: (c: unknown) => void,
  options: MediaAgentOptions,
): MediaAgent {
  const pc = new Ctor(config);
  const tracks: TrackInfo[] = [];
  // biome-ignore lint/suspicious/noExplicitAny: media elements or foreign tracks
  const keep: any[] = [];
  let trickling = true;
  let echoes = 0;
  const waiters: Array<() => void> = [];
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  async function until(what: string, cond: () => boolean, timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }
  // Every data channel echoes what it receives.
  // biome-ignore lint/suspicious/noExplicitAny: foreign channel objects
  function adopt(ch: any): void {
    ch.binaryType = 'arraybuffer';
    keep.push(ch);
    ch.addEventListener('message', (e: { data: unknown }) => {
      if (ch.readyState !== 'open') return;
      ch.send(e.data);
      echoes++;
    });
  }
  if (options.echo !== false)
    pc.addEventListener('datachannel', (e: { channel: unknown }) => adopt(e.channel));
  pc.addEventListener('connectionstatechange', wake);
  pc.addEventListener('iceconnectionstatechange', wake);
  // biome-ignore lint/suspicious/noExplicitAny: foreign event shapes
  pc.addEventListener('track', (e: any) => {
    const track = e.track;
    tracks.push({
      kind: String(track.kind),
      id: String(track.id),
      mid: e.transceiver ? (e.transceiver.mid ?? null) : null,
      // biome-ignore lint/suspicious/noExplicitAny: foreign stream objects
      streams: (e.streams ?? []).map((s: any) => String(s.id)),
    });
    if (options.onTrack) options.onTrack(track);
    const g = globalThis as unknown as {
      document?: { createElement(t: string): unknown; body: { appendChild(n: unknown): void } };
      MediaStream?: new (t: unknown[]) => unknown;
    };
    if (options.render && g.document && g.MediaStream) {
      const el = g.document.createElement(track.kind === 'video' ? 'video' : 'audio') as {
        muted: boolean;
        autoplay: boolean;
        srcObject: unknown;
        play(): Promise<void>;
      };
      el.muted = true;
      el.autoplay = true;
      el.srcObject = new g.MediaStream([track]);
      g.document.body.appendChild(el);
      el.play().catch(() => undefined);
      keep.push(el);
    }
    wake();
  });
  pc.addEventListener('icecandidate', (e: { candidate: { toJSON?: () => unknown } | null }) => {
    if (!trickling || !e.candidate) return;
    const c = e.candidate;
    const json = typeof c.toJSON === 'function' ? c.toJSON() : c;
    if ((json as { candidate?: string }).candidate) emitCandidate(json);
  });
  const gathered = () => until('ICE gathering complete', () => pc.iceGatheringState === 'complete', 15_000);
  const desc = (d: { type: string; sdp: string } | null): Description | undefined =>
    d ? { type: String(d.type), sdp: String(d.sdp) } : undefined;

  // Reads the fields of RtpStreamStats that are numbers or strings from one stats object.
  const FIELDS = [
    'mid',
    'packetsReceived',
    'packetsLost',
    'bytesReceived',
    'jitter',
    'framesReceived',
    'framesDecoded',
    'keyFramesDecoded',
    'framesDropped',
    'frameWidth',
    'frameHeight',
    'totalSamplesReceived',
    'concealedSamples',
    'pliCount',
    'firCount',
    'nackCount',
    'retransmittedPacketsReceived',
    'packetsSent',
    'bytesSent',
    'framesEncoded',
    'framesSent',
    'keyFramesEncoded',
    'retransmittedPacketsSent',
    'roundTripTime',
    'roundTripTimeMeasurements',
    'fractionLost',
    'reportsSent',
    'remoteTimestamp',
  ];
  function pick(s: Record<string, unknown>, codecs: Map<unknown, string>): RtpStreamStats {
    const out: Record<string, unknown> = {
      type: String(s.type),
      kind: String(s.kind ?? s.mediaType),
      ssrc: Number(s.ssrc),
    };
    const mime = codecs.get(s.codecId);
    if (mime) out.mimeType = mime;
    for (const f of FIELDS) {
      const v = s[f];
      if (typeof v === 'number' || typeof v === 'string') out[f] = v;
    }
    return out as unknown as RtpStreamStats;
  }

  return {
    pc,
    async addUserMedia(constraints) {
      const g = globalThis as unknown as {
        navigator: { mediaDevices: { getUserMedia(c: unknown): Promise<{ getTracks(): unknown[] }> } };
      };
      const stream = await g.navigator.mediaDevices.getUserMedia(constraints);
      const ts = stream.getTracks();
      // biome-ignore lint/suspicious/noExplicitAny: foreign track objects
      for (const t of ts) pc.addTrack(t as any, stream);
      keep.push(stream);
      // biome-ignore lint/suspicious/noExplicitAny: foreign track objects
      return ts.map((t: any) => String(t.kind));
    },
    addTracks(ts, stream) {
      for (const t of ts) {
        if (stream) pc.addTrack(t, stream);
        else pc.addTrack(t);
      }
    },
    addTransceiver(kind, direction) {
      pc.addTransceiver(kind, { direction });
    },
    restartIce() {
      pc.restartIce();
    },
    createChannel(label) {
      const ch = pc.createDataChannel(label);
      if (options.echo !== false) adopt(ch);
      else keep.push(ch);
    },
    async offer(trickle) {
      trickling = trickle;
      await pc.setLocalDescription(await pc.createOffer());
      if (!trickle) await gathered();
      return desc(pc.localDescription)!;
    },
    async answer(offer, trickle) {
      trickling = trickle;
      await pc.setRemoteDescription(offer);
      await pc.setLocalDescription(await pc.createAnswer());
      if (!trickle) await gathered();
      return desc(pc.localDescription)!;
    },
    async accept(answer) {
      await pc.setRemoteDescription(answer);
    },
    async addCandidate(candidate) {
      await pc.addIceCandidate(candidate);
    },
    async waitConnected(timeoutMs) {
      await until(
        'connected',
        () => (pc.connectionState ?? pc.iceConnectionState) === 'connected',
        timeoutMs,
      );
    },
    async waitTracks(count, timeoutMs) {
      await until(`${count} tracks`, () => tracks.length >= count, timeoutMs);
      return tracks.slice();
    },
    echoed: () => echoes,
    async stats() {
      const report = await pc.getStats();
      const all: Array<Record<string, unknown>> = [];
      report.forEach((s: Record<string, unknown>) => {
        all.push(s);
      });
      const codecs = new Map<unknown, string>();
      for (const s of all) if (s.type === 'codec') codecs.set(s.id, String(s.mimeType));
      const of = (type: string) => all.filter((s) => s.type === type).map((s) => pick(s, codecs));
      const transport = all.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
      const pair = transport
        ? all.find((s) => s.id === transport.selectedCandidatePairId)
        : all.find((s) => s.type === 'candidate-pair' && s.nominated === true && s.state === 'succeeded');
      const aob = pair?.availableOutgoingBitrate;
      return {
        inbound: of('inbound-rtp'),
        outbound: of('outbound-rtp'),
        remoteInbound: of('remote-inbound-rtp'),
        remoteOutbound: of('remote-outbound-rtp'),
        availableOutgoingBitrate: typeof aob === 'number' ? aob : undefined,
        connectionState: String(pc.connectionState ?? pc.iceConnectionState),
      };
    },
    localDescription: () => desc(pc.localDescription),
    remoteDescription: () => desc(pc.remoteDescription),
    close() {
      pc.close();
      // biome-ignore lint/suspicious/noExplicitAny: media elements
      for (const k of keep) if (k && typeof (k as any).pause === 'function') (k as any).pause();
      keep.length = 0;
    },
  };
}
