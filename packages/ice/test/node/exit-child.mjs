// Spawned by transport.test.ts: connects two agents on 127.0.0.1, closes them and must exit on its own
// (no lingering sockets or timers). It deliberately never calls process.exit().
import { IceTransport } from '../../dist/node/index.js';

const a = new IceTransport({ role: 'controlling', addresses: ['127.0.0.1'] });
const b = new IceTransport({ role: 'controlled', addresses: ['127.0.0.1'] });
a.setRemoteCredentials(b.agent.localUfrag, b.agent.localPwd);
b.setRemoteCredentials(a.agent.localUfrag, a.agent.localPwd);
a.on('local-candidate', (e) => b.addRemoteCandidate(e.candidate));
b.on('local-candidate', (e) => a.addRemoteCandidate(e.candidate));
let done = 0;
const onSelected = () => {
  if (++done < 2) return;
  process.stdout.write('connected\n');
  a.close();
  b.close();
};
a.on('selected-pair', onSelected);
b.on('selected-pair', onSelected);
await Promise.all([a.gather(), b.gather()]);
