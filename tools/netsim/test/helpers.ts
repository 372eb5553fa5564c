import { formatTrace, type Host, type Network, type Socket } from '../src/index.js';

/** Sends `count` numbered datagrams a -> b, `interval` ms apart, and records arrival order. */
export function stream(
  net: Network,
  a: Host,
  b: Host,
  count: number,
  options: { interval?: number; size?: number; bIp?: string } = {},
): { received: number[]; times: number[]; sender: Socket } {
  const received: number[] = [];
  const times: number[] = [];
  const size = options.size ?? 100;
  b.bind(7000, (d, now) => {
    received.push(new DataView(d.data.buffer, d.data.byteOffset).getUint32(0));
    times.push(now);
  });
  const sender = a.bind(7000, () => {});
  const interval = options.interval ?? 1;
  for (let i = 0; i < count; i++) {
    net.at(i * interval, () => {
      const data = new Uint8Array(size);
      new DataView(data.buffer).setUint32(0, i);
      sender.send({ ip: options.bIp ?? b.addresses[0]!, port: 7000 }, data);
    });
  }
  return { received, times, sender };
}

/** Collects every trace line of a network, for determinism checks and debugging. */
export function recordTrace(net: Network): string[] {
  const lines: string[] = [];
  net.onTrace((e) => lines.push(formatTrace(e)));
  return lines;
}
