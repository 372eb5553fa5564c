import {
  type DecodedStunMessage,
  decodeChannelData,
  decodeMessage,
  encodeChannelData,
  encodeMessage,
  getAttribute,
  isChannelData,
  isStunPacket,
  longTermKey,
  type StunAttribute,
  StunMethod,
  verifyIntegrity,
} from '@rtc/stun';
import { type Address, familyOf, sameAddress } from '../candidate/address.js';
import { RequestTracker, type RetransmitPolicy } from '../transaction/request-tracker.js';
import { PeerTable } from './permissions.js';
import {
  CHANNEL_REFRESH_MS,
  DEFAULT_LIFETIME_S,
  PERMISSION_REFRESH_MS,
  type TurnEvent,
  type TurnServerConfig,
} from './types.js';

export type AllocationState = 'idle' | 'allocating' | 'allocated' | 'failed' | 'closed';

type RequestKind =
  | { kind: 'allocate' }
  | { kind: 'refresh'; lifetime: number }
  | { kind: 'permission'; ip: string }
  | { kind: 'channel'; number: number };

export interface AllocationStats {
  requestsSent: number;
  responsesReceived: number;
  /** Responses dropped: bad integrity, unknown transaction, undecodable. */
  dropped: number;
}

const UDP_POLICY: RetransmitPolicy = { rto: 500, maxRto: 8000, maxTransmissions: 7 };
const STREAM_POLICY: RetransmitPolicy = { rto: 0, maxRto: 0, maxTransmissions: 1, reliableTimeout: 39_500 };
/** Queued outgoing frames are bounded; the owner drains them after every call. */
const MAX_QUEUE = 256;

/**
 * RFC 8656 client side of one allocation on one TURN server, sans-I/O: feed it what the server sends
 * (`handleFrame`), drain `pollTransmit` towards the server and `pollEvent`, run `handleTimeout`.
 */
export class TurnAllocation {
  state: AllocationState = 'idle';
  relayed: Address | undefined;
  mapped: Address | undefined;
  readonly stats: AllocationStats = { requestsSent: 0, responsesReceived: 0, dropped: 0 };
  private realm: string | undefined;
  private nonce: string | undefined;
  private key: Uint8Array | undefined;
  private refreshAt: number | undefined;
  private readonly peers = new PeerTable();
  private readonly tracker = new RequestTracker<RequestKind>();
  private readonly out: Uint8Array[] = [];
  private readonly events: TurnEvent[] = [];
  private readonly reliable: boolean;
  /** 401/438 answers are retried a bounded number of times (a server could loop us otherwise). */
  private authRetries = 0;

  constructor(
    readonly server: TurnServerConfig,
    private readonly newTransactionId: () => Uint8Array,
  ) {
    this.reliable = server.transport !== 'udp';
  }

  get serverAddress(): Address {
    return { address: this.server.address, port: this.server.port };
  }

  /** RFC 8656 §7.1: the first Allocate goes without credentials; the 401 answer brings realm and nonce. */
  start(now: number): void {
    if (this.state !== 'idle') return;
    this.state = 'allocating';
    this.sendAllocate(now);
  }

  private sendAllocate(now: number): void {
    const family = familyOf(this.server.address);
    const attrs: StunAttribute[] = [
      { type: 'REQUESTED-TRANSPORT', value: 17 },
      { type: 'LIFETIME', value: DEFAULT_LIFETIME_S },
    ];
    // RFC 8656 §7.1: ask for a relayed address of the server's family.
    if (family === 'IPv6') attrs.push({ type: 'REQUESTED-ADDRESS-FAMILY', value: 'IPv6' });
    this.request(StunMethod.Allocate, attrs, { kind: 'allocate' }, now);
  }

  private request(method: number, attrs: StunAttribute[], ctx: RequestKind, now: number): void {
    const transactionId = this.newTransactionId();
    const all = [...attrs];
    if (this.key && this.realm !== undefined && this.nonce !== undefined) {
      all.push(
        { type: 'USERNAME', value: this.server.username },
        { type: 'REALM', value: this.realm },
        { type: 'NONCE', value: this.nonce },
      );
    }
    const bytes = encodeMessage(
      { class: 'request', method, transactionId, attributes: all },
      { integrity: this.key, fingerprint: true },
    );
    this.tracker.start(
      transactionId,
      ctx,
      () => {
        this.stats.requestsSent++;
        this.push(bytes);
      },
      (c, t) => this.onTimeout(c, t),
      this.reliable ? STREAM_POLICY : UDP_POLICY,
      now,
    );
  }

