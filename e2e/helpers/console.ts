import { expect, type Page } from "@playwright/test";
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
  await terminal(page, jail).scrollIntoViewIfNeeded();
  return terminal(page, jail)
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

export async function openConsole(page: Page, jail: string) {
  await page.goto(`/jails/${encodeURIComponent(jail)}`);
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
