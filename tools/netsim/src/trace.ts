import { formatAddress } from './address.js';
import type { TraceEvent } from './types.js';

/** One line of human-readable text for a trace event, for debugging failed tests. */
export function formatTrace(e: TraceEvent): string {
  const t = e.time.toFixed(3).padStart(10);
  switch (e.type) {
    case 'send':
      return `${t} #${e.id} send ${e.host} ${formatAddress(e.src)} -> ${formatAddress(e.dst)} ${e.size}B`;
    case 'hop':
      return `${t} #${e.id} hop ${e.from} -> ${e.to} arrives ${e.arrival.toFixed(3)}${e.duplicate ? ' (dup)' : ''}`;
    case 'deliver':
      return `${t} #${e.id} deliver ${e.host} ${formatAddress(e.src)} -> ${formatAddress(e.dst)} ${e.size}B`;
    case 'drop':
      return `${t} #${e.id} drop at ${e.at} (${e.reason}) ${formatAddress(e.src)} -> ${formatAddress(e.dst)} ${e.size}B`;
    case 'nat':
      return (
        `${t} #${e.id} ${e.nat} ${e.direction} ${formatAddress(e.before.src)} -> ${formatAddress(e.before.dst)}` +
        ` becomes ${formatAddress(e.after.src)} -> ${formatAddress(e.after.dst)}`
      );
    case 'nat-mapping':
      return `${t} ${e.nat} mapping ${e.action} ${formatAddress(e.internal)} <-> ${formatAddress(e.external)}`;
  }
}
