export { agentConnection, callAgent, callAgentUnchecked, type AgentConnection, type CallOptions } from "./connection";
export * from "./methods";
export { subscribeAgentEvents, type EventStreamStatus, type EventSubscription, type EventSubscriptionOptions } from "./events";
export { openPtySession, type OpenPtyInput, type PtyClientSession } from "./pty";
export { AgentError, type AgentErrorCode } from "../agent/protocol";
