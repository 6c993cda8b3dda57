import { execFile, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import { agentConnection } from "@/server/agent-client/connection";
import { fetchJails } from "@/server/agent-client/methods";
import { markRecordedHost, REMOTE_MARKS } from "@/server/fleet/test-support/marked-recording";
import { canUseNetns, createNetns, removeNetns, stopChild, type Netns } from "@/tests/agent/netns";
import { E2E_PORT } from "../playwright.config";
import { spawnRecordedRemoteAgent } from "./fixtures/remote-agent";
import { startStack, type Stack } from "./fixtures/stack";
import { copyRecordedHost } from "./helpers/jail-config";
import { navigate } from "./helpers/navigate";
import { processTree, searchProcesses } from "./helpers/overview";
import { signIn } from "./helpers/session";
import { grantWholeHost } from "./helpers/team";

// The Hosts page against this machine (the recorded FreeBSD host) and, as root, a second agent
// in its own network namespace over mTLS, recorded with `host add` as an operator would.

const run = promisify(execFile);
const port = E2E_PORT + 7;
const NS = "hostse2e-b";
const AGENT_PORT = 7443;
/** Some of the recorded host's jails; their count is the agent's own. */
const RECORDED_JAILS = ["www1", "db1", "dev1", "old1"];
let stack: Stack;
let recorded: string;
/** The remote agent's own copy, its process table marked (REMOTE_MARKS) so its tree tells from this machine's. */
let remoteRecorded: string;
let ns: Netns | null = null;
let remote: ChildProcess | null = null;

async function startRemote(): Promise<void> {
  remote = spawnRecordedRemoteAgent(ns!, { dataDir: stack.dataDir, recordedDir: remoteRecorded, port: AGENT_PORT });
}

test.beforeAll(async () => {
  recorded = copyRecordedHost("server/agent/drivers/freebsd/recorded-host");
  remoteRecorded = copyRecordedHost("server/agent/drivers/freebsd/recorded-host");
  markRecordedHost(remoteRecorded);
  stack = await startStack("freebsd", port, { STOCKADE_FREEBSD_RECORDED_DIR: recorded });
  if (!canUseNetns) return;
  await removeNetns(NS);
  ns = await createNetns(NS, "10.254.74.0");
  // The CLI on the web's own data folder: the CA, the agent's certificate, the host row; the web picks it up on its next poll.
  await run(process.execPath, ["--import", "tsx", "scripts/stockade.ts", "host", "add", NS, `${ns.address}:${AGENT_PORT}`, "--yes"], {
    env: stack.webEnv,
  });
  await startRemote();
});
test.afterAll(async () => {
  if (remote) await stopChild(remote);
  await removeNetns(NS);
  await stack?.stop();
  fs.rmSync(recorded, { recursive: true, force: true });
  fs.rmSync(remoteRecorded, { recursive: true, force: true });
});
test.use({ baseURL: `http://127.0.0.1:${port}` });

test.beforeEach(async ({ page }) => {
  await signIn(page, "admin", stack.adminPassword);
  await expect(page).toHaveURL(/\/$/);
  await navigate(page, "Hosts");
});

/** A host's row in the Hosts table, by what its row header says (its address, or this machine). */
const hostRow = (page: Page, where: string | RegExp) =>
  page.getByRole("row").filter({ has: page.getByRole("rowheader").filter({ hasText: where }) });
const jailsOf = (page: Page, host: string) => page.getByRole("region", { name: new RegExp(`^Jails on ${host}`) });

test("this machine is listed reachable with its jail count, and its jails below", async ({ page }) => {
  const local = hostRow(page, "this machine (Unix socket)");
  await expect(local.getByRole("cell").first()).toHaveText("reachable", { timeout: 10_000 });
  await expect(local).toContainText("· freebsd (recorded)");
  const listed = await fetchJails(agentConnection(stack.agentSocket));
  const running = listed.filter((jail) => jail.state === "running").length;
  await expect(local).toContainText(`${listed.length} (${running} running)`);
  // This machine is listed first; its jails link to their pages.
  const jails = page.getByRole("region", { name: /^Jails on / }).first();
  for (const jail of RECORDED_JAILS) await expect(jails.getByRole("link", { name: jail, exact: true })).toBeVisible();
});

test("the table fits 1366×768 in light and dark", async ({ page }) => {
  for (const scheme of ["light", "dark"] as const) {
    await page.setViewportSize({ width: 1366, height: 768 });
    // The theme is chosen once per load (app/layout.tsx), from what the toggle stored.
    await page.evaluate((chosen) => localStorage.setItem("stockade-theme", chosen), scheme);
    await page.reload();
    await expect(page.locator("html")).toHaveClass(scheme === "dark" ? /\bdark\b/ : /^(?!.*\bdark\b)/);
    const table = page.getByRole("table");
    await expect(table.getByRole("row").nth(1)).toBeVisible();
    const overflow = await table.evaluate((node) => node.parentElement!.scrollWidth - node.parentElement!.clientWidth);
    expect(overflow, `horizontal scroll in ${scheme}`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: test.info().outputPath(`hosts-${scheme}.png`), fullPage: true });
  }
});

