import fs from "node:fs/promises";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { jailNameSchema } from "@/server/agent/protocol";
import { consoleSessionIdSchema } from "@/server/agent/protocol/streams";
import { recordingFile, recordingsDir } from "@/server/console/recordings";
import { webConfig } from "@/server/config";
import { jailTarget, requireHostPermission, router } from "../init";

/** A replay is read whole by the browser; beyond this it is cut (the file keeps everything). */
const MAX_REPLAY_BYTES = 32 * 1024 * 1024;

const recordingInput = z.object({ name: jailNameSchema, id: consoleSessionIdSchema }).strict();

export const consolesRouter = router({
  /** A session's asciicast recording, for whoever may watch that jail's consoles. */
  recording: requireHostPermission("console.watch", jailTarget)
    .input(recordingInput)
    .query(async ({ ctx, input }) => {
      // The audit log says which jail a session belonged to: a recording is only served in its own jail's scope.
      const opened = await ctx.db.auditEvent.findFirst({
        where: { action: "console.open", targetType: "jail", target: input.name, details: { contains: input.id } },
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
