import fs from "node:fs/promises";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { jailNameSchema } from "@/server/agent/protocol";
import { fetchJails } from "@/server/agent-client/methods";
import { consoleSessionIdSchema } from "@/server/agent/protocol/streams";
import { recordingFile, recordingsDir } from "@/server/console/recordings";
import { webConfig } from "@/server/config";
import { anywhereTarget, jailTarget, requireHostPermission, router, type Caller, type Context } from "../init";
import { allowedOnHost, allowedOnJail } from "../scope";

/** A replay is read whole by the browser; beyond this it is cut (the file keeps everything). */
const MAX_REPLAY_BYTES = 32 * 1024 * 1024;
const RECENT_SESSIONS = 50;

const recordingInput = z.object({ name: jailNameSchema, id: consoleSessionIdSchema }).strict();

/**
 * The jails on the context's host whose consoles the caller may watch, or null for all of them.
 * Jails granted by name count even when the agent no longer lists them (their recordings outlive them).
 */
async function watchableJails(ctx: Context & { caller: Caller }): Promise<string[] | null> {
  if (allowedOnHost(ctx, "console.watch")) return null;
  const listed = await fetchJails(ctx.agent).catch(() => []);
  const granted = ctx.caller.grants
    .filter((grant) => grant.hostId === ctx.hostId && grant.scopeType === "jail")
    .map((grant) => ({ name: grant.scopeValue, tags: [] }));
  const watchable = [...listed, ...granted].filter((jail) => allowedOnJail(ctx, "console.watch", jail));
  return [...new Set(watchable.map((jail) => jail.name))];
}

const sessionOf = (details: string | null): string | null => {
  try {
    const session = (JSON.parse(details ?? "null") as { session?: unknown } | null)?.session;
    return consoleSessionIdSchema.safeParse(session).success ? (session as string) : null;
  } catch {
    return null;
  }
};

export const consolesRouter = router({
  /** The console sessions opened lately on the input's host, in the jails whose consoles the caller may watch, newest first. */
  recent: requireHostPermission("console.watch", anywhereTarget).query(async ({ ctx }) => {
    const jails = await watchableJails(ctx);
    const opened = await ctx.db.auditEvent.findMany({
      where: { action: "console.open", result: "ok", hostId: ctx.hostId, targetType: "jail", ...(jails ? { target: { in: jails } } : {}) },
      orderBy: { at: "desc" },
      take: RECENT_SESSIONS,
      select: { at: true, actorName: true, target: true, details: true },
    });
    const dir = recordingsDir(webConfig().dataDir);
    const sessions = opened.flatMap((row) => {
      const id = sessionOf(row.details);
      return id ? [{ id, jail: row.target, openedBy: row.actorName, openedAt: row.at }] : [];
    });
    return Promise.all(
      sessions.map(async (session) => ({
        ...session,
        recorded: (await fs.stat(recordingFile(dir, session.id)).catch(() => null)) !== null,
      })),
    );
  }),

  /** A session's asciicast recording, for whoever may watch that jail's consoles on the host it ran on. */
  recording: requireHostPermission("console.watch", jailTarget)
    .input(recordingInput)
    .query(async ({ ctx, input }) => {
      // The audit log says which jail on which host a session belonged to: a recording is only served in its own jail's scope.
      const opened = await ctx.db.auditEvent.findFirst({
        where: { action: "console.open", hostId: ctx.hostId, targetType: "jail", target: input.name, details: { contains: input.id } },
        select: { at: true, actorName: true },
      });
      const file = recordingFile(recordingsDir(webConfig().dataDir), input.id);
      const stat = opened ? await fs.stat(file).catch(() => null) : null;
      if (!opened || !stat)
        throw new TRPCError({ code: "NOT_FOUND", message: `No recording of console session ${input.id} in ${input.name}.` });
      const handle = await fs.open(file, "r");
      try {
        const length = Math.min(stat.size, MAX_REPLAY_BYTES);
        const { buffer, bytesRead } = await handle.read(Buffer.alloc(length), 0, length, 0);
        const text = buffer.subarray(0, bytesRead).toString("utf8");
        // A cut file ends mid-line: keep whole lines only.
        const cast = stat.size > MAX_REPLAY_BYTES ? text.slice(0, text.lastIndexOf("\n") + 1) : text;
        return { cast, truncated: stat.size > MAX_REPLAY_BYTES, openedBy: opened.actorName, openedAt: opened.at };
      } finally {
        await handle.close();
      }
    }),
});
