import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import type { Socket } from "socket.io-client";
import { agentConnection } from "@/server/agent-client/connection";
import { createJail, destroyJail, startJail } from "@/server/agent-client/methods";
import { e2eState } from "./fixtures/state";
import { auditRow, openAuditLog } from "./helpers/audit";
import {
  consoleState,
  expectTerminalToShow,
  openConsole,
  sessionRows,
  socketAs,
  terminal,
  terminalText,
  typeLine,
} from "./helpers/console";
import { power } from "./helpers/jails";
import { chooseOwnPassword, signIn } from "./helpers/session";
import { addUser } from "./helpers/team";

// A real busybox jail made through the agent the run's web process talks to; its hostname is its name.
const jail = `stk-con-${randomBytes(3).toString("hex")}`;
const agent = () => agentConnection(e2eState().agentSocket);

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  await createJail(agent(), { name: jail, template: "busybox" });
  await startJail(agent(), jail);
});
test.afterAll(async () => {
  await destroyJail(agent(), jail).catch(() => undefined);
});

test("a jail's console: hostname, tty, resize, UTF-8, reload to the same shell, a viewer watching, the recording", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, "admin", e2eState().adminPassword);
  await expect(page).toHaveURL(/\/$/, { timeout: 15_000 });
  const viewerPassword = await addUser(page, { username: "vera", name: "Vera Viewer", role: "viewer" });
  await openConsole(page, jail);

  await typeLine(page, jail, "hostname");
  await expectTerminalToShow(page, jail, new RegExp(`^${jail}\\s*$`, "m"));

  await test.step("the terminal is the jail's own: tty names a /dev/pts/N that exists in the jail, owned by its root", async () => {
    await typeLine(page, jail, 'echo TTY:$(tty):$([ -e "$(tty)" ] && echo exists):$(stat -c %u "$(tty)"):');
    await expectTerminalToShow(page, jail, /TTY:\/dev\/pts\/\d+:exists:0:/);
  });

  await test.step("resize follows the window", async () => {
    await typeLine(page, jail, "echo SIZE:$(stty size):");
    const [, rows, cols] = await expectTerminalToShow(page, jail, /SIZE:(\d+) (\d+):/);
    const screenWidth = () =>
      terminal(page, jail)
        .locator(".xterm-screen")
        .evaluate((screen) => screen.clientWidth);
    const wide = await screenWidth();
    await page.setViewportSize({ width: 1000, height: 768 });
    await expect.poll(screenWidth).toBeLessThan(wide);
    await typeLine(page, jail, "clear; echo SIZE2:$(stty size):");
    const [, rows2, cols2] = await expectTerminalToShow(page, jail, /SIZE2:(\d+) (\d+):/);
    expect(rows2).toBe(rows);
    expect(Number(cols2)).toBeLessThan(Number(cols));
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  await test.step("a multi-byte UTF-8 line arrives intact", async () => {
    await typeLine(page, jail, "printf '\\342\\202\\254 \\303\\274n\\303\\257c\\303\\270d\\303\\251 \\346\\227\\245\\346\\234\\254\\n'");
    await expectTerminalToShow(page, jail, /^€ ünïcødé 日\s?本\s*$/m);
  });

  const [, pid] = await test.step("a reload comes back to the same shell with its output", async () => {
    await typeLine(page, jail, "echo PID:$$:");
    const shown = await expectTerminalToShow(page, jail, /PID:(\d+):/);
    await page.reload();
    await expect(consoleState(page)).toHaveText("Connected", { timeout: 15_000 });
    await expectTerminalToShow(page, jail, new RegExp(`PID:${shown[1]}:`));
    await typeLine(page, jail, "echo AGAIN:$$:");
    await expectTerminalToShow(page, jail, new RegExp(`AGAIN:${shown[1]}:`));
    return shown;
  });

  await test.step("a viewer watches live and cannot type", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const watcher = await context.newPage();
    await signIn(watcher, "vera", viewerPassword);
    await watcher.waitForURL(/\/change-password$/, { timeout: 15_000 });
    await chooseOwnPassword(watcher, viewerPassword, "vera's own password");
    await watcher.waitForURL(/\/$/, { timeout: 15_000 });
    await watcher.goto(`/jails/${jail}`);
    await sessionRows(watcher).first().getByRole("button", { name: "Watch" }).click();
    await expect(consoleState(watcher)).toHaveText("Connected — watching read-only");
    await expect(page.getByLabel("Attached")).toContainText("vera (watching)");
    await typeLine(page, jail, "echo LIVE-$((40+2))");
    await expectTerminalToShow(watcher, jail, /^LIVE-42\s*$/m);

    // The page never sends a watcher's keys; send them anyway, as a modified client would: the server refuses.
    const socket = await socketAs(watcher, baseURL!);
    const id = (await socket.emitWithAck("console:list", { jail })).data[0].id as string;
    expect((await socket.emitWithAck("console:watch", { jail, id })).ok).toBe(true);
    const typed = await socket.emitWithAck("console:input", { jail, id, data: new TextEncoder().encode("echo SNEAKY-$((1+1))\n") });
    expect(typed).toMatchObject({ ok: false, code: "FORBIDDEN", message: expect.stringContaining("console.interactive") });
    socket.close();
    await typeLine(page, jail, "echo CHECKED");
    await expectTerminalToShow(page, jail, /^CHECKED\s*$/m);
    expect(await terminalText(page, jail)).not.toContain("SNEAKY-2");
    await context.close();
  });

  await test.step("the recording replays the session", async () => {
    await openAuditLog(page);
    const opened = auditRow(page, "console.open", jail);
    await opened.getByRole("link", { name: "recording" }).click();
    await page.getByLabel("Speed").selectOption("8");
    const recording = page.getByRole("group", { name: "Recording" });
    await expect(recording).toContainText(jail, { timeout: 20_000 });
    await page.getByRole("button", { name: "Pause" }).click();
    const end = await page.getByLabel("Position").getAttribute("max");
    await page.getByLabel("Position").fill(end!);
    await expect(recording).toContainText(`AGAIN:${pid}:`);
    await page.getByLabel("Position").fill("0");
    await expect(recording).not.toContainText(`AGAIN:${pid}:`);
  });
});

