import type { ITheme } from "@xterm/xterm";

/** Terminal colours matching the dashboard's slate palette in light and dark mode. */
export const TERMINAL_THEMES: Record<"light" | "dark", ITheme> = {
  light: {
    background: "#ffffff",
    foreground: "#1e293b",
    cursor: "#0f172a",
    cursorAccent: "#ffffff",
    selectionBackground: "#bae6fd",
    black: "#1e293b",
    red: "#b91c1c",
    green: "#15803d",
    yellow: "#a16207",
    blue: "#1d4ed8",
    magenta: "#a21caf",
    cyan: "#0e7490",
    white: "#cbd5e1",
  },
  dark: {
    background: "#0f172a",
    foreground: "#e2e8f0",
    cursor: "#f8fafc",
    cursorAccent: "#0f172a",
    selectionBackground: "#334155",
    black: "#0f172a",
    red: "#f87171",
    green: "#4ade80",
    yellow: "#facc15",
    blue: "#60a5fa",
    magenta: "#e879f9",
    cyan: "#22d3ee",
    white: "#e2e8f0",
  },
};

export const TERMINAL_FONT = '"DejaVu Sans Mono", "Menlo", "Consolas", ui-monospace, monospace';

export const currentTheme = () => TERMINAL_THEMES[document.documentElement.classList.contains("dark") ? "dark" : "light"];

/** Calls back whenever the page switches between light and dark. */
export function onThemeChange(callback: () => void): () => void {
  const observer = new MutationObserver(callback);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => observer.disconnect();
}
