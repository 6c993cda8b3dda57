/**
 * The socket.io half of the authorization matrix: every event a connected socket listens to,
 * read from the socket itself, each checked for a declaration (made by onEvent) and then
 * emitted by each caller on an in-scope and an out-of-scope jail, against design.md's roles table.
 */
import type { Socket } from "socket.io";
import type { z } from "zod";
import { declarationOf } from "@/server/realtime/events";
import { expected, type Outcome } from "./authorization-matrix";

/** Events socket.io itself emits on a server socket; a client cannot send them. */
const RESERVED = new Set(["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener", "error"]);

export interface SocketMatrixCaller {
  label: string;
  role: "admin" | "operator" | "viewer" | null;
  scope: "host" | "jail";
  /** Emits an event with a payload; "unauthorized" when this caller gets no connection at all. */
  emit: (event: string, payload: unknown) => Promise<Outcome>;
}

export type Reply = { ok: true } | { ok: false; code: string; message: string };

export function outcomeOfReply(reply: Reply): Outcome {
  if (!reply.ok && reply.code === "FORBIDDEN" && reply.message.startsWith("You do not have permission")) return "refused";
  return "passed"; // got past the permission check (then refused by the payload, the relay, the agent …)
}

export interface RegisteredEvent {
  name: string;
  listeners: ((...args: never[]) => unknown)[];
}

/** Every client-sendable event the socket listens to, as registered by the code under test. */
export function registeredEvents(socket: Socket): RegisteredEvent[] {
  return socket
    .eventNames()
    .map(String)
    .filter((name) => !RESERVED.has(name))
    .map((name) => ({ name, listeners: socket.listeners(name) as RegisteredEvent["listeners"] }));
}

/** A valid payload built from the event's own schema: each field named as the matrix knows it. */
function samplePayload(schema: z.ZodType, jail: string): unknown {
  const fields: Record<string, unknown> = { jail, name: jail, id: "f".repeat(24), cols: 80, rows: 24, bytes: 1, data: "x", since: 0 };
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  const payload = Object.fromEntries(Object.keys(shape).map((key) => [key, fields[key]]));
  return schema.safeParse(payload).success ? payload : undefined;
}

type Target = "host" | "anywhere" | { jailFrom: unknown };
const scopeOf = (target: Target) => (typeof target === "string" ? target : "jail");

/** Every mismatch between what a caller got for an event and what the design says, as readable lines. */
export async function socketAuthorizationMismatches(
  events: RegisteredEvent[],
  callers: SocketMatrixCaller[],
  jails: { inScope: string; outOfScope: string },
): Promise<string[]> {
  const mismatches: string[] = [];
  for (const { name, listeners } of events) {
    const declared = listeners.map((listener) => declarationOf(listener));
    const spec = declared[0];
    if (!spec || declared.some((d) => d === undefined)) {
      mismatches.push(`${name}: declares no permission`);
      continue;
    }
    for (const [jail, inScope] of [
      [jails.inScope, true],
      [jails.outOfScope, false],
    ] as const) {
      const payload = samplePayload(spec.payload, jail);
      if (payload === undefined) {
        mismatches.push(`${name}: no valid payload could be built from its schema`);
        break;
      }
      for (const caller of callers) {
        const got = await caller.emit(name, payload);
        const want = expected(caller, spec.permission, scopeOf(spec.target), inScope);
        if (got !== want) mismatches.push(`${name} (${spec.permission}) as ${caller.label} on ${jail}: got ${got}, design says ${want}`);
      }
    }
  }
  return mismatches;
}
