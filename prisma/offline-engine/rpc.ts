import { createInterface } from "node:readline";
import { z } from "zod";
import { DatabaseError } from "./database";
import { MethodNotFoundError } from "./engine";
import { takePanicMessage } from "./wasm";

// The JSON-RPC 2.0 session the Prisma CLI holds with its schema engine: one request per line
// on stdin, one response per line on stdout, logs as JSON lines on stderr.

const requestSchema = z.object({
  id: z.union([z.number(), z.string()]),
  method: z.string(),
  params: z.unknown().optional(),
});

export type Dispatch = (method: string, params: unknown) => Promise<unknown>;

interface RpcError {
  code: number;
  message: string;
  data?: { is_panic: boolean; message: string; error_code?: string; meta?: unknown };
}

// The code the native engine uses for every error it explains in `data`.
const ENGINE_ERROR = 4466;

export function toRpcError(error: unknown): RpcError {
  if (error instanceof MethodNotFoundError) return { code: -32601, message: error.message };
  const panic = takePanicMessage();
  const message = panic ?? (error instanceof Error ? error.message : String(error));
  const details = (error ?? {}) as { code?: unknown; meta?: unknown };
  const code = error instanceof DatabaseError ? error.code : details.code;
  return {
    code: ENGINE_ERROR,
    message: "An error happened. Check the data field for details.",
    data: {
      is_panic: panic !== undefined,
      message,
      ...(typeof code === "string" ? { error_code: code } : {}),
      ...(details.meta !== undefined ? { meta: details.meta } : {}),
    },
  };
}

/** Serves requests in order until stdin closes; a panic ends the session (the wasm instance is unusable). */
export async function serve(dispatch: Dispatch, write: (line: string) => void): Promise<"closed" | "panic"> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const response = await answer(dispatch, line);
    write(JSON.stringify(response, bigintAsString));
    if (response.error?.data?.is_panic) return "panic";
  }
  return "closed";
}

interface RpcResponse {
  jsonrpc: "2.0";
  id: number | string | null;
  result?: unknown;
  error?: RpcError;
}

async function answer(dispatch: Dispatch, line: string): Promise<RpcResponse> {
  let request: z.infer<typeof requestSchema>;
  try {
    request = requestSchema.parse(JSON.parse(line));
  } catch (error) {
    return { jsonrpc: "2.0", id: null, error: { code: -32700, message: `Invalid request: ${String(error)}` } };
  }
  try {
    const result = await dispatch(request.method, request.params);
    return { jsonrpc: "2.0", id: request.id, result: result ?? {} };
  } catch (error) {
    return { jsonrpc: "2.0", id: request.id, error: toRpcError(error) };
  }
}

function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
