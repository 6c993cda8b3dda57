import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { AgentMethods } from "../methods";
import { AgentError, agentMethodNames, type AgentMethodName } from "../protocol";
import { errorBody } from "./errors";

const MAX_BODY = 1024 * 1024;
const methodByPath = new Map(agentMethodNames.map((m) => [`/v1/${m}`, m]));

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new AgentError("invalid_input", `Request body over ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AgentError("invalid_input", "Request body is not JSON");
  }
}

function route(req: IncomingMessage): AgentMethodName {
  const method = methodByPath.get(new URL(req.url ?? "/", "http://agent").pathname);
  if (!method) throw new AgentError("not_found", `No agent method at ${req.url}`);
  if (req.method !== "POST") throw new AgentError("invalid_input", `Agent methods take POST, not ${req.method}`);
  return method;
}

/** POST /v1/<method> with a JSON body; the answer is the method's JSON or an error body. */
export function createRequestHandler(methods: AgentMethods, log: Logger) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    let method: string | undefined;
    try {
      method = route(req);
      const result = await methods.call(method as AgentMethodName, await readJson(req));
      send(res, 200, result);
      log.debug({ method, ms: Date.now() - started }, "request");
    } catch (error) {
      const { status, body } = errorBody(error);
      send(res, status, body);
      log.info({ method, status, code: body.code, ms: Date.now() - started }, body.message);
    }
  };
}
