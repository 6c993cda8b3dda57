import { AgentError, agentMethods, agentServes, inputFeatures, type AgentMethodName } from "../agent/protocol";

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
    /** A field added to the method's input later, when that is what the agent lacks. */
    readonly feature?: string,
  ) {
    const what = feature ? `${method} for ${feature}` : method;
    super(
      "unsupported",
      `The agent at ${address} speaks protocol ${agentProtocol}, and ${what} needs protocol ${since} or later: update the agent on that host`,
      { method, since, agentProtocol, address, ...(feature ? { feature } : {}) },
    );
    this.name = "MethodNotServedError";
  }
}

/** Throws MethodNotServedError when the agent is known to speak a protocol older than the method or a field of its input. */
export function refuseUnserved(method: AgentMethodName, protocolVersion: number | undefined, address: string, input?: unknown): void {
  if (protocolVersion === undefined) return;
  if (!agentServes(protocolVersion, method)) throw new MethodNotServedError(method, agentMethods[method].since, protocolVersion, address);
  const lacking = inputFeatures.find((f) => f.method === method && f.since > protocolVersion && input !== undefined && f.uses(input));
  if (lacking) throw new MethodNotServedError(method, lacking.since, protocolVersion, address, lacking.feature);
}
