/**
 * The 64 MB cat into xterm.js in Debian's chromium: the console page (socket.io, acknowledged
 * writes) against the physical limit, xterm.js parsing the same bytes written in a blank page.
 */
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import playwrightConfig from "../../playwright.config";
import { compare, type BenchRow, type Cleanup } from "./harness";
import type { WebStack } from "./web-stack";
import { FILE_BYTES, LINE } from "./console-terminals";

const XTERM = path.resolve(import.meta.dirname, "..", "..", "node_modules", "@xterm", "xterm");

/** In the console page: ms from Enter to the first frame showing the marker printed after the file. */
async function consoleCat(page: Page, jail: string): Promise<number> {
  await page.evaluate((rowsSelector) => {
    const w = window as unknown as { catMs: Promise<number> };
    w.catMs = new Promise((resolve) => {
      // Every key before the one timed (Control, the typed command) passes by.
      let timing = false;
      setTimeout(() => resolve(Infinity), 300_000);
      document.addEventListener(
        "keydown",
        (event) => {
          if (timing || event.key !== "Enter") return;
          timing = true;
          const started = performance.now();
          const look = () =>
            document.querySelector(rowsSelector)?.textContent?.includes("END-42")
              ? resolve(performance.now() - started)
              : requestAnimationFrame(look);
          look();
        },
        { capture: true },
      );
    });
  }, `[aria-label="Terminal of ${jail}"] .xterm-rows`);
  await page.keyboard.type("clear; cat /bench.bin; echo END-$((6*7))");
  await page.keyboard.press("Enter");
  return page.evaluate(() => (window as unknown as { catMs: Promise<number> }).catMs);
}

/** In a blank page: ms for xterm.js to parse the same 64 MB, written in 1 MB pieces, at the console's size. */
async function localParse(page: Page, cols: number, rows: number): Promise<number> {
  return page.evaluate(
    ({ bytes, line, cols, rows }) => {
      const { Terminal } = window as unknown as {
        Terminal: new (o: object) => { open(e: HTMLElement): void; write(d: Uint8Array, cb?: () => void): void; dispose(): void };
      };
      const terminal = new Terminal({ cols, rows, scrollback: 1000 });
      terminal.open(document.getElementById("t")!);
      const piece = new TextEncoder().encode(line.repeat(Math.ceil((1 << 20) / line.length))).subarray(0, 1 << 20);
      // A few pieces in flight, as a flow-controlled client keeps them (xterm.js discards writes past 50 MB queued).
      const total = Math.ceil(bytes / piece.length);
      let sent = 0;
      let parsed = 0;
      return new Promise<number>((resolve) => {
        const started = performance.now();
        const pump = () => {
          for (; sent < total && sent - parsed < 4; sent++)
            terminal.write(piece, () => {
              parsed++;
              if (parsed < total) return pump();
              resolve(performance.now() - started);
              terminal.dispose();
            });
        };
        pump();
      });
    },
    { bytes: FILE_BYTES, line: LINE, cols, rows },
  );
}

export async function measureBrowser(stack: WebStack, jail: string, runs: number, cleanup: Cleanup): Promise<BenchRow> {
  const browser = await chromium.launch(playwrightConfig.use?.launchOptions);
  cleanup.add(() => browser.close());
  const [name, ...value] = stack.cookie.split(";")[0]!.split("=");
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  // tsx keeps function names with an __name helper, which the functions passed to evaluate take along.
  await context.addInitScript({ content: "window.__name = (f) => f;" });
  await context.addCookies([{ name: name!, value: value.join("="), url: stack.origin }]);
  const consolePage = await context.newPage();
  await consolePage.goto(`${stack.origin}/console/${jail}`);
  await consolePage.getByRole("status", { name: "Console state" }).getByText("Connected").waitFor({ timeout: 30_000 });
  const terminal = consolePage.getByRole("group", { name: `Terminal of ${jail}` });
  await terminal.click();
  await consolePage.keyboard.type("stty -opost; echo SIZE:$(stty size):\n");
  const rowsText = terminal.locator(".xterm-rows");
  await rowsText.getByText(/SIZE:\d+ \d+:/).waitFor();
  const [, rows, cols] = /SIZE:(\d+) (\d+):/.exec((await rowsText.textContent()) ?? "")!;
  const blank = await context.newPage();
  await blank.setContent('<div id="t" style="width:1340px;height:700px"></div>');
  await blank.addStyleTag({ path: path.join(XTERM, "css", "xterm.css") });
  await blank.addScriptTag({ path: path.join(XTERM, "lib", "xterm.js") });
  // Target: at least 0.8× xterm.js's own parse rate, i.e. at most 1.25× its time.
  return compare(
    `64 MB cat into xterm.js (time) vs its local parse (${cols}×${rows})`,
    1.25,
    runs,
    () => consoleCat(consolePage, jail),
    () => localParse(blank, Number(cols), Number(rows)),
  );
}
