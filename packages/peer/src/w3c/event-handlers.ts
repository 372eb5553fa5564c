// HTML "event handler IDL attributes": `pc.onfoo = fn` registers fn as a listener for "foo", replacing
// the previous handler, and reads back the handler (or null). Defined once per class prototype.

type Handler = ((this: unknown, event: Event) => unknown) | null;

const handlers = new WeakMap<
  EventTarget,
  Map<string, { handler: Handler; listener: (event: Event) => void }>
>();

export function defineEventHandlers(proto: EventTarget, names: readonly string[]): void {
  for (const name of names) {
    Object.defineProperty(proto, `on${name}`, {
      configurable: true,
      enumerable: true,
      get(this: EventTarget): Handler {
        return handlers.get(this)?.get(name)?.handler ?? null;
      },
      set(this: EventTarget, value: unknown) {
        let map = handlers.get(this);
        if (!map) {
          map = new Map();
          handlers.set(this, map);
        }
        const previous = map.get(name);
        if (previous) this.removeEventListener(name, previous.listener);
        if (typeof value !== 'function') {
          map.delete(name);
          return;
        }
        const handler = value as NonNullable<Handler>;
        const listener = (event: Event): void => {
          handler.call(this, event);
        };
        map.set(name, { handler, listener });
        this.addEventListener(name, listener);
      },
    });
  }
}
