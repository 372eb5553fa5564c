import { MAX_CHANNEL_NUMBER, MIN_CHANNEL_NUMBER } from '@rtc/stun';
import { type Address, addressKey } from '../candidate/address.js';

/** RFC 8656 §9: a permission per peer IP (ports do not matter), with its refresh time. */
export interface Permission {
  ip: string;
  state: 'pending' | 'installed';
  refreshAt: number;
}

/** RFC 8656 §12: a channel bound to one peer transport address. */
export interface Channel {
  number: number;
  peer: Address;
  state: 'pending' | 'bound';
  refreshAt: number;
}

/** A bound on peers per allocation (a hostile remote could otherwise make us bind thousands). */
export const MAX_PEERS = 256;

/** The permission and channel tables of one allocation. */
export class PeerTable {
  readonly permissions = new Map<string, Permission>();
  private readonly byPeer = new Map<string, Channel>();
  private readonly byNumber = new Map<number, Channel>();
  private nextChannel = MIN_CHANNEL_NUMBER;

  permission(ip: string): Permission | undefined {
    return this.permissions.get(ip.toLowerCase());
  }

  addPermission(ip: string, now: number): Permission | undefined {
    if (this.permissions.size >= MAX_PEERS) return undefined;
    const p: Permission = { ip, state: 'pending', refreshAt: now };
    this.permissions.set(ip.toLowerCase(), p);
    return p;
  }

  channelFor(peer: Address): Channel | undefined {
    return this.byPeer.get(addressKey(peer));
  }

  channelByNumber(n: number): Channel | undefined {
    return this.byNumber.get(n);
  }

  addChannel(peer: Address, now: number): Channel | undefined {
    if (this.byPeer.size >= MAX_PEERS || this.nextChannel > MAX_CHANNEL_NUMBER) return undefined;
    const c: Channel = { number: this.nextChannel++, peer, state: 'pending', refreshAt: now };
    this.byPeer.set(addressKey(peer), c);
    this.byNumber.set(c.number, c);
    return c;
  }

  channels(): IterableIterator<Channel> {
    return this.byPeer.values();
  }

  clear(): void {
    this.permissions.clear();
    this.byPeer.clear();
    this.byNumber.clear();
  }
}
