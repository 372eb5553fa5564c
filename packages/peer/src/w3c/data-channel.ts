// webrtc-pc §6.2: RTCDataChannel. The peer connection feeds it state changes and messages from the
// SCTP association; send() checks the state and the negotiated max-message-size first.

import { domError } from './errors.js';
import { defineEventHandlers } from './event-handlers.js';

export type RTCDataChannelState = 'connecting' | 'open' | 'closing' | 'closed';
export type BinaryType = 'arraybuffer' | 'blob';

export interface RTCDataChannelInit {
  ordered?: boolean;
  maxPacketLifeTime?: number;
  maxRetransmits?: number;
  protocol?: string;
  negotiated?: boolean;
  id?: number;
  priority?: 'very-low' | 'low' | 'medium' | 'high';
}

/** The part of the connection a channel talks to. */
export interface ChannelOwner {
  sendOnChannel(channel: RTCDataChannel, data: Uint8Array, binary: boolean): void;
  closeChannel(channel: RTCDataChannel): void;
  bufferedAmountOf(channel: RTCDataChannel): number;
  setLowThreshold(channel: RTCDataChannel, threshold: number): void;
  readonly maxMessageSize: number;
}

const encoder = new TextEncoder();

export class RTCDataChannel extends EventTarget {
  declare onopen: ((this: RTCDataChannel, ev: Event) => unknown) | null;
  declare onmessage: ((this: RTCDataChannel, ev: MessageEvent) => unknown) | null;
  declare onbufferedamountlow: ((this: RTCDataChannel, ev: Event) => unknown) | null;
  declare onerror: ((this: RTCDataChannel, ev: Event) => unknown) | null;
  declare onclosing: ((this: RTCDataChannel, ev: Event) => unknown) | null;
  declare onclose: ((this: RTCDataChannel, ev: Event) => unknown) | null;
  readonly label: string;
  readonly ordered: boolean;
  readonly maxPacketLifeTime: number | null;
  readonly maxRetransmits: number | null;
  readonly protocol: string;
  readonly negotiated: boolean;
  readonly priority: string;
  #id: number | null;
  #readyState: RTCDataChannelState = 'connecting';
  #binaryType: BinaryType = 'arraybuffer';
  #threshold = 0;
  #owner: ChannelOwner;
  /** Bytes accepted by send() while the association is not up yet (sent on open). */
  #pendingBytes = 0;
  #closeRequested = false;

  /** @internal created by RTCPeerConnection.createDataChannel or on an incoming DCEP OPEN. */
  constructor(owner: ChannelOwner, label: string, init: RTCDataChannelInit & { id?: number | null }) {
    super();
    this.#owner = owner;
    this.label = label;
    this.ordered = init.ordered ?? true;
    this.maxPacketLifeTime = init.maxPacketLifeTime ?? null;
    this.maxRetransmits = init.maxRetransmits ?? null;
    this.protocol = init.protocol ?? '';
    this.negotiated = init.negotiated ?? false;
    this.priority = init.priority ?? 'low';
    this.#id = init.id ?? null;
  }

  get id(): number | null {
    return this.#id;
  }

  get readyState(): RTCDataChannelState {
    return this.#readyState;
  }