  private push(bytes: Uint8Array): void {
    if (this.out.length < MAX_QUEUE) this.out.push(bytes);
  }

  private onTimeout(ctx: RequestKind, _now: number): void {
    if (ctx.kind === 'allocate') this.fail('Allocate timed out');
    else if (ctx.kind === 'refresh' && ctx.lifetime > 0) this.fail('Refresh timed out');
    else if (ctx.kind === 'permission') this.peers.permissions.delete(ctx.ip.toLowerCase());
  }

  private fail(reason: string): void {
    if (this.state === 'failed' || this.state === 'closed') return;
    this.state = 'failed';
    this.tracker.clear();
    this.events.push({ type: 'failed', reason });
  }

  /** RFC 8656 §9: install (or keep) a permission for the peer's IP. */
  ensurePermission(peerIp: string, now: number): void {
    if (this.state !== 'allocated' && this.state !== 'allocating') return;
    if (this.peers.permission(peerIp)) return;
    const p = this.peers.addPermission(peerIp, now);
    if (p && this.state === 'allocated') this.sendPermission(p.ip, now);
  }

  private sendPermission(ip: string, now: number): void {
    this.request(
      StunMethod.CreatePermission,
      [{ type: 'XOR-PEER-ADDRESS', value: { family: familyOf(ip) ?? 'IPv4', address: ip, port: 0 } }],
      { kind: 'permission', ip },
      now,
    );
  }

  /** RFC 8656 §11: bind a channel to the peer so data goes as 4-byte-header ChannelData. */
  bindChannel(peer: Address, now: number): void {
    if (this.state !== 'allocated' || this.peers.channelFor(peer)) return;
    const c = this.peers.addChannel(peer, now);
    if (c) this.sendChannelBind(c.number, peer, now);
  }

  private sendChannelBind(number: number, peer: Address, now: number): void {
    this.request(
      StunMethod.ChannelBind,
      [
        { type: 'CHANNEL-NUMBER', value: number },
        {
          type: 'XOR-PEER-ADDRESS',
          value: { family: familyOf(peer.address) ?? 'IPv4', address: peer.address, port: peer.port },
        },
      ],
      { kind: 'channel', number },
      now,
    );
  }

  /**
   * Relays data to a peer: ChannelData once a channel is bound (RFC 8656 §12.5), otherwise a Send
   * indication (§10.1). Returns false when there is no allocation or permission to use.
   */
  sendTo(peer: Address, data: Uint8Array): boolean {
    if (this.state !== 'allocated') return false;
    const channel = this.peers.channelFor(peer);
    if (channel?.state === 'bound') {
      // RFC 8656 §12.5: over TCP/TLS ChannelData is padded to a multiple of four bytes.
      this.push(encodeChannelData(channel.number, data, this.reliable));
      return true;
    }
    if (this.peers.permission(peer.address) === undefined) return false;
    const transactionId = this.newTransactionId();
    this.push(
      encodeMessage({
        class: 'indication',
        method: StunMethod.Send,
        transactionId,
        attributes: [
          {
            type: 'XOR-PEER-ADDRESS',
            value: { family: familyOf(peer.address) ?? 'IPv4', address: peer.address, port: peer.port },
          },
          { type: 'DATA', value: data },
        ],
      }),
    );
    return true;
  }

  /** One datagram (UDP) or frame (TCP/TLS) from the server. Bad input is dropped and counted. */
  handleFrame(bytes: Uint8Array, now: number): void {
    if (this.state === 'closed') return;
    if (isChannelData(bytes)) {
      let cd: ReturnType<typeof decodeChannelData>;
      try {
        cd = decodeChannelData(bytes);
      } catch {
        this.stats.dropped++;
        return;
      }
      const channel = this.peers.channelByNumber(cd.channelNumber);
      if (channel?.state !== 'bound') {
        this.stats.dropped++;
        return;
      }
      this.events.push({ type: 'data', peer: channel.peer, data: cd.data });
      return;
    }
    if (!isStunPacket(bytes)) {
      this.stats.dropped++;
      return;
    }
    let msg: DecodedStunMessage;
    try {
      msg = decodeMessage(bytes);
    } catch {
      this.stats.dropped++;
      return;
    }
    if (msg.class === 'indication') {
      this.handleIndication(msg);
      return;
    }
    if (msg.class === 'request') {
      this.stats.dropped++;
      return;
    }
    this.handleResponse(msg, now);
  }

