"use client";

import type { Terminal } from "@xterm/xterm";
import { useEffect, useRef, useState } from "react";
import { outputIndexAt, type Cast } from "./cast";
import { currentTheme, onThemeChange, TERMINAL_FONT } from "./theme";

const SPEEDS = [0.5, 1, 2, 4, 8];
const clock = (t: number) => `${Math.floor(t / 60)}:${String(Math.floor(t % 60)).padStart(2, "0")}`;

/** Plays an asciicast into xterm.js: play/pause, speed and seek (seek replays the output up to that moment). */
export function CastPlayer({ cast }: { cast: Cast }) {
  const box = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const next = useRef(0);
  const [position, setPosition] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);

  useEffect(() => {
    let disposed = false;
    let untheme = () => {};
    void import("./xterm").then(({ Terminal }) => {
      if (disposed || !box.current) return;
      const t = new Terminal({
        cols: cast.width,
        rows: cast.height,
        fontFamily: TERMINAL_FONT,
        fontSize: 14,
        theme: currentTheme(),
        disableStdin: true,
      });
      t.open(box.current);
      untheme = onThemeChange(() => (t.options.theme = currentTheme()));
      term.current = t;
      setPlaying(true);
    });
    return () => {
      disposed = true;
      untheme();
      term.current?.dispose();
      term.current = null;
    };
  }, [cast]);

  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      setPosition((p) => {
        const at = Math.min(cast.duration, p + ((now - last) / 1000) * speed);
        const upTo = outputIndexAt(cast, at);
        if (upTo > next.current)
          term.current?.write(
            cast.output
              .slice(next.current, upTo)
              .map((e) => e.text)
              .join(""),
          );
        next.current = upTo;
        if (at >= cast.duration) setPlaying(false);
        return at;
      });
      last = now;
    }, 40);
    return () => clearInterval(timer);
  }, [playing, speed, cast]);

  const seek = (t: number) => {
    const upTo = outputIndexAt(cast, t);
    term.current?.reset();
    term.current?.write(
      cast.output
        .slice(0, upTo)
        .map((e) => e.text)
        .join(""),
    );
    next.current = upTo;
    setPosition(t);
  };

  const toggle = () => {
    if (!playing && position >= cast.duration) seek(0);
    setPlaying(!playing);
  };

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <button type="button" onClick={toggle} className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700">
          {playing ? "Pause" : "Play"}
        </button>
        <label className="flex items-center gap-1">
          Speed
          <select
            value={speed}
            onChange={(e) => setSpeed(Number(e.target.value))}
            className="rounded border border-slate-300 bg-transparent px-1 dark:border-slate-700"
          >
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <label className="flex min-w-64 flex-1 items-center gap-2">
          Position
          <input
            type="range"
            min={0}
            max={cast.duration}
            step={0.1}
            value={position}
            onChange={(e) => seek(Number(e.target.value))}
            className="flex-1"
          />
        </label>
        <span className="font-mono text-xs" aria-label="Time">
          {clock(position)} / {clock(cast.duration)}
        </span>
      </div>
      <div
        ref={box}
        role="group"
        aria-label="Recording"
        className="overflow-auto rounded-lg border border-slate-300 bg-white p-1 dark:border-slate-700 dark:bg-slate-900"
      />
    </div>
  );
}
