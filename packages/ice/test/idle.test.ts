import { IceAgent } from '../src/index.js';
import { seededRandom } from './helpers/seeded-random.js';

describe('idle agents', () => {
  it('1000 gathered agents without remote candidates ask for no timer', () => {
    const agents: IceAgent[] = [];
    for (let i = 0; i < 1000; i++) {
      const a = new IceAgent({ role: 'controlled', random: seededRandom(i + 1) });
      a.addHostSocket({ socketId: 's', address: '10.0.0.1', port: 5000 + i }, 0);
      a.gather(0);
      a.setRemoteCredentials('abcd', 'x'.repeat(22), {}, 0);
      while (a.pollEvent());
      agents.push(a);
    }
    expect(agents.every((a) => a.nextDeadline() === undefined)).toBe(true);
    expect(agents.every((a) => a.gatheringState === 'complete')).toBe(true);
  });
});
