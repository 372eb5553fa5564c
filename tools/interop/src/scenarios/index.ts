export type {
  AgentReport,
  ChannelMode,
  ChannelReport,
  Description,
  EchoResult,
  GoneResult,
  SelectedPair,
} from './agent.js';
export { createAgent } from './agent.js';
export { browserEndpoint, type Endpoint, nodeEndpoint, type PeerConnectionCtor } from './endpoint.js';
export * from './scenarios.js';
export { connect, type Signaler, type SignalingLog, type SignalingOptions } from './signaling.js';
export { startTurnServer, type TurnServer, turnserverUnavailable } from './turn.js';
