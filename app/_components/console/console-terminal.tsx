"use client";

import type { Terminal } from "@xterm/xterm";
import { useEffect, useRef } from "react";
import { useHost } from "@/app/_lib/use-host";
import { liveSocket } from "@/app/_live/socket";
import { ConsoleConnection, rememberedSession, type ConsoleMode, type ConsoleSink } from "./console-connection";
import { settledResize } from "./settled-resize";
import { currentTheme, onThemeChange, TERMINAL_FONT } from "./theme";

/** What the terminal does first: a new shell, a given session, or the tab's last session (else a new one). */
export type ConsoleStart = { kind: "open" } | { kind: "attach"; id: string; mode: ConsoleMode } | { kind: "resume" };

export interface TerminalHandle {
  copy(): Promise<void>;
  paste(): Promise<void>;
  focus(): void;
}

interface Props {
  jail: string;
  start: ConsoleStart;
  sink: Omit<ConsoleSink, "write" | "reset">;
  onReady?: (handle: TerminalHandle) => void;
  className?: string;
}

const copySelection = (term: Terminal) => navigator.clipboard?.writeText(term.getSelection()) ?? Promise.resolve();
const pasteClipboard = async (term: Terminal) => term.paste((await navigator.clipboard?.readText()) ?? "");

/** Ctrl+Shift+C / Ctrl+Shift+V copy and paste (plain Ctrl+C belongs to the shell). */
function clipboardKeys(term: Terminal) {
  return (event: KeyboardEvent) => {
    if (event.type !== "keydown" || !event.ctrlKey || !event.shiftKey) return true;
    const key = event.key.toLowerCase();
    if (key === "c") void copySelection(term);
    else if (key === "v") void pasteClipboard(term);
    else return true;
    event.preventDefault();
    return false;
  };
}

async function begin(
  connection: ConsoleConnection,
  remembered: string | null,
  start: ConsoleStart,
  term: Terminal,
  notice: (m: string) => void,
) {
  if (start.kind === "attach") return void (await connection.attach(start.id, start.mode));
  if (remembered && (await connection.attach(remembered, "interactive"))) return;
  await connection.open(term.cols, term.rows);
  if (remembered) notice("The previous session of this tab has ended: this is a new shell.");
}

/** xterm.js (loaded on first use) wired to one console session on the page's host; resizes with its box. */
export function ConsoleTerminal({ jail, start, sink, onReady, className }: Props) {
  const host = useHost();
  const box = useRef<HTMLDivElement>(null);
  const sinkRef = useRef(sink);
  useEffect(() => {
    sinkRef.current = sink;
  });
  const startKey = JSON.stringify(start);

  useEffect(() => {
    let disposed = false;
    const cleanup: (() => void)[] = [];
    void (async () => {
      const { Terminal, FitAddon } = await import("./xterm");
      if (disposed || !box.current) return;
      const readOnly = start.kind === "attach" && start.mode === "watch";
      const term = new Terminal({
        fontFamily: TERMINAL_FONT,
        fontSize: 14,
        theme: currentTheme(),
        scrollback: 5000,
        disableStdin: readOnly,
        cursorBlink: !readOnly,
      });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.open(box.current);
      fit.fit();
      term.attachCustomKeyEventHandler(clipboardKeys(term));
      const connection = new ConsoleConnection(liveSocket(), host, jail, {
        write: (data, done) => term.write(data, done),
        reset: () => term.reset(),
        status: (s) => sinkRef.current.status(s),
        viewers: (v) => sinkRef.current.viewers(v),
        notice: (m) => sinkRef.current.notice(m),
      });
      const resize = settledResize((cols, rows) => connection.resize(cols, rows));
      const input = term.onData((text) => {
        resize.flush();
        connection.input(text);
      });
      const resized = term.onResize(({ cols, rows }) => resize.request(cols, rows));
      const observer = new ResizeObserver(() => fit.fit());
      observer.observe(box.current);
      const untheme = onThemeChange(() => (term.options.theme = currentTheme()));
      cleanup.push(() => {
        observer.disconnect();
        untheme();
        input.dispose();
        resized.dispose();
        resize.cancel();
        connection.dispose();
        term.dispose();
      });
      onReady?.({ copy: () => copySelection(term), paste: () => pasteClipboard(term), focus: () => term.focus() });
      const remembered = start.kind === "resume" ? rememberedSession(host, jail) : null;
      await begin(connection, remembered, start, term, (m) => sinkRef.current.notice(m));
      if (!disposed) term.focus();
    })();
    return () => {
      disposed = true;
      cleanup.forEach((c) => c());
    };
    // startKey stands for start: a new value starts a new connection.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [host, jail, startKey]);

  return <div ref={box} className={className} role="group" aria-label={`Terminal of ${jail}`} />;
}
