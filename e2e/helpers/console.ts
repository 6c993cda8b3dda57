import { expect, type Locator, type Page } from "@playwright/test";
import { io, type Socket } from "socket.io-client";

/** Per-resource helpers for the console: the terminal, its state line, the session list, found by role. */
export function consoleState(page: Page) {
  return page.getByRole("status", { name: "Console state" });
}

export function terminal(page: Page, jail: string) {
  return page.getByRole("group", { name: `Terminal of ${jail}` });
}

/** What the terminal shows (xterm.js renders rows into the DOM, only while it is on screen); lines joined with newlines. */
export async function terminalText(page: Page, jail: string): Promise<string> {
  return xtermText(terminal(page, jail));
}

/** The replayed recording's player, and what it shows (lines joined with newlines, as terminalText). */
export function recordingPlayer(page: Page) {
  return page.getByRole("group", { name: "Recording" });
}

export async function recordingText(page: Page): Promise<string> {
  return xtermText(recordingPlayer(page));
}

async function xtermText(holder: Locator): Promise<string> {
  await holder.scrollIntoViewIfNeeded();
  return holder
    .locator(".xterm-rows")
    .evaluate((rows) => [...rows.children].map((row) => (row.textContent ?? "").replace(/\u00a0/g, " ")).join("\n"));
}

/** Types a line into the terminal as a user would. */
export async function typeLine(page: Page, jail: string, line: string) {
  await terminal(page, jail).click();
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
}

export async function expectTerminalToShow(page: Page, jail: string, pattern: RegExp, timeout = 10_000): Promise<RegExpExecArray> {
  let match: RegExpExecArray | null = null;
  await expect
    .poll(
      async () => {
        match = pattern.exec(await terminalText(page, jail));
        return match !== null;
      },
      { timeout },
    )
    .toBe(true);
  return match!;
}

/** Opens a jail's console from its page; `host` names another host than this machine (`?host=`). */
export async function openConsole(page: Page, jail: string, host?: string) {
  await page.goto(`/jails/${encodeURIComponent(jail)}${host ? `?host=${encodeURIComponent(host)}` : ""}`);
  await page.getByRole("button", { name: "Open console" }).click();
  await expect(consoleState(page)).toHaveText("Connected", { timeout: 15_000 });
}

export function sessionRows(page: Page) {
  return page.getByRole("list", { name: "Console sessions" }).getByRole("listitem");
}

/**
 * A socket.io client in Node carrying a browser context's session cookie, as another tab
 * would: for sending what the UI never sends (a watcher's keystrokes) and for load.
 */
export async function socketAs(page: Page, baseURL: string): Promise<Socket> {
  const cookies = await page.context().cookies(baseURL);
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const socket = io(baseURL, { transports: ["websocket"], extraHeaders: { cookie, origin: baseURL }, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}
