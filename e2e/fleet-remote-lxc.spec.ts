import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import { freePort } from "../scripts/lib/free-port";
import { E2E_PORT } from "../playwright.config";
import { startLxcRemoteAgent, type LxcRemoteAgent } from "./fixtures/remote-agent";
import { startStack, type Stack } from "./fixtures/stack";
import { expectTerminalToShow, openConsole, recordingPlayer, recordingText, typeLine } from "./helpers/console";
import { destroyFromJailPage, fillNewJail, jailsTableRow, lxcContainers, plan, planCommands, power } from "./helpers/jails";
import { copyRecordedHost } from "./helpers/jail-config";
import { signIn } from "./helpers/session";
import { grantWholeHost } from "./helpers/team";

// A second real Linux agent (LXC) enrolled with `host add` and reached over mTLS: the admin
// creates a busybox jail there from the browser, types into its console, replays the recording
// and destroys it. This machine is the recorded FreeBSD host, which can make no jail.

const run = promisify(execFile);
const port = E2E_PORT + 13;
const HOST = "lxcremote";
const jail = `remote-${randomBytes(3).toString("hex")}`;
const onHost = (pathname: string) => `${pathname}?host=${HOST}`;
let stack: Stack;
let recorded: string;
let remote: LxcRemoteAgent | null = null;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.skip(process.getuid?.() !== 0, "LXC needs root");
  recorded = copyRecordedHost("server/agent/drivers/freebsd/recorded-host");
  stack = await startStack("freebsd", port, { STOCKADE_FREEBSD_RECORDED_DIR: recorded });
  const listen = `127.0.0.1:${await freePort()}`;
  await run(process.execPath, ["--import", "tsx", "scripts/stockade.ts", "host", "add", HOST, listen, "--yes"], { env: stack.webEnv });
  remote = await startLxcRemoteAgent({ dataDir: stack.dataDir, host: HOST, listen });
});
test.afterAll(async () => {
  await remote?.stop();
  await stack?.stop();
  if (recorded) fs.rmSync(recorded, { recursive: true, force: true });
});
test.use({ baseURL: `http://127.0.0.1:${port}` });

test.beforeEach(async ({ page }) => {
  await signIn(page, "admin", stack.adminPassword);
  await expect(page).toHaveURL(/\/$/);
});

const hostShown = (page: Page) => page.getByRole("group", { name: "Host shown" });

test("the admin creates a busybox jail on the remote LXC host from the New jail page, and starts it", async ({ page }) => {
  test.setTimeout(120_000);
  // The first admin's grant covers this machine only.
  await grantWholeHost(page, "admin", "admin", HOST);
  await page.goto(onHost("/jails"));
  await page.getByRole("link", { name: "New jail" }).click();
  await expect(page).toHaveURL(new RegExp(`/jails/new\\?host=${HOST}$`));
  await expect(hostShown(page)).toContainText(`On ${HOST}`);
  const form = page.getByRole("form", { name: "New jail" });
  await fillNewJail(form, { name: jail, template: "busybox" });
  await form.getByRole("button", { name: "Review the plan" }).click();
  const created = plan(page, "create", jail);
  await expect(planCommands(created).first()).toContainText(`lxc-create -P ${remote!.place.lxcPath}`);
  await created.getByRole("button", { name: "Apply this plan" }).click();
  await expect(page).toHaveURL(new RegExp(`/jails/${jail}\\?host=${HOST}$`), { timeout: 60_000 });
  // The remote agent's own LXC path holds it: the plan ran there, not on this machine.
  expect(await lxcContainers(remote!.place.lxcPath)).toContain(jail);
  await power(page, jail, "Start");

  await page.goto(onHost("/jails"));
  await expect(hostShown(page)).toContainText(`On ${HOST}`);
  await expect(jailsTableRow(page, jail).getByText("running", { exact: true })).toBeVisible({ timeout: 15_000 });
  // Its address is from the remote agent's pool (startLxcRemoteAgent: 10.252.N.0/24).
  await expect(jailsTableRow(page, jail)).toContainText(/10\.252\.\d+\.\d+/);
});

test("its console runs the jail's shell: hostname is the jail's name; the Console page replays the session", async ({ page }) => {
  test.setTimeout(90_000);
  await openConsole(page, jail, HOST);
  await typeLine(page, jail, "hostname");
  await expectTerminalToShow(page, jail, new RegExp(`^${jail}\\s*$`, "m"));
  // Shown only when the shell evaluates it: the replay cannot find it in the typed line alone.
  await typeLine(page, jail, "echo REMOTE-$((6*7))");
  await expectTerminalToShow(page, jail, /^REMOTE-42\s*$/m);

  await page.goto(onHost("/console"));
  await expect(hostShown(page)).toContainText(`On ${HOST}`);
  const session = page.getByRole("list", { name: "Recent sessions" }).getByRole("listitem").filter({ hasText: jail }).first();
  await session.getByRole("link", { name: "Replay" }).click();
  await expect(page).toHaveURL(new RegExp(`/console/recordings/${jail}/[^/?]+\\?host=${HOST}$`));
  await page.getByLabel("Speed").selectOption("8");
  // Short enough to play to its end at 8×; the player then offers to play it again.
  await expect(recordingPlayer(page)).toContainText("REMOTE-42", { timeout: 20_000 });
  await expect(page.getByRole("button", { name: "Play" })).toBeVisible();
  // The commands and what the jail's shell answered, each on its own line.
  await expect.poll(() => recordingText(page)).toMatch(/hostname\s*$/m);
  await expect.poll(() => recordingText(page)).toMatch(new RegExp(`^${jail}\\s*$`, "m"));
  await expect.poll(() => recordingText(page)).toMatch(/^REMOTE-42\s*$/m);
});

test("it is destroyed from its page once its name is typed, and gone from the remote host's LXC path", async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(onHost(`/jails/${jail}`));
  await expect(page.getByRole("heading", { level: 1, name: `Jail ${jail}` })).toBeVisible({ timeout: 15_000 });
  await destroyFromJailPage(page, jail);
  await expect(page).toHaveURL(new RegExp(`/jails\\?host=${HOST}$`), { timeout: 60_000 });
  expect(await lxcContainers(remote!.place.lxcPath)).not.toContain(jail);
  await expect(jailsTableRow(page, jail)).toHaveCount(0);
});
