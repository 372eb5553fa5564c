// What one loopback UDP datagram costs a Node process with no protocol work at all: the floor under
// every data channel packet, whatever stack runs above node:dgram. A sender process sends
// 1191-byte datagrams (the SCTP packet size of libwebrtc, werift and @rtc) to a receiver process as
// fast as its event loop allows; each side reports its CPU (user + system) per datagram.
// From the two figures it prints the ceiling a single-threaded Node sender and receiver could
// reach with SACKs at RFC 9260 §6.2's rate (one per second packet) and no other work.
// Run: pnpm --filter @rtc-tools/bench build && node tools/bench/dist/udp/floor.js [--count=200000]
import { fork } from 'node:child_process';
import * as dgram from 'node:dgram';

const SIZE = 1191;
/** SCTP user data in one 1191-byte packet over DTLS 1.2 AES-GCM: 1191 - 12 common - 16 DATA header. */
const PAYLOAD = SIZE - 12 - 16;
/** Datagrams per event-loop turn on the sender, so the receiver can keep up and nothing is dropped. */
const BURST = 16;

interface Cost {
  datagrams: number;
  userUs: number;
  sysUs: number;
}

function perDatagram(c: NodeJS.CpuUsage, n: number): Cost {
  return { datagrams: n, userUs: c.user / n, sysUs: c.system / n };
}

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.slice(name.length + 3)) : fallback;
}

function receiver(): void {
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 8 << 20 });
  let n = 0;
  let start: NodeJS.CpuUsage | undefined;
  let quiet: NodeJS.Timeout | undefined;
  const report = () => {
    process.send?.({ rx: perDatagram(process.cpuUsage(start), n) });
    socket.close();
  };
  socket.on('message', () => {
    if (n++ === 0) start = process.cpuUsage();
    // The sender is done when nothing arrives for 300 ms (its end message may overtake datagrams).
    if (quiet) quiet.refresh();
    else quiet = setTimeout(report, 300);
  });
  socket.bind(0, '127.0.0.1', () => process.send?.({ port: socket.address().port }));
}

function sender(port: number, count: number): void {
  const socket = dgram.createSocket('udp4');
  const payload = Buffer.alloc(SIZE, 0x17);
  socket.bind(0, '127.0.0.1', async () => {
    const start = process.cpuUsage();
    for (let i = 0; i < count; i++) {
      socket.send(payload, port, '127.0.0.1');
      if (i % BURST === BURST - 1) await new Promise((r) => setImmediate(r));
    }
    process.send?.({ tx: perDatagram(process.cpuUsage(start), count) });
    socket.close();
  });
}

async function main(): Promise<void> {
  const count = option('count', 200_000);
  const rx = fork(new URL(import.meta.url), ['receiver']);
  const port = await new Promise<number>((resolve) =>
    rx.once('message', (m: { port: number }) => resolve(m.port)),
  );
  const tx = fork(new URL(import.meta.url), ['sender', String(port), String(count)]);
  const [sent, received] = await Promise.all([
    new Promise<Cost>((resolve) => tx.once('message', (m: { tx: Cost }) => resolve(m.tx))),
    new Promise<Cost>((resolve) => rx.once('message', (m: { rx: Cost }) => resolve(m.rx))),
  ]);
  const us = (c: Cost) => c.userUs + c.sysUs;
  const row = (name: string, c: Cost) =>
    `| ${name} | ${c.datagrams} | ${c.userUs.toFixed(2)} | ${c.sysUs.toFixed(2)} | ${us(c).toFixed(2)} |`;
  console.log(
    `node ${process.version}, ${SIZE}-byte datagrams on 127.0.0.1, sender and receiver in two processes\n`,
  );
  console.log('| side | datagrams | user us/datagram | system us/datagram | total us/datagram |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(row('send', sent));
  console.log(row('receive', received));
  // Per data packet, the data sender also receives half a SACK and the receiver sends half a one.
  const senderUs = us(sent) + us(received) / 2;
  const receiverUs = us(received) + us(sent) / 2;
  const ceiling = PAYLOAD / Math.max(senderUs, receiverUs);
  console.log(
    `\nPer data packet with a SACK every second packet: sender ${senderUs.toFixed(1)} us, receiver ` +
      `${receiverUs.toFixed(1)} us of datagram I/O alone; one core per side then caps a data channel at ` +
      `${ceiling.toFixed(1)} MB/s of ${PAYLOAD}-byte payloads before any DTLS or SCTP work.`,
  );
  if (received.datagrams < count)
    console.log(`(${count - received.datagrams} datagrams were dropped by the kernel)`);
}

const role = process.argv[2];
if (role === 'receiver') receiver();
else if (role === 'sender') sender(Number(process.argv[3]), Number(process.argv[4]));
else await main();