  /** RFC 8656 §10.4: a Data indication from a peer we have a permission for. */
  private handleIndication(msg: DecodedStunMessage): void {
    if (msg.method !== StunMethod.Data) return;
    const peer = getAttribute(msg, 'XOR-PEER-ADDRESS')?.value;
    const data = getAttribute(msg, 'DATA')?.value;
    if (!peer || !data || this.peers.permission(peer.address) === undefined) {
      this.stats.dropped++;
      return;
    }
    this.events.push({ type: 'data', peer: { address: peer.address, port: peer.port }, data });
  }

  private handleResponse(msg: DecodedStunMessage, now: number): void {
    const pending = this.tracker.peek(msg.transactionId);
    if (!pending) {
      this.stats.dropped++;
      return;
    }
    // RFC 8489 §9.2.5: once we hold a key, responses must carry valid integrity (401/438 excepted,
    // since those come before or across a nonce change).
    const code = msg.class === 'error' ? getAttribute(msg, 'ERROR-CODE')?.value.code : undefined;
    if (this.key && code !== 401 && code !== 438 && !verifyIntegrity(msg, this.key)) {
      this.stats.dropped++;
      return;
    }
    this.tracker.take(msg.transactionId);
    this.stats.responsesReceived++;
    const ctx = pending.context;
    if (msg.class === 'error') {
      this.handleError(msg, ctx, code ?? 0, now);
      return;
    }
    this.authRetries = 0;
    switch (ctx.kind) {
      case 'allocate':
        this.onAllocated(msg, now);
        return;
      case 'refresh': {
        if (ctx.lifetime === 0) return;
        const lifetime = getAttribute(msg, 'LIFETIME')?.value ?? DEFAULT_LIFETIME_S;
        this.scheduleRefresh(lifetime, now);
        return;
      }
      case 'permission': {
        const p = this.peers.permission(ctx.ip);
        if (!p) return;
        const first = p.state === 'pending';
        p.state = 'installed';
        p.refreshAt = now + PERMISSION_REFRESH_MS;
        if (first) this.events.push({ type: 'permission', peerIp: p.ip });
        return;
      }
      case 'channel': {
        const c = this.peers.channelByNumber(ctx.number);
        if (!c) return;
        const first = c.state === 'pending';
        c.state = 'bound';
        c.refreshAt = now + CHANNEL_REFRESH_MS;
        if (first) this.events.push({ type: 'channel-bound', peer: c.peer, channel: c.number });
        return;
      }
    }
  }

  private handleError(msg: DecodedStunMessage, ctx: RequestKind, code: number, now: number): void {
    // RFC 8489 §9.2.4: 401 carries REALM and NONCE for the long-term key; §9.2.5: 438 a fresh NONCE.
    if ((code === 401 || code === 438) && this.authRetries < 3) {
      const realm = getAttribute(msg, 'REALM')?.value;
      const nonce = getAttribute(msg, 'NONCE')?.value;
      if (nonce !== undefined && (realm !== undefined || this.realm !== undefined)) {
        this.authRetries++;
        if (realm !== undefined && realm !== this.realm) {
          this.realm = realm;
          this.key = longTermKey(this.server.username, realm, this.server.password);
        }
        this.nonce = nonce;
        this.resend(ctx, now);
        return;
      }
    }
    if (ctx.kind === 'allocate') this.fail(`Allocate failed with ${code}`);
    else if (ctx.kind === 'refresh' && ctx.lifetime > 0) this.fail(`Refresh failed with ${code}`);
    else if (ctx.kind === 'permission') this.peers.permissions.delete(ctx.ip.toLowerCase());
  }

