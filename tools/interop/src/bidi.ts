// A minimal WebDriver BiDi client (W3C WebDriver BiDi, "Transport" and "Protocol"): JSON commands
// over one WebSocket, each answered by the message with its id, and events, which carry none.
// Firefox speaks BiDi itself, so Debian's firefox-esr is driven without a patched browser.
import WebSocket from 'ws';

export interface BidiEvent {
  method: string;
  params: Record<string, unknown>;
}

interface Pending {
  method: string;
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class BidiConnection {
  readonly #ws: WebSocket;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Set<(event: BidiEvent) => void>();
  #nextId = 1;
  #closed: Error | undefined;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (raw) => this.#onMessage(String(raw)));
    ws.on('close', () => this.#fail(new Error('WebDriver BiDi connection closed')));
    ws.on('error', (error) => this.#fail(error));
  }

  static connect(url: string, timeoutMs = 10_000): Promise<BidiConnection> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error(`WebDriver BiDi: no connection to ${url} within ${timeoutMs} ms`));
      }, timeoutMs);
      ws.once('open', () => {
        clearTimeout(timer);
        resolve(new BidiConnection(ws));
      });
      ws.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** Sends one command; resolves with its result, rejects with the error the remote end returned. */
  command<T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown>,
    timeoutMs = 60_000,
  ): Promise<T> {
    if (this.#closed) return Promise.reject(this.#closed);
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`WebDriver BiDi: ${method} not answered within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { method, resolve: resolve as (r: unknown) => void, reject, timer });
      this.#ws.send(JSON.stringify({ id, method, params }));
    });
  }

  onEvent(listener: (event: BidiEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#fail(new Error('WebDriver BiDi connection closed'));
    this.#ws.terminate();
  }

  #onMessage(text: string): void {
    let m: {
      type: 'success' | 'error' | 'event';
      id?: number;
      result?: unknown;
      error?: string;
      message?: string;
      method?: string;
      params?: Record<string, unknown>;
    };
    try {
      m = JSON.parse(text);
    } catch {
      this.#fail(new Error(`WebDriver BiDi: a message that is not JSON: ${text.slice(0, 200)}`));
      return;
    }
    if (m.type === 'event') {
      for (const listener of this.#listeners) listener({ method: m.method ?? '', params: m.params ?? {} });
      return;
    }
    const pending = m.id === undefined ? undefined : this.#pending.get(m.id);
    if (!pending) return;
    this.#pending.delete(m.id!);
    clearTimeout(pending.timer);
    if (m.type === 'success') pending.resolve(m.result);
    else pending.reject(new Error(`WebDriver BiDi ${pending.method}: ${m.error}: ${m.message}`));
  }

  #fail(error: Error): void {
    if (this.#closed) return;
    this.#closed = error;
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.#pending.clear();
  }
}
