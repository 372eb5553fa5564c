// Signaling between two endpoints, in this process. With trickle, candidates flow as they are
// gathered and are held until the receiver has a remote description (addIceCandidate before
// setRemoteDescription is an error in the W3C API). Without trickle, each side waits for gathering
// to complete and sends one SDP carrying all of its candidates.
import type { Endpoint } from './endpoint.js';

/** What signaling needs of an endpoint (data-channel Endpoints and media endpoints both fit). */
export type Signaler = Pick<
  Endpoint,
  'name' | 'onCandidate' | 'offer' | 'answer' | 'accept' | 'addCandidate'
>;

export interface SignalingOptions {
  trickle: boolean;
}

export interface SignalingLog {
  offerCandidates: number;
  answerCandidates: number;
  trickled: { fromOfferer: number; fromAnswerer: number };
  candidateErrors: string[];
}

function candidateLines(sdp: string): number {
  return sdp.split(/\r?\n/).filter((l) => l.startsWith('a=candidate:')).length;
}

class CandidateGate {
  private ready = false;
  private readonly queue: unknown[] = [];
  count = 0;
  constructor(
    private readonly target: Signaler,
    private readonly errors: string[],
  ) {}
  push(c: unknown): void {
    this.count++;
    if (this.ready) this.deliver(c);
    else this.queue.push(c);
  }
  open(): void {
    this.ready = true;
    for (const c of this.queue.splice(0)) this.deliver(c);
  }
  private deliver(c: unknown): void {
    this.target.addCandidate(c).catch((e: Error) => this.errors.push(`${this.target.name}: ${e.message}`));
  }
}

/** Runs offer/answer from `offerer` to `answerer`; resolves once both descriptions are applied. */
export async function connect(
  offerer: Signaler,
  answerer: Signaler,
  options: SignalingOptions,
): Promise<SignalingLog> {
  const errors: string[] = [];
  const toAnswerer = new CandidateGate(answerer, errors);
  const toOfferer = new CandidateGate(offerer, errors);
  if (options.trickle) {
    offerer.onCandidate((c) => toAnswerer.push(c));
    answerer.onCandidate((c) => toOfferer.push(c));
  }
  const offer = await offerer.offer(options.trickle);
  const answer = await answerer.answer(offer, options.trickle);
  toAnswerer.open();
  await offerer.accept(answer);
  toOfferer.open();
  return {
    offerCandidates: candidateLines(offer.sdp),
    answerCandidates: candidateLines(answer.sdp),
    trickled: { fromOfferer: toAnswerer.count, fromAnswerer: toOfferer.count },
    candidateErrors: errors,
  };
}