  private resend(ctx: RequestKind, now: number): void {
    switch (ctx.kind) {
      case 'allocate':
        this.sendAllocate(now);
        return;
      case 'refresh':
        this.sendRefresh(ctx.lifetime, now);
        return;
      case 'permission':
        this.sendPermission(ctx.ip, now);
        return;
      case 'channel': {
        const c = this.peers.channelByNumber(ctx.number);
        if (c) this.sendChannelBind(c.number, c.peer, now);
        return;
      }
    }
  }

  private onAllocated(msg: DecodedStunMessage, now: number): void {
    const relayed = getAttribute(msg, 'XOR-RELAYED-ADDRESS')?.value;
    if (!relayed) {
      this.fail('Allocate success without XOR-RELAYED-ADDRESS');
      return;
    }
    const mapped = getAttribute(msg, 'XOR-MAPPED-ADDRESS')?.value;
    const lifetime = getAttribute(msg, 'LIFETIME')?.value ?? DEFAULT_LIFETIME_S;
    this.state = 'allocated';
    this.relayed = { address: relayed.address, port: relayed.port };
    this.mapped = mapped ? { address: mapped.address, port: mapped.port } : undefined;
    this.scheduleRefresh(lifetime, now);
    this.events.push({ type: 'allocated', relayed: this.relayed, mapped: this.mapped, lifetime });
    // Permissions asked for while allocating go out now.
    for (const p of this.peers.permissions.values())
      if (p.state === 'pending') this.sendPermission(p.ip, now);
  }

  /** RFC 8656 §8: refresh before the lifetime ends (a minute early, or at half for short lifetimes). */
  private scheduleRefresh(lifetime: number, now: number): void {
    const seconds = lifetime > 120 ? lifetime - 60 : lifetime / 2;
    this.refreshAt = now + seconds * 1000;
  }

  private sendRefresh(lifetime: number, now: number): void {
    this.request(
      StunMethod.Refresh,
      [{ type: 'LIFETIME', value: lifetime }],
      { kind: 'refresh', lifetime },
      now,
    );
  }

  handleTimeout(now: number): void {
    if (this.state === 'closed' || this.state === 'failed') return;
    this.tracker.handleTimeout(now);
    if (this.state !== 'allocated') return;
    if (this.refreshAt !== undefined && now >= this.refreshAt) {
      this.refreshAt = undefined;
      this.sendRefresh(DEFAULT_LIFETIME_S, now);
    }
    for (const p of this.peers.permissions.values()) {
      if (p.state === 'installed' && now >= p.refreshAt) {
        p.refreshAt = now + PERMISSION_REFRESH_MS;
        this.sendPermission(p.ip, now);
      }
    }
    for (const c of this.peers.channels()) {
      if (c.state === 'bound' && now >= c.refreshAt) {
        c.refreshAt = now + CHANNEL_REFRESH_MS;
        this.sendChannelBind(c.number, c.peer, now);
      }
    }
  }

  nextDeadline(): number | undefined {
    if (this.state === 'closed' || this.state === 'failed') return undefined;
    let min = this.tracker.nextDeadline();
    const consider = (t: number | undefined) => {
      if (t !== undefined && (min === undefined || t < min)) min = t;
    };
    if (this.state === 'allocated') {
      consider(this.refreshAt);
      for (const p of this.peers.permissions.values()) if (p.state === 'installed') consider(p.refreshAt);
      for (const c of this.peers.channels()) if (c.state === 'bound') consider(c.refreshAt);
    }
    return min;
  }

  /** True when the datagram came from this allocation's server. */
  isFromServer(from: Address): boolean {
    return sameAddress(from, this.serverAddress);
  }

  hasPermission(peerIp: string): boolean {
    return this.peers.permission(peerIp)?.state === 'installed';
  }

  /** RFC 8656 §8: deallocate with a Refresh of lifetime 0 (sent once; nobody waits for the answer). */
  close(now: number): void {
    if (this.state === 'closed') return;
    const wasAllocated = this.state === 'allocated';
    this.tracker.clear();
    if (wasAllocated) {
      this.sendRefresh(0, now);
      this.tracker.clear();
    }
    this.state = 'closed';
    this.peers.clear();
  }

  pollTransmit(): Uint8Array | undefined {
    return this.out.shift();
  }

  pollEvent(): TurnEvent | undefined {
    return this.events.shift();
  }
}
