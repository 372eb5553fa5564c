// The layering of ../shared/DESIGN.md, as data: which @rtc packages each package may import.
// A package depends only on packages below it; the protocol cores never own a clock or a socket.

export const allowedImports: Readonly<Record<string, readonly string[]>> = {
  sdp: [],
  stun: [],
  rtp: [],
  sctp: [],
  dtls: [],
  ice: ['stun'],
  srtp: ['rtp'],
  peer: ['sdp', 'stun', 'ice', 'dtls', 'srtp', 'rtp', 'sctp'],
};

/** Packages whose `src/` is a sans-I/O protocol core (everything but the orchestrator). */
export const sansIoPackages: readonly string[] = ['sdp', 'stun', 'ice', 'dtls', 'srtp', 'rtp', 'sctp'];

/** The folder inside a core's `src/` where a driver may use sockets and timers. */
export const driverFolder = 'node';

/** Modules a protocol core must not import outside its driver folder. */
export const ioModules: readonly string[] = [
  'dgram',
  'net',
  'tls',
  'dns',
  'timers',
  'timers/promises',
  'perf_hooks',
  'http',
  'https',
  'child_process',
  'worker_threads',
];
