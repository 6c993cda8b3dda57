import { randomBytes } from "node:crypto";
import type { PtySession, PtySize } from "../drivers/driver";
import { AgentError, type ConsoleSession as ConsoleSessionInfo } from "../protocol";
import { ConsoleSession } from "./session";

export interface ConsoleSessionsOptions {
  idleMs: number;
  scrollbackBytes: number;
}

/** The agent's console sessions, by id: they live in the agent, not in any one connection. */
export class ConsoleSessions {
  private readonly sessions = new Map<string, ConsoleSession>();

  constructor(
    private readonly openPty: (jail: string, size: PtySize) => Promise<PtySession>,
    private readonly options: ConsoleSessionsOptions,
  ) {}

  async open(jail: string, size: PtySize): Promise<ConsoleSession> {
    const pty = await this.openPty(jail, size);
    const id = randomBytes(12).toString("hex");
    const session = new ConsoleSession(pty, { id, jail, size, ...this.options, onEnd: (s) => this.sessions.delete(s.id) });
    this.sessions.set(id, session);
    return session;
  }

  get(id: string): ConsoleSession {
    const session = this.sessions.get(id);
    if (!session || session.ended) throw new AgentError("not_found", `No console session ${id}: it ended or never existed`, { id });
    return session;
  }

  list(jail?: string): ConsoleSessionInfo[] {
    return [...this.sessions.values()].filter((s) => jail === undefined || s.jail === jail).map((s) => s.info());
  }

  end(id: string): { id: string; ended: true } {
    this.get(id).end("ended");
    return { id, ended: true };
  }

  closeAll(): void {
    for (const session of [...this.sessions.values()]) session.end("agent_stopping");
  }
}
