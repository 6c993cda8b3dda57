"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useHost } from "@/app/_lib/use-host";
import { liveSocket } from "./socket";

/** What the page shows of a jail's agent events (boot and shutdown output, create steps, state). */
export interface JailEvent {
  type: string;
  /** The host the event happened on (the server names it on every event). */
  host?: string;
  jail?: string;
  task?: string;
  phase?: string;
  data?: string;
  message?: string;
  fraction?: number | null;
  done?: boolean;
  state?: string;
  at: number;
}

const MAX_EVENTS = 2000;

function belongsTo(event: JailEvent, host: string, jail: string): boolean {
  return event.host === host && (event.jail === jail || event.task?.split(":", 2)[1] === jail);
}

/** Joins the room of the jail on `host` and resolves once the server acknowledged, so nothing said after is missed. */
function join(host: string, jail: string): Promise<void> {
  return new Promise((resolve, reject) => {
    liveSocket()
      .timeout(5_000)
      .emit("jail:follow", { host, name: jail }, (error: Error | null, reply?: { ok: boolean; message?: string }) => {
        if (error) reject(new Error("Stockade did not answer; live output is not shown."));
        else if (!reply?.ok) reject(new Error(reply?.message ?? "Live output was refused."));
        else resolve();
      });
  });
}

/**
 * A jail's live events, on the page's host. `follow()` starts collecting (and resolves once subscribed: call it
 * before starting the action); following survives reconnects and ends on unmount.
 */
export function useJailEvents(jail: string) {
  const host = useHost();
  const [events, setEvents] = useState<JailEvent[]>([]);
  const [error, setError] = useState<string | null>(null);
  const following = useRef(false);

  useEffect(() => {
    const socket = liveSocket();
    const onEvent = (event: JailEvent) => {
      if (following.current && belongsTo(event, host, jail)) setEvents((list) => [...list.slice(-MAX_EVENTS + 1), event]);
    };
    const rejoin = () =>
      following.current &&
      void join(host, jail).then(
        () => setError(null),
        (e: Error) => setError(e.message),
      );
    socket.on("jail:event", onEvent);
    socket.on("connect", rejoin);
    // Changed grants: a follow refused before a new grant is asked again (and a removed one says so).
    socket.on("grants:changed", rejoin);
    return () => {
      socket.off("jail:event", onEvent);
      socket.off("connect", rejoin);
      socket.off("grants:changed", rejoin);
      if (following.current) socket.emit("jail:unfollow", { host, name: jail });
      following.current = false;
    };
  }, [host, jail]);

  const follow = useCallback(async () => {
    setEvents([]);
    setError(null);
    if (following.current) return;
    following.current = true;
    await join(host, jail).catch((e: Error) => setError(e.message));
  }, [host, jail]);

  return { events, error, follow };
}
