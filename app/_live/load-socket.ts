"use client";

import type { Socket } from "socket.io-client";

/**
 * The tab's live socket, with socket.io's client fetched on first use: a page whose first rows
 * came with its HTML needs it only after hydration, so its code stays out of the page's own JS.
 */
export function loadLiveSocket(): Promise<Socket> {
  return import("./socket").then((module) => module.liveSocket());
}
