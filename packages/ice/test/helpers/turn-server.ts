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
import type { Host, Network, Socket } from '@rtc-tools/netsim';

interface Allocation {
  client: { ip: string; port: number };
  relay: Socket;
  key: Uint8Array;
  permissions: Set<string>;
  channels: Map<number, { ip: string; port: number }>;
  byPeer: Map<string, number>;
}

/**
 * A small TURN server (RFC 8656, UDP to the client) and STUN Binding server on a netsim host. Test code
 * only: long-term credentials with a fixed nonce, one allocation per client 5-tuple.
 */
export class TestTurnServer {
  readonly socket: Socket;
  readonly allocations = new Map<string, Allocation>();
  readonly counters = {
    allocations: 0,
    deallocations: 0,
    unauthorized: 0,
    staleNonce: 0,
    permissions: 0,
    channelBinds: 0,
    sendIndications: 0,
    channelDataIn: 0,
    dataIndications: 0,
    channelDataOut: 0,
    refreshes: 0,
  };
  private nonce = 'nonce-1';
  /** Answer the next authenticated request with 438 Stale Nonce (and a new nonce). */
  staleNextNonce = false;

  constructor(
    private readonly net: Network,
    readonly host: Host,
    readonly port: number,
    private readonly users: Record<string, string>,
    readonly realm = 'netsim',
  ) {
    this.socket = host.bind(port, (d) => this.onClient({ ip: d.src.ip, port: d.src.port }, d.data));
  }

  get address(): { address: string; port: number } {
    return { address: this.host.ip, port: this.port };
  }

  private reply(to: { ip: string; port: number }, bytes: Uint8Array): void {
    this.socket.send(to, bytes);
  }

  private onClient(from: { ip: string; port: number }, data: Uint8Array) {
    const alloc = this.allocations.get(`${from.ip}|${from.port}`);
    if (isChannelData(data)) {
      if (!alloc) return;
      const cd = decodeChannelData(data);
      const peer = alloc.channels.get(cd.channelNumber);
      if (!peer) return;
      this.counters.channelDataIn++;
      alloc.relay.send(peer, cd.data);
      return;
    }
    if (!isStunPacket(data)) return;
    const msg = decodeMessage(data);
    if (msg.class === 'indication' && msg.method === StunMethod.Send && alloc) {
      const peer = getAttribute(msg, 'XOR-PEER-ADDRESS')?.value;
      const payload = getAttribute(msg, 'DATA')?.value;
      if (!peer || !payload || !alloc.permissions.has(peer.address)) return;
      this.counters.sendIndications++;
      alloc.relay.send({ ip: peer.address, port: peer.port }, payload);
      return;
    }
    if (msg.class !== 'request') return;
    if (msg.method === StunMethod.Binding) {
      this.reply(
        from,
        encodeMessage(
          {
            class: 'success',
            method: StunMethod.Binding,
            transactionId: msg.transactionId,
            attributes: [
              { type: 'XOR-MAPPED-ADDRESS', value: { family: 'IPv4', address: from.ip, port: from.port } },
            ],
          },
          { fingerprint: true },
        ),
      );
      return;
    }
    const key = this.authenticate(from, msg);
    if (!key) return;
    const ok = (attributes: StunAttribute[]) =>
      this.reply(
        from,
        encodeMessage(
          { class: 'success', method: msg.method, transactionId: msg.transactionId, attributes },
          { integrity: key, fingerprint: true },
        ),
      );
    switch (msg.method) {
      case StunMethod.Allocate: {
        if (alloc) return ok([]); // retransmission
        const relay = this.host.bind(0, (d) => this.onPeer(from, { ip: d.src.ip, port: d.src.port }, d.data));
        this.allocations.set(`${from.ip}|${from.port}`, {
          client: from,
          relay,
          key,
          permissions: new Set(),
          channels: new Map(),
          byPeer: new Map(),
        });
        this.counters.allocations++;
        return ok([
          { type: 'XOR-RELAYED-ADDRESS', value: { family: 'IPv4', address: this.host.ip, port: relay.port } },
          { type: 'XOR-MAPPED-ADDRESS', value: { family: 'IPv4', address: from.ip, port: from.port } },
          { type: 'LIFETIME', value: 600 },
        ]);
      }
      case StunMethod.Refresh: {
        const lifetime = getAttribute(msg, 'LIFETIME')?.value ?? 600;
        this.counters.refreshes++;
        if (lifetime === 0 && alloc) {
          alloc.relay.close();
          this.allocations.delete(`${from.ip}|${from.port}`);
          this.counters.deallocations++;
        }
        return ok([{ type: 'LIFETIME', value: lifetime }]);
      }
      case StunMethod.CreatePermission: {
        const peer = getAttribute(msg, 'XOR-PEER-ADDRESS')?.value;
        if (!alloc || !peer) return;
        alloc.permissions.add(peer.address);
        this.counters.permissions++;
        return ok([]);
      }
      case StunMethod.ChannelBind: {
        const peer = getAttribute(msg, 'XOR-PEER-ADDRESS')?.value;
        const ch = getAttribute(msg, 'CHANNEL-NUMBER')?.value;
        if (!alloc || !peer || ch === undefined) return;
        alloc.channels.set(ch, { ip: peer.address, port: peer.port });
        alloc.byPeer.set(`${peer.address}|${peer.port}`, ch);
        alloc.permissions.add(peer.address);
        this.counters.channelBinds++;
        return ok([]);
      }
    }
  }

