import type { IceEvent } from '../../src/index.js';
import { IceTransport, type IceTransportOptions } from '../../src/node/index.js';

/** Connects two transports by trickling candidates between them in-process. */
export function wire(a: IceTransport, b: IceTransport): void {
  a.setRemoteCredentials(b.agent.localUfrag, b.agent.localPwd);
  b.setRemoteCredentials(a.agent.localUfrag, a.agent.localPwd);
  a.on('local-candidate', (e) => b.addRemoteCandidate(e.candidate));
  b.on('local-candidate', (e) => a.addRemoteCandidate(e.candidate));
  a.on('end-of-candidates', () => b.addRemoteCandidate(null));
  b.on('end-of-candidates', () => a.addRemoteCandidate(null));
}

export function waitFor<T extends IceEvent['type']>(
  t: IceTransport,
  type: T,
  pred: (e: Extract<IceEvent, { type: T }>) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Extract<IceEvent, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${type}`)), timeoutMs);
    const on = (e: Extract<IceEvent, { type: T }>) => {
      if (!pred(e)) return;
      clearTimeout(timer);
      (t.off as (n: string, f: unknown) => void)(type, on);
      resolve(e);
    };
    (t.on as (n: string, f: unknown) => void)(type, on);
  });
}

export function loopback(
  opts: Partial<IceTransportOptions> & Pick<IceTransportOptions, 'role'>,
): IceTransport {
  return new IceTransport({ addresses: ['127.0.0.1'], ...opts });
}
