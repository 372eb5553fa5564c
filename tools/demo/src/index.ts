// `pnpm demo`: two @rtc/peer connections in one process, over loopback. Prints the connection
// timeline, exchanges messages, transfers a file-sized payload with a progress bar, and reports the
// selected candidate pair and the throughput. Only the W3C API is used (plus the host-address option).
import { createHash, randomBytes } from 'node:crypto';
import { type RTCDataChannel, type RTCDataChannelEvent, RTCPeerConnection } from '@rtc/peer';
import { progressBar, sendPayload } from './transfer.js';

const PAYLOAD_BYTES = Number(process.env.DEMO_BYTES ?? 16 * 1024 * 1024);
const CHUNK = 64 * 1024;

const t0 = performance.now();
const ms = () => `${(performance.now() - t0).toFixed(1).padStart(7)} ms`;
const timeline: string[] = [];
const mark = (what: string) => {
  const line = `${ms()}  ${what}`;
  timeline.push(line);
  console.log(line);
};

function wire(name: string, pc: RTCPeerConnection, other: RTCPeerConnection): void {
  pc.onicecandidate = ({ candidate }) => {
    if (candidate) void other.addIceCandidate(candidate);
  };
  pc.onicegatheringstatechange = () => mark(`${name}: ICE gathering ${pc.iceGatheringState}`);
  pc.oniceconnectionstatechange = () => mark(`${name}: ICE ${pc.iceConnectionState}`);
  pc.onconnectionstatechange = () => mark(`${name}: connection ${pc.connectionState}`);
}

function onceEvent(target: EventTarget, type: string): Promise<Event> {
  return new Promise((resolve) => target.addEventListener(type, resolve, { once: true }));
}

async function main(): Promise<void> {
  console.log('@rtc/peer demo: two RTCPeerConnections in one Node process over loopback\n');
  const alice = new RTCPeerConnection({}, { hostAddresses: ['127.0.0.1'] });
  const bob = new RTCPeerConnection({}, { hostAddresses: ['127.0.0.1'] });
  wire('alice', alice, bob);
  wire('bob  ', bob, alice);

  const chat = alice.createDataChannel('chat');
  const file = alice.createDataChannel('file');
  const bobChannels = new Map<string, RTCDataChannel>();
  const bobGotBoth = new Promise<void>((resolve) => {
    bob.ondatachannel = (e: RTCDataChannelEvent) => {
      bobChannels.set(e.channel.label, e.channel);
      if (bobChannels.size === 2) resolve();
    };
  });

  mark('alice: createOffer');
  await alice.setLocalDescription(await alice.createOffer());
  await bob.setRemoteDescription(alice.localDescription!);
  await bob.setLocalDescription(await bob.createAnswer());
  await alice.setRemoteDescription(bob.localDescription!);
  mark('offer/answer exchanged');

  const sctp = alice.sctp!;
  sctp.transport.addEventListener('statechange', () => mark(`alice: DTLS ${sctp.transport.state}`));
  sctp.addEventListener('statechange', () => mark(`alice: SCTP ${sctp.state}`));
  await Promise.all([
    chat.readyState === 'open' ? undefined : onceEvent(chat, 'open'),
    file.readyState === 'open' ? undefined : onceEvent(file, 'open'),
    bobGotBoth,
  ]);
  mark('data channels "chat" and "file" open on both sides');

  // Messages both ways.
  const bobChat = bobChannels.get('chat')!;
  const received = new Promise<void>((resolve) => {
    let n = 0;
    chat.onmessage = (e) => {
      console.log(`           alice <- bob:   ${String(e.data)}`);
      if (++n === 2) resolve();
    };
  });
  bobChat.onmessage = (e) => {
    console.log(`           bob   <- alice: ${String(e.data)}`);
    bobChat.send(`echo: ${String(e.data)}`);
  };
  chat.send('hello from alice');
  chat.send('how fast is this thing?');
  await received;

  // A file-sized payload with a progress bar.
  const payload = randomBytes(PAYLOAD_BYTES);
  const digest = createHash('sha256').update(payload).digest('hex');
  const bobFile = bobChannels.get('file')!;
  const hash = createHash('sha256');
  let got = 0;
  let lastDraw = 0;
  const done = new Promise<void>((resolve) => {
    bobFile.onmessage = (e) => {
      const chunk = new Uint8Array(e.data as ArrayBuffer);
      hash.update(chunk);
      got += chunk.byteLength;
      const now = performance.now();
      if (now - lastDraw > 50 || got === PAYLOAD_BYTES) {
        lastDraw = now;
        process.stdout.write(`\r           ${progressBar(got, PAYLOAD_BYTES)}`);
      }
      if (got >= PAYLOAD_BYTES) resolve();
    };
  });
  mark(`sending ${(PAYLOAD_BYTES / 1048576).toFixed(1)} MiB in ${CHUNK / 1024} KiB messages`);
  const start = performance.now();
  await sendPayload(file, payload, { chunkSize: CHUNK, highWater: 1024 * 1024 });
  await done;
  const seconds = (performance.now() - start) / 1000;
  process.stdout.write('\n');
  const ok = hash.digest('hex') === digest;
  mark(`transfer complete, sha-256 ${ok ? 'matches' : 'DOES NOT MATCH'}`);

  const stats = await alice.getStats();
  const transport = [...stats.values()].find((s) => s.type === 'transport');
  const pair = transport && stats.get(String(transport.selectedCandidatePairId));
  const local = pair && stats.get(String(pair.localCandidateId));
  const remote = pair && stats.get(String(pair.remoteCandidateId));
  console.log('\nSelected candidate pair');
  if (local && remote) {
    console.log(`  local  ${local.candidateType} ${local.protocol} ${local.address}:${local.port}`);
    console.log(`  remote ${remote.candidateType} ${remote.protocol} ${remote.address}:${remote.port}`);
    console.log(
      `  rtt    ${pair.currentRoundTripTime !== undefined ? `${(Number(pair.currentRoundTripTime) * 1000).toFixed(2)} ms` : 'n/a'}`,
    );
  }
  console.log(`  DTLS   ${String(transport?.dtlsCipher)} (alice is DTLS ${String(transport?.dtlsRole)})`);
  console.log('\nThroughput');
  console.log(
    `  ${(PAYLOAD_BYTES / 1048576).toFixed(1)} MiB in ${seconds.toFixed(2)} s = ${(PAYLOAD_BYTES / 1048576 / seconds).toFixed(1)} MiB/s`,
  );

  const tl = alice.timeline;
  if (tl) {
    const rel = (t: number | undefined) => (t === undefined ? 'n/a' : `${(t - tl.created).toFixed(1)} ms`);
    console.log('\nConnection timeline (alice, from RTCPeerConnection creation)');
    console.log(`  gathering started   ${rel(tl.gatheringStarted)}`);
    console.log(`  first candidate     ${rel(tl.firstCandidate)}`);
    console.log(`  gathering complete  ${rel(tl.gatheringComplete)}`);
    console.log(`  ICE connected       ${rel(tl.iceConnected)}`);
    console.log(`  DTLS connected      ${rel(tl.dtlsConnected)}`);
    console.log(`  SCTP connected      ${rel(tl.sctpConnected)}`);
  }

  const closed = onceEvent(bobChat, 'close');
  chat.close();
  await closed;
  console.log('\n"chat" closed by alice, close seen by bob');
  alice.close();
  bob.close();
  if (!ok) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
