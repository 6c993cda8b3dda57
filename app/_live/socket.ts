"use client";

import { io, type Socket } from "socket.io-client";

let shared: Socket | null = null;

/** One socket.io connection per tab, shared by every live view; the session cookie authenticates it. */
export function liveSocket(): Socket {
  shared ??= io({ path: "/socket.io", withCredentials: true, transports: ["websocket", "polling"] });
  return shared;
}