  /** RFC 8656 §9.2 long-term credentials: 401 without MESSAGE-INTEGRITY, 438 for a stale nonce. */
  private authenticate(from: { ip: string; port: number }, msg: DecodedStunMessage): Uint8Array | undefined {
    const error = (code: number, reason: string) =>
      this.reply(
        from,
        encodeMessage(
          {
            class: 'error',
            method: msg.method,
            transactionId: msg.transactionId,
            attributes: [
              { type: 'ERROR-CODE', value: { code, reason } },
              { type: 'REALM', value: this.realm },
              { type: 'NONCE', value: this.nonce },
            ],
          },
          { fingerprint: true },
        ),
      );
    const username = getAttribute(msg, 'USERNAME')?.value;
    const password = username === undefined ? undefined : this.users[username];
    if (msg.integrityOffset < 0 || username === undefined || password === undefined) {
      this.counters.unauthorized++;
      error(401, 'Unauthorized');
      return undefined;
    }
    const key = longTermKey(username, this.realm, password);
    if (!verifyIntegrity(msg, key)) {
      this.counters.unauthorized++;
      error(401, 'Unauthorized');
      return undefined;
    }
    if (this.staleNextNonce || getAttribute(msg, 'NONCE')?.value !== this.nonce) {
      this.staleNextNonce = false;
      this.nonce = `nonce-${this.net.now}`;
      this.counters.staleNonce++;
      error(438, 'Stale Nonce');
      return undefined;
    }
    return key;
  }

  private onPeer(
    client: { ip: string; port: number },
    peer: { ip: string; port: number },
    data: Uint8Array,
  ): void {
    const alloc = this.allocations.get(`${client.ip}|${client.port}`);
    if (!alloc?.permissions.has(peer.ip)) return;
    const ch = alloc.byPeer.get(`${peer.ip}|${peer.port}`);
    if (ch !== undefined) {
      this.counters.channelDataOut++;
      this.reply(client, encodeChannelData(ch, data));
      return;
    }
    this.counters.dataIndications++;
    const tid = new Uint8Array(12);
    tid[0] = this.counters.dataIndications & 0xff;
    this.reply(
      client,
      encodeMessage({
        class: 'indication',
        method: StunMethod.Data,
        transactionId: tid,
        attributes: [
          { type: 'XOR-PEER-ADDRESS', value: { family: 'IPv4', address: peer.ip, port: peer.port } },
          { type: 'DATA', value: data },
        ],
      }),
    );
  }
}
