// webrtc-pc §4.4.1.2: "chain an operation": createOffer, createAnswer, setLocalDescription,
// setRemoteDescription and addIceCandidate run one at a time, in call order; a failing operation
// does not stop the ones after it.

export class OperationsChain {
  #tail: Promise<unknown> = Promise.resolve();
  #length = 0;
  #closed = false;

  get length(): number {
    return this.#length;
  }

  /** Chains `op`; rejects with InvalidStateError-like `onClosed()` if the chain closed meanwhile. */
  chain<T>(op: () => Promise<T> | T, onClosed: () => Error): Promise<T> {
    this.#length++;
    const run = async (): Promise<T> => {
      try {
        if (this.#closed) throw onClosed();
        return await op();
      } finally {
        this.#length--;
      }
    };
    const result = this.#tail.then(run, run);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.#closed = true;
  }
}
