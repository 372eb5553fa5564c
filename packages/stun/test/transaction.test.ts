import {
  ClientTransaction,
  createTransactionId,
  decodeMessage,
  encodeMessage,
  StunError,
  StunMethod,
  TransactionTable,
} from '../src/index.js';

function request(): Uint8Array {
  return encodeMessage({
    class: 'request',
    method: StunMethod.Binding,
    transactionId: createTransactionId(),
    attributes: [],
  });
}

function responseTo(req: Uint8Array, cls: 'success' | 'error' = 'success') {
  const attributes =
    cls === 'error' ? [{ type: 'ERROR-CODE' as const, value: { code: 487, reason: 'Role Conflict' } }] : [];
  return decodeMessage(
    encodeMessage({ class: cls, method: StunMethod.Binding, transactionId: req.slice(8, 20), attributes }),
  );
}

/** Drives a transaction like an event loop would, returning the times of each transmission. */
function runToEnd(tx: ClientTransaction): { sends: number[]; end: number } {
  const sends: number[] = [];
  let now = tx.startedAt;
  for (let guard = 0; guard < 100; guard++) {
    while (tx.pollTransmit() !== undefined) sends.push(now);
    const d = tx.nextDeadline();
    if (d === undefined) return { sends, end: now };
    now = d;
    tx.handleTimeout(now);
  }
  throw new Error('transaction did not end');
}

describe('ClientTransaction (RFC 8489 §6.2.1)', () => {
  it('UDP: 7 transmissions at 0, 500, 1500, 3500, 7500, 15500, 31500 ms, timeout at 39500 ms', () => {
    const tx = new ClientTransaction(request(), 1000);
    const { sends, end } = runToEnd(tx);
    expect(sends.map((t) => t - 1000)).toEqual([0, 500, 1500, 3500, 7500, 15500, 31500]);
    expect(end - 1000).toBe(39500);
    expect(tx.state).toBe('timed-out');
    expect(tx.pollEvent()).toEqual({ type: 'timeout' });
    expect(tx.pollEvent()).toBeUndefined();
    expect(tx.nextDeadline()).toBeUndefined();
  });

  it('reliable transport: one transmission and a single 39.5 s timeout', () => {
    const tx = new ClientTransaction(request(), 0, { reliable: true });
    const { sends, end } = runToEnd(tx);
    expect(sends).toEqual([0]);
    expect(end).toBe(39500);
    expect(tx.pollEvent()?.type).toBe('timeout');
  });

  it('custom RTO and Rc', () => {
    const tx = new ClientTransaction(request(), 0, { rto: 100, maxTransmissions: 3, lastWaitFactor: 4 });
    const { sends, end } = runToEnd(tx);
    expect(sends).toEqual([0, 100, 300]);
    expect(end).toBe(700);
  });

  it('handleTimeout before the deadline does nothing', () => {
    const tx = new ClientTransaction(request(), 0);
    expect(tx.pollTransmit()).toBeDefined();
    tx.handleTimeout(499);
    expect(tx.pollTransmit()).toBeUndefined();
    expect(tx.nextDeadline()).toBe(500);
  });

  it('a matching response completes it with an RTT; no more transmissions', () => {
    const req = request();
    const tx = new ClientTransaction(req, 0);
    tx.pollTransmit();
    expect(tx.handleResponse(responseTo(req), 42)).toBe(true);
    expect(tx.state).toBe('completed');
    const e = tx.pollEvent();
    expect(e?.type).toBe('response');
    expect(e?.type === 'response' && e.rtt).toBe(42);
    expect(tx.nextDeadline()).toBeUndefined();
    tx.handleTimeout(100_000);
    expect(tx.pollTransmit()).toBeUndefined();
    // A duplicate response is not accepted twice.
    expect(tx.handleResponse(responseTo(req), 50)).toBe(false);
  });

  it('no RTT after a retransmission (Karn), error responses complete too', () => {
    const req = request();
    const tx = new ClientTransaction(req, 0);
    tx.handleTimeout(500);
    expect(tx.transmitCount).toBe(2);
    expect(tx.handleResponse(responseTo(req, 'error'), 700)).toBe(true);
    const e = tx.pollEvent();
    expect(e?.type === 'response' && e.rtt).toBeUndefined();
  });

  it('ignores responses with another id and requests with the same id', () => {
    const req = request();
    const tx = new ClientTransaction(req, 0);
    expect(tx.handleResponse(responseTo(request()), 1)).toBe(false);
    expect(tx.handleResponse(decodeMessage(req), 1)).toBe(false);
    expect(tx.state).toBe('waiting');
  });

  it('cancel stops it without an event', () => {
    const tx = new ClientTransaction(request(), 0);
    tx.cancel();
    expect(tx.state).toBe('cancelled');
    expect(tx.pollTransmit()).toBeUndefined();
    expect(tx.nextDeadline()).toBeUndefined();
    expect(tx.pollEvent()).toBeUndefined();
  });

  it('rejects bad options and requests', () => {
    expect(() => new ClientTransaction(new Uint8Array(4), 0)).toThrow(StunError);
    expect(() => new ClientTransaction(request(), 0, { rto: 0 })).toThrow(StunError);
  });
});

describe('TransactionTable', () => {
  it('matches responses by transaction id and keeps contexts', () => {
    const table = new TransactionTable<string>();
    const a = request();
    const b = request();
    table.start(a, 'to-a', 0);
    table.start(b, 'to-b', 0);
    expect(table.pollTransmit()?.context).toBe('to-a');
    expect(table.pollTransmit()?.context).toBe('to-b');
    expect(table.pollTransmit()).toBeUndefined();
    expect(table.nextDeadline()).toBe(500);
    const tx = table.handleResponse(responseTo(b), 10);
    expect(tx?.key).toBeDefined();
    expect(table.size).toBe(1);
    expect(table.pollEvent()).toMatchObject({ context: 'to-b', event: { type: 'response', rtt: 10 } });
    // A late duplicate response is dropped.
    expect(table.handleResponse(responseTo(b), 11)).toBeUndefined();
    table.handleTimeout(500);
    expect(table.pollTransmit()?.context).toBe('to-a');
    expect(table.nextDeadline()).toBe(1500);
    table.handleTimeout(39_500);
    // A late call fires one step at a time; drive to the end.
    for (let now = 39_500; table.nextDeadline() !== undefined; now = table.nextDeadline()!)
      table.handleTimeout(now);
    expect(table.size).toBe(0);
    const events = [];
    for (let e = table.pollEvent(); e; e = table.pollEvent()) events.push(e);
    expect(events.map((e) => e.event.type)).toEqual(['timeout']);
    expect(table.nextDeadline()).toBeUndefined();
  });

  it('is bounded', () => {
    const table = new TransactionTable(2);
    table.start(request(), undefined, 0);
    table.start(request(), undefined, 0);
    expect(() => table.start(request(), undefined, 0)).toThrow(
      expect.objectContaining({ code: 'limit-exceeded' }),
    );
  });

  it('refuses a duplicate transaction id and supports cancel', () => {
    const table = new TransactionTable();
    const req = request();
    const tx = table.start(req, undefined, 0);
    expect(() => table.start(req, undefined, 0)).toThrow(StunError);
    table.cancel(tx);
    expect(table.size).toBe(0);
    expect(table.match(responseTo(req))).toBeUndefined();
  });
});
