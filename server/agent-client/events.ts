import { agentEventSchema, agentStreamPaths, type AgentEvent } from "../agent/protocol";
import { connectionError, type AgentConnection } from "./connection";
import { openStream } from "./streams";

export type EventStreamStatus = "connecting" | "connected" | "disconnected";

export interface EventSubscriptionOptions {
  onEvent: (event: AgentEvent) => void;
  /** Status changes; events sent while disconnected are lost, so refetch state on "connected". */
  onStatus?: (status: EventStreamStatus, error?: Error) => void;
  /** First retry delay; doubles up to maxDelayMs. */
  retryDelayMs?: number;
  maxDelayMs?: number;
}

export interface EventSubscription {
  close(): void;
}

/** Follows the agent's event stream and reconnects (with backoff) whenever it drops. */
export function subscribeAgentEvents(conn: AgentConnection, options: EventSubscriptionOptions): EventSubscription {
  const base = options.retryDelayMs ?? 500;
  const max = options.maxDelayMs ?? 5000;
  let delay = base;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let socket: ReturnType<typeof openStream> | null = null;

  const connect = () => {
    options.onStatus?.("connecting");
    const ws = openStream(conn, agentStreamPaths.events);
    socket = ws;
    let failure: Error | undefined;
    ws.on("open", () => {
      delay = base;
      options.onStatus?.("connected");
    });
    ws.on("message", (raw) => {
      const parsed = agentEventSchema.safeParse(JSON.parse(String(raw)));
      if (parsed.success) options.onEvent(parsed.data);
    });
    ws.on("error", (error) => {
      failure = connectionError(conn, error);
    });
    ws.on("close", () => {
      socket = null;
      if (closed) return;
      options.onStatus?.("disconnected", failure);
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, max);
    });
  };
  connect();
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      socket?.close();
    },
  };
}