/** Resident memory of a process, in MB. */
function rssMb(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  return Number(line?.[1] ?? 0) / 1024;
}

// The flood's bound, as growth of the web process during the flood (its size before depends on earlier tests):
// the relay holds at most 2 MB unacknowledged per attachment plus one read batch, and the agent stops
// reading the PTY beyond that; the rest is garbage not yet collected. Measured: 4 MB.
const WEB_RSS_GROWTH_BOUND_MB = 64;

test("a flood keeps the page responsive and the web's memory bounded, and Ctrl-C stops it", async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, "admin", e2eState().adminPassword);
  await expect(page).toHaveURL(/\/$/, { timeout: 15_000 });
  await openConsole(page, jail);
  // How long each click waits for the page's main thread: the time from the input event to its handler.
  await page.evaluate(() => {
    const w = window as unknown as { clickDelays: number[] };
    w.clickDelays = [];
    document.addEventListener("click", (event) => w.clickDelays.push(performance.now() - event.timeStamp), true);
  });
  const before = rssMb(e2eState().webPid);
  await typeLine(page, jail, "yes | head -c 200000000");
  await expectTerminalToShow(page, jail, /^y\s*$/m);
  const rss: number[] = [];
  for (let i = 0; i < 6; i++) {
    await page.getByRole("button", { name: "Copy" }).click();
    rss.push(rssMb(e2eState().webPid));
    await page.waitForTimeout(400);
  }
  const delays = await page.evaluate(() => (window as unknown as { clickDelays: number[] }).clickDelays);
  expect(delays.length).toBeGreaterThanOrEqual(6);
  expect(Math.max(...delays)).toBeLessThan(200);
  expect(Math.max(...rss) - before).toBeLessThan(WEB_RSS_GROWTH_BOUND_MB);

  await terminal(page, jail).click();
  // Timed in the page, from the Ctrl-C keydown to the first frame whose rows show the line typed after it.
  await page.evaluate((rowsSelector) => {
    const w = window as unknown as { stopMs: Promise<number> };
    w.stopMs = new Promise((resolve) => {
      // Every key before the one timed (Control, the typed command) passes by.
      let timing = false;
      setTimeout(() => resolve(Infinity), 30_000);
      document.addEventListener(
        "keydown",
        (event) => {
          if (timing || !event.ctrlKey || event.code !== "KeyC") return;
          timing = true;
          const pressed = performance.now();
          const look = () =>
            document.querySelector(rowsSelector)?.textContent?.includes("STOPPED-6")
              ? resolve(performance.now() - pressed)
              : requestAnimationFrame(look);
          look();
        },
        { capture: true },
      );
    });
  }, `[aria-label="Terminal of ${jail}"] .xterm-rows`);
  await page.keyboard.press("Control+C");
  await page.keyboard.type("echo STOPPED-$((2*3))\n");
  await expectTerminalToShow(page, jail, /^STOPPED-6\s*$/m);
  const stopMs = await page.evaluate(() => (window as unknown as { stopMs: Promise<number> }).stopMs);
  console.log(
    `flood: web RSS ${before.toFixed(0)} MB before, at most ${Math.max(...rss).toFixed(0)} MB during; Ctrl-C took ${stopMs.toFixed(0)} ms`,
  );
  expect(stopMs).toBeLessThan(1000);
});