  get bufferedAmount(): number {
    if (this.#readyState === 'closed') return 0;
    return this.#owner.bufferedAmountOf(this) + this.#pendingBytes;
  }

  get bufferedAmountLowThreshold(): number {
    return this.#threshold;
  }

  set bufferedAmountLowThreshold(value: number) {
    // WebIDL unsigned long: wraps modulo 2^32.
    this.#threshold = Number(value) >>> 0;
    this.#owner.setLowThreshold(this, this.#threshold);
  }

  get binaryType(): BinaryType {
    return this.#binaryType;
  }

  set binaryType(value: BinaryType) {
    // webrtc-pc §6.2: an unknown value is ignored (no exception).
    if (value === 'arraybuffer' || value === 'blob') this.#binaryType = value;
  }

  /** webrtc-pc §6.2 send(): InvalidStateError unless open, TypeError over max-message-size. */
  send(data: string | ArrayBuffer | ArrayBufferView | Blob): void {
    if (this.#readyState !== 'open') {
      throw domError('InvalidStateError', `RTCDataChannel.readyState is not 'open' (${this.#readyState})`);
    }
    if (typeof data === 'string') {
      this.#sendBytes(encoder.encode(data), false);
    } else if (data instanceof ArrayBuffer) {
      this.#sendBytes(new Uint8Array(data), true);
    } else if (ArrayBuffer.isView(data)) {
      this.#sendBytes(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), true);
    } else if (typeof Blob !== 'undefined' && data instanceof Blob) {
      // A Blob is read asynchronously; its bytes count against bufferedAmount meanwhile.
      if (data.size > this.#owner.maxMessageSize) throw new TypeError('Message too large for the peer');
      this.#pendingBytes += data.size;
      void data.arrayBuffer().then((buf) => {
        this.#pendingBytes -= data.size;
        if (this.#readyState === 'open') this.#owner.sendOnChannel(this, new Uint8Array(buf), true);
      });
    } else {
      throw new TypeError('RTCDataChannel.send takes a string, ArrayBuffer, ArrayBufferView or Blob');
    }
  }

  #sendBytes(bytes: Uint8Array, binary: boolean): void {
    if (bytes.byteLength > this.#owner.maxMessageSize) {
      throw new TypeError(
        `Message of ${bytes.byteLength} bytes exceeds max-message-size ${this.#owner.maxMessageSize}`,
      );
    }
    this.#owner.sendOnChannel(this, bytes, binary);
  }

  close(): void {
    if (this.#readyState === 'closing' || this.#readyState === 'closed' || this.#closeRequested) return;
    this.#closeRequested = true;
    this.#readyState = 'closing';
    this.#owner.closeChannel(this);
  }

  // ---- driven by the connection ----

  /** @internal */
  _setId(id: number): void {
    this.#id = id;
  }

  /** @internal */
  _open(): void {
    if (this.#readyState !== 'connecting') return;
    this.#readyState = 'open';
    this.dispatchEvent(new Event('open'));
  }

  /** @internal */
  _message(data: Uint8Array, binary: boolean): void {
    if (this.#readyState !== 'open') return;
    let payload: string | ArrayBuffer | Blob;
    if (!binary) payload = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
    else if (this.#binaryType === 'blob') payload = new Blob([data]);
    // A reassembled message owns its whole buffer (the SCTP layer hands it over): no copy. A view
    // into a received packet is copied out.
    else if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && !isShared(data.buffer))
      payload = data.buffer as ArrayBuffer;
    else payload = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
    this.dispatchEvent(new MessageEvent('message', { data: payload }));
  }

  /** @internal */
  _bufferedAmountLow(): void {
    if (this.#readyState === 'open' || this.#readyState === 'closing')
      this.dispatchEvent(new Event('bufferedamountlow'));
  }

  /** @internal the peer started closing (incoming stream reset) */
  _closing(): void {
    if (this.#readyState === 'closed' || this.#readyState === 'closing') return;
    this.#readyState = 'closing';
    this.dispatchEvent(new Event('closing'));
  }

  /** @internal RTCPeerConnection.close(): closed without events (webrtc-pc §4.4.1.5). */
  _closedSilently(): void {
    this.#readyState = 'closed';
  }

  /** @internal */
  _closed(error?: string): void {
    if (this.#readyState === 'closed') return;
    this.#readyState = 'closed';
    if (error !== undefined) {
      const ev = new Event('error') as Event & { error?: unknown };
      ev.error = domError('OperationError', error);
      this.dispatchEvent(ev);
    }
    this.dispatchEvent(new Event('close'));
  }
}

function isShared(b: ArrayBufferLike): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && b instanceof SharedArrayBuffer;
}

defineEventHandlers(RTCDataChannel.prototype, [
  'open',
  'message',
  'bufferedamountlow',
  'error',
  'closing',
  'close',
]);
