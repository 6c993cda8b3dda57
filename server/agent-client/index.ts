export { agentConnection, agentTlsConnection, callAgent, callAgentUnchecked, type AgentConnection, type CallOptions } from "./connection";
export * from "./methods";
export { subscribeAgentEvents, type EventStreamStatus, type EventSubscription, type EventSubscriptionOptions } from "./events";
export { openConsole, type ConsoleStream, type ConsoleStreamEnd, type ConsoleTarget } from "./console";
export { AgentError, type AgentErrorCode } from "../agent/protocol";
export { agentCommonName, normalizeFingerprint, type AgentTlsTarget } from "./tls";
export {
  certificateRefusalOf,
  ClientCertificateRefusedError,
  FingerprintMismatchError,
  ImpersonationError,
  isCertificateRefusal,
  RevokedCertificateError,
  UntrustedCertificateError,
  type CertificateRefusal,
} from "./tls-refusals";
export { MethodNotServedError } from "./protocol-version";
