// webrtc-pc §4.7: RTCSessionDescription and its init dictionary.

export type RTCSdpType = 'offer' | 'pranswer' | 'answer' | 'rollback';

export interface RTCSessionDescriptionInit {
  type: RTCSdpType;
  sdp?: string;
}

const sdpTypes: readonly string[] = ['offer', 'pranswer', 'answer', 'rollback'];

export function isSdpType(value: unknown): value is RTCSdpType {
  return typeof value === 'string' && sdpTypes.includes(value);
}

export class RTCSessionDescription {
  readonly type: RTCSdpType;
  readonly sdp: string;

  constructor(init: RTCSessionDescriptionInit) {
    if (!init || !isSdpType(init.type)) {
      throw new TypeError(`Failed to construct 'RTCSessionDescription': invalid type ${String(init?.type)}`);
    }
    this.type = init.type;
    this.sdp = init.sdp ?? '';
  }

  toJSON(): RTCSessionDescriptionInit {
    return { type: this.type, sdp: this.sdp };
  }
}