/** The host a host-aware page says it shows, and its host select (only with more than one host to choose). */
const hostShown = (page: Page) => page.getByRole("group", { name: "Host shown" });

/** The tree's row for a process by its short command name. */
const commandRow = (page: Page, command: string) => processTree(page).getByRole("row", { name: new RegExp(`^pid \\d+ ${command}$`) });

/** The remote host's www1 page: its process tree is that host's (the marked nginx worker), live; its console is offered. */
async function expectRemoteJailLive(page: Page): Promise<void> {
  const processes = page.getByRole("region", { name: "Processes" });
  await searchProcesses(page, REMOTE_MARKS.www1Arguments);
  await expect(commandRow(page, "nginx")).toBeVisible();
  await expect(processes.getByRole("status", { name: /^Live updates: Live/ })).toBeVisible();
  // Its sessions are listed through that host's agent (the recorded host runs no shells to open one).
  const consoleRegion = page.getByRole("region", { name: "Console" });
  await expect(consoleRegion.getByRole("button", { name: "Open console" })).toBeEnabled();
  await expect(consoleRegion).toContainText("No console session is open in this jail.");
}

test("a grant on the remote host from the Team page; the jails page then offers it, and its links keep it", async ({ page }) => {
  test.skip(!canUseNetns, "needs root and ip netns");
  await navigate(page, "Jails");
  await expect(hostShown(page)).toContainText("On ");
  // The first admin's grant covers this machine only: no other host to choose yet.
  await expect(hostShown(page).getByLabel("Host")).toHaveCount(0);
  await grantWholeHost(page, "admin", "admin", NS);
  const grants = page.getByRole("list", { name: "Grants of admin" });
  await expect(grants).toContainText("admin on the whole host (this machine)");
  await expect(grants.getByRole("button", { name: `Remove admin on host ${NS} (${NS}) from admin` })).toBeVisible();

  // No reload: the open page's socket takes the new grant up at once.
  await navigate(page, "Jails");
  const select = hostShown(page).getByLabel("Host");
  await expect(select).toHaveValue("local");
  // Keyboard only: the select is a native one, so arrow keys change it and the page follows.
  await select.focus();
  await page.keyboard.press("ArrowDown");
  await expect(page).toHaveURL(new RegExp(`/jails\\?host=${NS}$`));
  await expect(hostShown(page)).toContainText(`On ${NS}`);
  await page.getByRole("table", { name: "Jails" }).getByRole("link", { name: "www1", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/jails/www1\\?host=${NS}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Jail www1" })).toBeVisible();
  await expect(hostShown(page)).toContainText(`On ${NS}`);
  await expectRemoteJailLive(page);
  // The navigation keeps the host: the IP table is the remote host's.
  await navigate(page, "Network");
  await expect(page).toHaveURL(new RegExp(`/network\\?host=${NS}$`));
  await expect(hostShown(page)).toContainText(`On ${NS}`);
  await expect(page.getByRole("heading", { name: "Conflicts and leftovers" })).toBeVisible();

  // The Hosts page links each host's jails to that host's pages.
  await navigate(page, "Hosts");
  await jailsOf(page, NS).getByRole("link", { name: "db1", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/jails/db1\\?host=${NS}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Jail db1" })).toBeVisible();
});

test("an unknown host is said as such, with links to the hosts there are", async ({ page }) => {
  await page.goto("/jails?host=nowhere");
  // Next.js's route announcer is an (empty) alert too.
  const alert = page.getByRole("alert").filter({ hasText: "There is no host named “nowhere” that you may see." });
  await expect(alert).toBeVisible();
  await alert.getByRole("link", { name: /this machine/ }).click();
  await expect(page).toHaveURL(/\/jails$/);
  await expect(page.getByRole("table", { name: "Jails" }).getByRole("link", { name: "www1", exact: true })).toBeVisible();
});

test("the overview of ?host=NAME shows that host's processes from its own live feed; without it, this machine's", async ({ page }) => {
  test.skip(!canUseNetns, "needs root and ip netns");
  await expect(hostRow(page, `${ns!.address}:${AGENT_PORT}`).getByRole("cell").first()).toHaveText("reachable", { timeout: 15_000 });
  const frames: string[] = [];
  page.on("websocket", (socket) => socket.on("framereceived", ({ payload }) => frames.push(String(payload))));
  await page.goto(`/?host=${NS}`);
  await searchProcesses(page, REMOTE_MARKS.hostCommand);
  await expect(commandRow(page, REMOTE_MARKS.hostCommand)).toBeVisible();
  await expect(page.getByRole("status", { name: /^Live updates: Live/ })).toBeVisible();
  // Not only the snapshot the page was rendered with: the socket's full snapshot and deltas are that host's.
  await expect.poll(() => frames.some((frame) => frame.includes('"processes:full"') && frame.includes(`"host":"${NS}"`))).toBe(true);
  await expect.poll(() => frames.some((frame) => frame.includes('"processes:delta"') && frame.includes(`"host":"${NS}"`))).toBe(true);
  expect(frames.filter((frame) => frame.startsWith('42["processes:') && frame.includes('"host":"local"'))).toEqual([]);
  // The overview says which host it shows, like the other host-aware pages, and its jail cards keep the host.
  await expect(hostShown(page)).toContainText(`On ${NS}`);
  await page.getByRole("list", { name: "Jails" }).getByRole("link", { name: "www1", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/jails/www1\\?host=${NS}$`));
  await expectRemoteJailLive(page);
  expect(frames.filter((frame) => frame.startsWith('42["processes:') && frame.includes('"host":"local"'))).toEqual([]);

  await page.goto("/");
  await searchProcesses(page, "cron");
  await expect(commandRow(page, "cron").first()).toBeVisible();
  await expect(commandRow(page, REMOTE_MARKS.hostCommand)).toHaveCount(0);

  // An unknown host gets the host gate's sentence, not a tree of errors.
  await page.goto("/?host=hostse2e-none");
  await expect(page.getByRole("alert").filter({ hasText: "There is no host named “hostse2e-none” that you may see." })).toBeVisible();
  await expect(processTree(page)).toHaveCount(0);
});

test("a remote agent killed by its PID shows unreachable within 5 s, its jails kept as stale", async ({ page }) => {
  test.skip(!canUseNetns, "needs root and ip netns");
  const row = hostRow(page, `${ns!.address}:${AGENT_PORT}`);
  // Reachable has no detail under it: the whole cell says just that.
  await expect(row.getByRole("cell").first()).toHaveText("reachable", { timeout: 15_000 });
  await expect(jailsOf(page, NS).getByText("www1", { exact: true })).toBeVisible();
  const exited = new Promise((resolve) => remote!.once("exit", resolve));
  process.kill(remote!.pid!, "SIGKILL");
  await exited;
  const killedAt = Date.now();
  await expect(row.getByRole("cell").first()).toContainText("unreachable", { timeout: 5000 });
  console.log(`the Hosts page showed ${NS} unreachable ${Date.now() - killedAt} ms after kill -9`);
  await expect(row).toContainText("stale data");
  await expect(jailsOf(page, NS)).toContainText("stale: last known");
  await expect(jailsOf(page, NS).getByText("www1", { exact: true })).toBeVisible();
  await expect(hostRow(page, "this machine (Unix socket)").getByRole("cell").first()).toHaveText("reachable");
  // Its jails page asks that host, so it says the host is away (this machine's stays as it was).
  await page.goto(`/jails?host=${NS}`);
  await expect(page.getByRole("alert").filter({ hasText: `Host ${NS} cannot be reached` })).toBeVisible({ timeout: 10_000 });
  await page.goto("/jails");
  await expect(page.getByRole("table", { name: "Jails" }).getByRole("link", { name: "www1", exact: true })).toBeVisible();
});

test("host revoke: the web refuses the agent's certificate, and the page says it is revoked", async ({ page }) => {
  test.skip(!canUseNetns, "needs root and ip netns");
  // The test before killed it: started again, it serves the certificate about to be revoked.
  if (remote!.exitCode !== null || remote!.signalCode !== null) await startRemote();
  const row = hostRow(page, `${ns!.address}:${AGENT_PORT}`);
  await expect(row.getByRole("cell").first()).toHaveText("reachable", { timeout: 15_000 });
  await run(process.execPath, ["--import", "tsx", "scripts/stockade.ts", "host", "revoke", NS], { env: stack.webEnv });
  const revokedAt = Date.now();
  await expect(row.getByRole("cell").first()).toContainText("refused", { timeout: 5000 });
  console.log(`the Hosts page showed ${NS} refused ${Date.now() - revokedAt} ms after host revoke`);
  await expect(row).toContainText("its certificate is revoked; enrol it again with host add --renew");
  await expect(row.getByRole("cell").first()).toHaveAttribute("title", /presented a revoked certificate: refused/);
});

test("the Hosts page revokes a host once its name is typed, and then shows it revoked", async ({ page }) => {
  test.skip(!canUseNetns, "needs root and ip netns");
  // Enrolled again after the command-line revoke above: a new certificate, and the agent restarted with it.
  await run(
    process.execPath,
    ["--import", "tsx", "scripts/stockade.ts", "host", "add", NS, `${ns!.address}:${AGENT_PORT}`, "--renew", "--yes"],
    {
      env: stack.webEnv,
    },
  );
  if (remote) await stopChild(remote);
  await startRemote();
  const row = hostRow(page, `${ns!.address}:${AGENT_PORT}`);
  await expect(row.getByRole("cell").first()).toHaveText("reachable", { timeout: 15_000 });
  await expect(hostRow(page, "this machine (Unix socket)").getByRole("button", { name: /^Revoke/ })).toHaveCount(0);
  await row.getByRole("button", { name: `Revoke ${NS}…` }).click();
  const dialog = page.getByRole("dialog", { name: `Revoke host ${NS}` });
  const confirm = dialog.getByRole("button", { name: `Revoke ${NS}`, exact: true });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type the host's name, ${NS}, to confirm`).fill(NS.slice(0, -1));
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type the host's name, ${NS}, to confirm`).fill(NS);
  await confirm.click();
  const revokedAt = Date.now();
  await expect(dialog).toBeHidden();
  await expect(row.getByRole("cell").first()).toContainText("refused", { timeout: 5000 });
  console.log(`the Hosts page showed ${NS} refused ${Date.now() - revokedAt} ms after its revoke button`);
  await expect(row).toContainText("its certificate is revoked; enrol it again with host add --renew");
  await expect(row.getByRole("button", { name: `Revoke ${NS}…` })).toHaveCount(0);
  // Audited as the CLI's revocation is, with the admin who asked.
  await page.goto("/audit");
  await expect(page.getByRole("row").filter({ hasText: "host.revoke" }).filter({ hasText: "admin" }).first()).toBeVisible();
});
