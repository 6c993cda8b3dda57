import { request } from "node:http";
import { request as tlsRequest } from "node:https";
import { agentSocketPath } from "../agent/protocol/socket-path";
import {
  AgentError,
  agentErrorBodySchema,
  agentMethodPath,
  agentMethods,
  type AgentMethodName,
  type MethodInput,
  type MethodOutput,
} from "../agent/protocol";
import { refuseUnserved } from "./protocol-version";
import { tlsAddress, tlsRequestOptions, type AgentTlsTarget } from "./tls";
import { certificateRefusalOf } from "./tls-refusals";

export interface AgentConnection {
  socketPath: string;
  /** A remote agent over mutual TLS instead of the local socket. */
  tls?: AgentTlsTarget;
  /** How long to wait for the socket to accept before saying the agent is unavailable. */
  connectTimeoutMs: number;
  /** Default limit for a whole call; long methods (create) pass their own. */
  requestTimeoutMs: number;
  /** The protocol version the agent last reported (host.info); unset while unknown, when every method is sent. */
  protocolVersion?: number;
}

export interface CallOptions {
  timeoutMs?: number;
}

export function agentConnection(
  socketPath = agentSocketPath(),
  overrides: Partial<Omit<AgentConnection, "socketPath">> = {},
): AgentConnection {
  return { socketPath, connectTimeoutMs: 2000, requestTimeoutMs: 60_000, ...overrides };
}

/** A remote host's agent; socketPath stays empty since no socket file is involved. */
export function agentTlsConnection(target: AgentTlsTarget, overrides: Partial<Omit<AgentConnection, "socketPath" | "tls">> = {}) {
  return agentConnection("", { ...overrides, tls: target });
}

const addressOf = (conn: AgentConnection): string => (conn.tls ? tlsAddress(conn.tls) : conn.socketPath);

export function unavailable(conn: AgentConnection, reason: string): AgentError {
  const where = addressOf(conn);
  const hint = conn.tls ? "is its agent running with STOCKADE_AGENT_TLS_LISTEN?" : "is it running (npm run agent)?";
  return new AgentError("unavailable", `The Stockade agent is not reachable at ${where} (${reason}); ${hint}`, {
    ...(conn.tls ? { address: where } : { socketPath: conn.socketPath }),
  });
}

const reasons: Record<string, string> = {
  ENOENT: "no socket file",
  ECONNREFUSED: "connection refused",
  EACCES: "permission denied: the web's user must be in the socket's group",
};

/**
 * An agent that refuses our client certificate says why in a line (certificateRefusalOf); one
 * from before that, or a hang-up mid-handshake, is only a reset.
 */
function reasonOf(conn: AgentConnection, error: NodeJS.ErrnoException): string {
  const tlsRefusal = error.code === "ECONNRESET" || (error.code ?? "").startsWith("ERR_SSL");
  if (conn.tls && tlsRefusal) return `TLS refused (${error.message}): the agent trusts only client certificates from its Stockade CA`;
  return reasons[error.code ?? ""] ?? error.message;
}

/** The one mapping from a failed connection to the AgentError callers see; a refused certificate keeps its own class. */
export function connectionError(conn: AgentConnection, error: NodeJS.ErrnoException): AgentError {
  if (error instanceof AgentError) return error;
  const refusal = conn.tls ? certificateRefusalOf(error, tlsAddress(conn.tls)) : null;
  return refusal ?? unavailable(conn, reasonOf(conn, error));
}

function rebuildError(status: number, text: string): AgentError {
  try {
    const body = agentErrorBodySchema.parse(JSON.parse(text));
    return new AgentError(body.code, body.message, body.details);
  } catch {
    return new AgentError("internal", `The agent answered ${status} with an unreadable body`, { status });
  }
}

function post(conn: AgentConnection, path: string, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const common = { path, method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } };
    const req = conn.tls ? tlsRequest({ ...tlsRequestOptions(conn.tls), ...common }) : request({ socketPath: conn.socketPath, ...common });
    const connectTimer = setTimeout(
      () => req.destroy(unavailable(conn, `no answer within ${conn.connectTimeoutMs} ms`)),
      conn.connectTimeoutMs,
    );
    const callTimer = setTimeout(
      () => req.destroy(new AgentError("unavailable", `The agent did not answer ${path} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const done = () => {
      clearTimeout(connectTimer);
      clearTimeout(callTimer);
    };
    // A kept-alive socket is already connected and never emits "connect" again.
    req.on("socket", (socket) => {
      if (socket.connecting) socket.once("connect", () => clearTimeout(connectTimer));
      else clearTimeout(connectTimer);
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      done();
      reject(connectionError(conn, error));
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        done();
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", (error) => {
        done();
        reject(unavailable(conn, error.message));
      });
    });
    req.end(body);
  });
}

/** Calls one agent method; input and the agent's protocol version are checked here first, so a bad request never leaves the web. */
export async function callAgent<M extends AgentMethodName>(
  conn: AgentConnection,
  method: M,
  input: MethodInput<M>,
  options: CallOptions = {},
): Promise<MethodOutput<M>> {
  refuseUnserved(method, conn.protocolVersion, addressOf(conn), input);
  const schemas = agentMethods[method];
  const parsedInput = schemas.input.safeParse(input);
  if (!parsedInput.success) {
    throw new AgentError(
      "invalid_input",
      `Invalid ${method} request: ${parsedInput.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")}`,
    );
  }
  const { status, text } = await post(
    conn,
    agentMethodPath(method),
    JSON.stringify(parsedInput.data),
    options.timeoutMs ?? conn.requestTimeoutMs,
  );
  if (status !== 200) throw rebuildError(status, text);
  const output = schemas.output.safeParse(JSON.parse(text));
  if (!output.success)
    throw new AgentError("internal", `The agent's ${method} answer does not match the protocol: ${output.error.message}`);
  return output.data as MethodOutput<M>;
}

/**
 * Sends a body as it is, without the local check: lets tests and tools see the agent's own
 * validation. Returns the parsed success body or throws the agent's error.
 */
export async function callAgentUnchecked(
  conn: AgentConnection,
  method: AgentMethodName,
  body: unknown,
  options: CallOptions = {},
): Promise<unknown> {
  const { status, text } = await post(conn, agentMethodPath(method), JSON.stringify(body), options.timeoutMs ?? conn.requestTimeoutMs);
  if (status !== 200) throw rebuildError(status, text);
  return JSON.parse(text);
}
