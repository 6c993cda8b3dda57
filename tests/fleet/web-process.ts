/**
 * One web process for the web-tier test: an HTTP server with socket.io and the web tier
 * exactly as server-entry starts them (Redis adapter, sampler lease), without Next.js, the
 * agent or sign-in. It says on stdout when it listens and when its sampler starts or stops.
 */
import http from "node:http";
import { Server } from "socket.io";
import { endSessions, grantsChanged } from "@/server/auth/session-ends";
import type { Db } from "@/server/db/types";
import { startWebTier } from "@/server/fleet/web-tier";
import { liveDataStatus } from "@/server/fleet/status";

const port = Number(process.env.FLEETWEB_PORT);
const say = (line: string) => process.stdout.write(`${line}\n`);

const server = http.createServer((request, response) => {
  response.setHeader("content-type", "application/json");
  response.end(JSON.stringify(liveDataStatus()));
});
const io = new Server(server);
io.on("connection", (socket) => {
  socket.on("join", async (room: string, ack: () => void) => {
    await socket.join(room);
    ack();
  });
  // The session rows are not the point here: only the "sessions ended" signal endSessions sends.
  socket.on("end-sessions", async (userId: string, ack: () => void) => {
    await endSessions({ session: { deleteMany: () => Promise.resolve({ count: 1 }) } } as unknown as Db, userId);
    ack();
  });
  socket.on("grants-changed", (userId: string, ack: () => void) => {
    grantsChanged(userId);
    ack();
  });
  socket.on("shout", (room: string, text: string, ack: () => void) => {
    io.to(room).emit("news", { from: port, text });
    ack();
  });
});
const tier = startWebTier({
  io,
  redisUrl: process.env.STOCKADE_REDIS_URL,
  hostId: process.env.FLEETWEB_HOST_ID ?? "local",
  leaseMs: Number(process.env.FLEETWEB_LEASE_MS),
  startSampler: () => {
    say("sampler started");
    return { stop: () => say("sampler stopped") };
  },
  refreshUser: (userId) => say(`refresh ${userId}`),
  log: (line) => say(`log ${line}`),
});
server.listen(port, "127.0.0.1", () => say("listening"));
process.once("SIGTERM", () => void tier.stop().finally(() => io.close(() => process.exit(0))));
