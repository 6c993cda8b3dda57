import { execFile, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import { canUseNetns, createNetns, removeNetns, stopChild, type Netns } from "@/tests/agent/netns";
import { E2E_PORT } from "../playwright.config";
import { spawnRecordedRemoteAgent } from "./fixtures/remote-agent";
import { startStack, type Stack } from "./fixtures/stack";
import { auditRow } from "./helpers/audit";
import { formField, plan } from "./helpers/jails";
import { copyRecordedHost } from "./helpers/jail-config";
import { mainNav, navigate } from "./helpers/navigate";
import { chooseOwnPassword, signIn, signOut } from "./helpers/session";
import { addUser, grantWholeHost } from "./helpers/team";

// The pages of a user whose grants are all on another host (a second agent in its own network
// namespace over mTLS, recorded with `host add`), and the audit log by host.

const run = promisify(execFile);
const port = E2E_PORT + 11;
const NS = "fleetpg-b";
const AGENT_PORT = 7443;
let stack: Stack;
let recorded: string;
let remoteRecorded: string;
let ns: Netns | null = null;
let remote: ChildProcess | null = null;

function startRemote(): void {
  remote = spawnRecordedRemoteAgent(ns!, { dataDir: stack.dataDir, recordedDir: remoteRecorded, port: AGENT_PORT });
}

test.beforeAll(async () => {
  test.skip(!canUseNetns, "needs root and ip netns");
  recorded = copyRecordedHost("server/agent/drivers/freebsd/recorded-host");
  remoteRecorded = copyRecordedHost("server/agent/drivers/freebsd/recorded-host");
  stack = await startStack("freebsd", port, { STOCKADE_FREEBSD_RECORDED_DIR: recorded });
  await removeNetns(NS);
  ns = await createNetns(NS, "10.254.77.0");
  await run(process.execPath, ["--import", "tsx", "scripts/stockade.ts", "host", "add", NS, `${ns.address}:${AGENT_PORT}`, "--yes"], {
    env: stack.webEnv,
  });
  startRemote();
});
test.afterAll(async () => {
  if (remote) await stopChild(remote);
  if (ns) await removeNetns(NS);
  await stack?.stop();
  for (const dir of [recorded, remoteRecorded]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});
test.use({ baseURL: `http://127.0.0.1:${port}` });

const hostShown = (page: Page) => page.getByRole("group", { name: "Host shown" });
const BOB_PASSWORD = "bob's own password";

/** The admin makes bob an operator of the whole remote host only (the Team page's grant rows). */
async function bobOnTheRemoteHostOnly(page: Page): Promise<string> {
  const oneTime = await addUser(page, { username: "bob", name: "Bob", role: "operator" });
  await grantWholeHost(page, "bob", "operator", NS);
  const grants = page.getByRole("list", { name: "Grants of bob" });
  await grants.getByRole("button", { name: /^Remove operator on host local \(this machine\) from bob$/ }).click();
  await expect(grants).not.toContainText("(this machine)");
  return oneTime;
}

test("a user whose grants are all on another host lands there, and the audit log is shown by host", async ({ page }) => {
  await signIn(page, "admin", stack.adminPassword);
  await expect(page).toHaveURL(/\/$/);
  const oneTime = await bobOnTheRemoteHostOnly(page);
  await signOut(page);

  await test.step("bob lands on the remote host's overview; the navigation keeps it and offers the audit log", async () => {
    await signIn(page, "bob", oneTime);
    await page.waitForURL(/\/change-password$/, { timeout: 15_000 });
    await chooseOwnPassword(page, oneTime, BOB_PASSWORD);
    await page.waitForURL(new RegExp(`/\\?host=${NS}$`), { timeout: 15_000 });
    await expect(hostShown(page)).toContainText(`On ${NS}`);
    await expect(page.getByRole("list", { name: "Jails" }).getByRole("link", { name: "www1", exact: true })).toBeVisible();
    await expect(mainNav(page).getByRole("link", { name: "Console", exact: true })).toBeVisible();
    await expect(mainNav(page).getByRole("link", { name: "Audit", exact: true })).toBeVisible();
    await navigate(page, "Jails");
    await expect(page).toHaveURL(new RegExp(`/jails\\?host=${NS}$`));
    // A page asked for without a host goes to that host too; this machine asked for by name says it is out of scope.
    await page.goto("/network");
    await expect(page).toHaveURL(new RegExp(`/network\\?host=${NS}$`));
    await page.goto("/jails?host=local");
    const alert = page.getByRole("alert").filter({ hasText: "Nothing on this machine is in your scope." });
    await alert.getByRole("link", { name: NS }).click();
    await expect(page).toHaveURL(new RegExp(`/jails\\?host=${NS}$`));
  });

  await test.step("the Console page lists the remote host's jails, its links keep the host", async () => {
    await page.goto("/console");
    await expect(page).toHaveURL(new RegExp(`/console\\?host=${NS}$`));
    await expect(hostShown(page)).toContainText(`On ${NS}`);
    const jails = page.getByRole("list", { name: "Jails" });
    await expect(jails.getByRole("link", { name: "Open console" }).first()).toHaveAttribute("href", new RegExp(`\\?host=${NS}$`));
    await expect(page.getByRole("region", { name: "Recent sessions" })).toContainText("No console session has been opened on this host");
  });

  await test.step("bob's refused change on the remote host is audited with it; this machine's events are not his to read", async () => {
    const refused = await page.request.post("/api/trpc/tags.set", {
      data: { json: { host: NS, name: "www1", tags: ["probe"] } },
      headers: { origin: `http://127.0.0.1:${port}` },
    });
    expect(refused.status()).toBe(403);
    await navigate(page, "Audit");
    const row = auditRow(page, "tags.set", "bob", "denied");
    await expect(row).toBeVisible();
    await expect(row.getByRole("cell").nth(4)).toHaveText(NS);
    await expect(auditRow(page, "team.create")).toHaveCount(0);
    await signOut(page);
  });

  await test.step("the admin filters the audit log by host", async () => {
    await signIn(page, "admin", stack.adminPassword);
    await expect(page).toHaveURL(/\/$/);
    await navigate(page, "Audit");
    await expect(auditRow(page, "team.create", "admin")).toBeVisible();
    const filter = page.getByRole("form", { name: "Filter the audit log" });
    await filter.getByLabel("Host").selectOption(NS);
    await filter.getByRole("button", { name: "Apply filter" }).click();
    await expect(auditRow(page, "team.create")).toHaveCount(0);
    await expect(auditRow(page, "tags.set", "bob", "denied")).toBeVisible();
    const hosts = await page.getByRole("table", { name: "Audit events" }).locator("tbody tr td:nth-child(5)").allTextContents();
    expect(new Set(hosts)).toEqual(new Set([NS]));
  });
});

/** Audit rows of one action on one host, the Audit page filtered to that host. */
async function auditedOn(page: Page, host: string, action: string) {
  await navigate(page, "Audit");
  const filter = page.getByRole("form", { name: "Filter the audit log" });
  await filter.getByLabel("Host").selectOption(host);
  await filter.getByLabel("Action").fill(action);
  await filter.getByRole("button", { name: "Apply filter" }).click();
  return page.getByRole("table", { name: "Audit events" }).locator("tbody tr");
}

test("an admin of the remote host creates and adopts there: the forms take the host, its agent plans", async ({ page }) => {
  await signIn(page, "admin", stack.adminPassword);
  await expect(page).toHaveURL(/\/$/);
  await grantWholeHost(page, "admin", "admin", NS);

  await test.step("New jail on the remote host's jails page: its form, its plan, its refusal", async () => {
    await page.goto(`/jails?host=${NS}`);
    await page.getByRole("link", { name: "New jail" }).click();
    await expect(page).toHaveURL(new RegExp(`/jails/new\\?host=${NS}$`));
    await expect(hostShown(page)).toContainText(`On ${NS}`);
    const create = page.getByRole("form", { name: "New jail" });
    await formField(create, "Name").fill("remote1");
    await formField(create, "Template").selectOption({ index: 1 });
    await create.getByRole("button", { name: /^Review/ }).click();
    const planned = plan(page, "create", "remote1");
    await expect(planned).toBeVisible();
    await planned.getByRole("button", { name: "Apply this plan" }).click();
    // The recorded host cannot change: its agent's refusal is what the page says.
    await expect(page.getByText(/replayed from recordings and cannot change/).first()).toBeVisible();
    const rows = await auditedOn(page, NS, "jails.");
    await expect(auditRow(page, "jails.plan", "admin", "ok")).toBeVisible();
    await expect(auditRow(page, "jails.applyPlan", "admin", "error")).toBeVisible();
    expect(new Set(await rows.locator("td:nth-child(5)").allTextContents())).toEqual(new Set([NS]));
  });

  await test.step("the adopt form on the remote host's jails page asks that host's agent", async () => {
    await page.goto(`/jails?host=${NS}&adopt=ct1#adopt`);
    const adopt = page.locator("#adopt");
    await expect(adopt.getByLabel("Container name")).toHaveValue("ct1");
    await adopt.getByRole("button", { name: "Review adopting it" }).click();
    // Whatever that agent answers (a plan or a refusal), the request went to it and is audited with it.
    const rows = await auditedOn(page, NS, "jails.plan");
    await expect(rows.filter({ hasText: "ct1" }).first()).toBeVisible();
    const onThisMachine = await auditedOn(page, "local", "jails.plan");
    await expect(onThisMachine.filter({ hasText: "ct1" })).toHaveCount(0);
  });
});
