export { agentConnection, agentTlsConnection, callAgent, callAgentUnchecked, type AgentConnection, type CallOptions } from "./connection";
export * from "./methods";
export { subscribeAgentEvents, type EventStreamStatus, type EventSubscription, type EventSubscriptionOptions } from "./events";
export { openConsole, type ConsoleStream, type ConsoleStreamEnd, type ConsoleTarget } from "./console";
export { AgentError, type AgentErrorCode } from "../agent/protocol";
export { FingerprintMismatchError, normalizeFingerprint, type AgentTlsTarget } from "./tls";
export { MethodNotServedError } from "./protocol-version";