test("a jail restart ends its consoles: the state line says so and a new session opens a working shell", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, "admin", e2eState().adminPassword);
  await expect(page).toHaveURL(/\/$/, { timeout: 15_000 });
  await openConsole(page, jail);
  await typeLine(page, jail, "echo BEFORE-$((20+1))");
  await expectTerminalToShow(page, jail, /^BEFORE-21\s*$/m);

  await power(page, jail, "Restart");
  await expect(consoleState(page)).toHaveText(/^Jail (restarted|stopped) — The jail .+ (restarted|stopped)/, { timeout: 30_000 });
  await page.getByRole("button", { name: "New session" }).click();
  await expect(consoleState(page)).toHaveText("Connected", { timeout: 15_000 });
  await typeLine(page, jail, "echo FRESH-$((6*7)); hostname");
  await expectTerminalToShow(page, jail, new RegExp(`^FRESH-42\\s*\\n${jail}\\s*$`, "m"));
  expect(await terminalText(page, jail)).not.toMatch(/^BEFORE-21\s*$/m);
});

const STREAM_BYTES = 2 * 1024 * 1024;
// No newline in it: what a terminal may translate (onlcr turns \n into \r\n) is not in the stream, and the
// stream runs under `stty raw -echo -opost` anyway, so every byte the jail prints is hashed as printed.
const STREAM = Buffer.from("0123456789abcdef".repeat(STREAM_BYTES / 16));

/** One Node client: its own session prints the known stream between markers; resolves with the hash of what arrived. */
async function streamThroughConsole(socket: Socket): Promise<string> {
  let received = Buffer.alloc(0);
  let ended = "";
  socket.on("console:data", (id: string, data: Buffer) => {
    received = Buffer.concat([received, data]);
    socket.emit("console:ack", { jail, id, bytes: data.length });
  });
  socket.on("console:state", ({ state }: { state: string }) => (ended = state));
  const opened = await socket.emitWithAck("console:open", { jail, cols: 80, rows: 24 });
  if (!opened.ok) throw new Error(opened.message);
  const id = opened.data.session.id as string;
  await expect.poll(() => received.includes("# "), { timeout: 60_000 }).toBe(true);
  // The markers are printed in two pieces, so the echoed command line never contains them.
  const command = `stty raw -echo -opost; printf '%s%s' '<<' '<'; yes 0123456789abcdef | tr -d '\\n' | head -c ${STREAM_BYTES}; printf '%s%s' '>>' '>'; stty sane\n`;
  await socket.emitWithAck("console:input", { jail, id, data: Buffer.from(command) });
  await expect.poll(() => received.includes(">>>"), { timeout: 120_000 }).toBe(true);
  expect(ended).toBe("");
  const start = received.indexOf("<<<") + 3;
  const end = received.indexOf(">>>", start);
  if (start < 3 || end < 0) throw new Error(`the stream's markers did not both arrive (${received.length} bytes)`);
  return createHash("sha256").update(received.subarray(start, end)).digest("hex");
}

test("50 concurrent console sessions each receive a known 2 MB stream byte for byte", async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  await signIn(page, "admin", e2eState().adminPassword);
  await expect(page).toHaveURL(/\/$/, { timeout: 15_000 });
  const sockets = await Promise.all(Array.from({ length: 50 }, () => socketAs(page, baseURL!)));
  try {
    const started = Date.now();
    const hashes = await Promise.all(sockets.map(streamThroughConsole));
    console.log(`50 × ${STREAM_BYTES} bytes through 50 consoles in ${Date.now() - started} ms`);
    const expected = createHash("sha256").update(STREAM).digest("hex");
    expect(hashes).toEqual(Array(50).fill(expected));
  } finally {
    sockets.forEach((s) => s.close());
  }
});
