// The README example, run as written (with console.log captured).
import { Association, type AssociationEvent } from '../src/index.js';

it('README example delivers "hello"', () => {
  const logs: string[] = [];
  const now = 0;
  const a = new Association({ role: 'client' });
  const b = new Association({ role: 'server' });
  function pump(): void {
    for (let moved = true; moved; ) {
      moved = false;
      for (let p = a.pollTransmit(); p; p = a.pollTransmit()) {
        b.handlePacket(p, now);
        moved = true;
      }
      for (let p = b.pollTransmit(); p; p = b.pollTransmit()) {
        a.handlePacket(p, now);
        moved = true;
      }
    }
  }
  function events(x: Association): AssociationEvent[] {
    const out: AssociationEvent[] = [];
    for (let e = x.pollEvent(); e; e = x.pollEvent()) out.push(e);
    return out;
  }
  a.connect(now);
  b.connect(now);
  pump();
  const id = a.createChannel({ label: 'chat', ordered: true }, now);
  a.send(id, new TextEncoder().encode('hello'), false, now);
  pump();
  for (const e of events(b))
    if (e.type === 'message') logs.push(`${e.channelId} ${new TextDecoder().decode(e.data)}`);
  expect(logs).toEqual(['0 hello']);
});
