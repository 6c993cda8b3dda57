import { AgentError, agentMethods, agentServes, type AgentMethodName } from "../agent/protocol";

/**
 * A method the agent's protocol version does not have: refused by the web before any request,
 * so an older agent is never sent something it would answer with a bare 404.
 */
export class MethodNotServedError extends AgentError {
  constructor(
    readonly method: AgentMethodName,
    readonly since: number,
    readonly agentProtocol: number,
    address: string,
  ) {
    super(
      "unsupported",
      `The agent at ${address} speaks protocol ${agentProtocol}, and ${method} needs protocol ${since} or later: update the agent on that host`,
      { method, since, agentProtocol, address },
    );
    this.name = "MethodNotServedError";
  }
}

/** Throws MethodNotServedError when the agent is known to speak a protocol older than the method. */
export function refuseUnserved(method: AgentMethodName, protocolVersion: number | undefined, address: string): void {
  if (protocolVersion === undefined || agentServes(protocolVersion, method)) return;
  throw new MethodNotServedError(method, agentMethods[method].since, protocolVersion, address);
}
