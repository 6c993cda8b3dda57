import { AgentError, type AgentConnection } from "@/server/agent-client";
import type { AuditEntry } from "@/server/api/audit";
import { LOCAL_HOST_ID } from "@/server/hosts";
import { hostConnection } from "./hosts";
import { readHost } from "./host-reading";
import { answered, failed, initialState, type HostState } from "./host-state";
import type { FleetIdentity } from "./store";

export interface HostRow {
  id: string;
  name: string;
  address: string | null;
  fingerprint: string | null;
}

export interface HostMonitorOptions {
  /** The recorded hosts, re-read every poll so a host added with `host add` shows up without a restart. */
  listHosts: () => Promise<HostRow[]>;
  /** This machine's agent (the "local" host row); null when the web has none. */
  local: AgentConnection | null;
  /** The web's mTLS identity, read only when a remote host is recorded. */
  identity: () => Promise<FleetIdentity>;
  /** Pause between polls: a host that stops answering is shown unreachable within interval + timeout. */
  intervalMs?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
  /** Writes one audit event each time a host enters a refused state (not at every poll while it stays there). */
  audit?: (entry: AuditEntry) => void;
}

export interface HostMonitor {
  intervalMs: number;
  states(): HostState[];
  /** Polls every host once now (tests, and the first answer after start). */
  pollNow(): Promise<void>;
  stop(): void;
}

/** Default pause between polls; with the 2 s timeout a host that stops answering shows unreachable within 3.5 s. */
export const HOST_POLL_MS = 1500;

interface Entry {
  state: HostState;
  /** Rebuilt when the row's address or fingerprint or the revocation list changes; carries the protocol version last reported. */
  conn: AgentConnection | null;
  key: string;
}

/** What a poll dials: the identity is read once per poll, so a revocation counts from the next poll on. */
type Dial = (row: HostRow, entry: Entry) => void;

function dialer(local: AgentConnection | null, identity: FleetIdentity | null): Dial {
  return (row, entry) => {
    const remote = row.address && identity ? identity : null;
    const key = remote ? `${row.address}|${row.fingerprint ?? ""}|${remote.crl ?? ""}` : "local";
    if (entry.conn && entry.key === key) return;
    entry.conn = remote ? hostConnection(row, remote) : local;
    entry.key = key;
  };
}

/** The audit event for a host whose certificate the web just refused. */
function refusalEvent(row: HostRow, state: HostState, error: unknown): AuditEntry {
  const details = error instanceof AgentError ? error.details : undefined;
  return {
    actorId: null,
    actorName: "host monitor",
    action: "host.refused",
    hostId: row.id,
    targetType: "host",
    target: row.id,
    result: "denied",
    message: state.error ?? undefined,
    details: { refusal: state.refused, address: row.address, ...details },
  };
}

/**
 * The web's per-host connection state: every recorded host polled over its own connection
 * (mTLS for remote hosts, the Unix socket for this machine), a new request each time, so an
 * agent that comes back is reached again without restarting the web.
 */
export function startHostMonitor(options: HostMonitorOptions): HostMonitor {
  const { intervalMs = HOST_POLL_MS, timeoutMs = 2000, log = console.log, audit = () => undefined } = options;
  const entries = new Map<string, Entry>();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running: Promise<void> | null = null;

  const pollOne = async (row: HostRow, entry: Entry, dial: Dial) => {
    const now = () => new Date();
    try {
      dial(row, entry);
      if (!entry.conn) return;
      const reading = await readHost({ ...entry.conn, connectTimeoutMs: timeoutMs, requestTimeoutMs: timeoutMs });
      entry.conn = { ...entry.conn, protocolVersion: reading.info.protocolVersion };
      if (entry.state.reachability === "unreachable") log(`Hosts: ${row.name} is reachable again`);
      entry.state = answered({ ...entry.state, name: row.name, address: row.address }, reading, now());
    } catch (error) {
      if (!(error instanceof AgentError)) console.error(`Hosts: polling ${row.name} failed`, error);
      // Whatever answers next at that address may be another agent: ask its version again.
      if (entry.conn) entry.conn = { ...entry.conn, protocolVersion: undefined };
      if (entry.state.reachability !== "unreachable") log(`Hosts: ${row.name} is unreachable: ${String((error as Error).message)}`);
      const before = entry.state.refused;
      entry.state = failed(entry.state, error, now());
      if (entry.state.refused && entry.state.refused !== before) audit(refusalEvent(row, entry.state, error));
    }
  };

  const poll = async () => {
    const rows = (await options.listHosts()).filter((row) => row.address || (row.id === LOCAL_HOST_ID && options.local));
    for (const id of entries.keys()) if (!rows.some((row) => row.id === id)) entries.delete(id);
    const dial = dialer(options.local, rows.some((row) => row.address) ? await options.identity() : null);
    await Promise.all(
      rows.map((row) => {
        const entry = entries.get(row.id) ?? { state: initialState(row, new Date()), conn: null, key: "" };
        entries.set(row.id, entry);
        return pollOne(row, entry, dial);
      }),
    );
  };

  const pollNow = () => {
    running ??= poll()
      .catch((error: unknown) => console.error("Hosts: reading the recorded hosts failed", error))
      .finally(() => (running = null));
    return running;
  };

  const loop = () => {
    void pollNow().then(() => {
      if (!stopped) timer = setTimeout(loop, intervalMs).unref();
    });
  };
  loop();

  const monitor: HostMonitor = {
    intervalMs,
    states: () =>
      [...entries.values()].map((entry) => entry.state).sort((a, b) => hostOrder(a) - hostOrder(b) || a.name.localeCompare(b.name)),
    pollNow,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (store.stockadeHostMonitor === monitor) delete store.stockadeHostMonitor;
    },
  };
  store.stockadeHostMonitor = monitor;
  return monitor;
}

/** Kept on globalThis: Next.js bundles its own copy of server modules, and the tRPC route must read the monitor server-entry started. */
const store = globalThis as unknown as { stockadeHostMonitor?: HostMonitor };

export const runningHostMonitor = (): HostMonitor | null => store.stockadeHostMonitor ?? null;

/** This machine first, then the remote hosts by name. */
const hostOrder = (state: HostState) => (state.id === LOCAL_HOST_ID ? 0 : 1);
