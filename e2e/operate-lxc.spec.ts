import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { agentConnection } from "@/server/agent-client/connection";
import { createJail, destroyJail, fetchJails, startJail } from "@/server/agent-client/methods";
import { e2eState } from "./fixtures/state";
import { auditRow, openAuditLog } from "./helpers/audit";
import { consoleState, expectTerminalToShow, typeLine } from "./helpers/console";
import {
  bootOutput,
  bulkActions,
  bulkResult,
  destroyFromJailPage,
  fieldError,
  fillNewJail,
  formField,
  installGreetingRc,
  jailActions,
  kernelMemoryLimit,
  limitsForm,
  lxcContainers,
  lxcState,
  openJailPage,
  openNewJailForm,
  plan,
  planCommands,
  planDiff,
  power,
  powerFromJailsList,
  selectJailsByTag,
  sendSignal,
  startMarkedSleep,
} from "./helpers/jails";
import { navigate } from "./helpers/navigate";
import { filterProcessesByJail, jailSubtreeRow, openProcessDetails, processRow, processTree, searchProcesses } from "./helpers/overview";
import { signIn } from "./helpers/session";

// Jails made by this spec, through the form (first) and through the agent (second and fourth, for bulk).
const id = randomBytes(3).toString("hex");
const first = `stk-op-${id}`;
const second = `stk-op2-${id}`;
const third = `stk-op3-${id}`;
const fourth = `stk-op4-${id}`;
const tag = `op${id}`;
const agent = () => agentConnection(e2eState().agentSocket);
const initPidOf = async (name: string) => (await fetchJails(agent())).find((jail) => jail.name === name)?.initPid ?? null;

test.describe.configure({ mode: "serial" });
test.setTimeout(120_000);

test.beforeEach(async ({ page }) => {
  await signIn(page, "admin", e2eState().adminPassword);
  await expect(page).toHaveURL(/\/$/);
});
test.afterAll(async () => {
  for (const name of [first, second, third, fourth]) await destroyJail(agent(), name).catch(() => undefined);
});

test("an admin creates a jail through the form with the suggested address, after seeing its plan", async ({ page }) => {
  const form = await openNewJailForm(page);
  const suggested = await formField(form, "IPv4 address").inputValue();
  expect(suggested).toMatch(/^10\.\d+\.\d+\.\d+$/);
  await expect(form).toContainText(`Suggested: ${suggested}`);
  // Each template's size comes from the agent: busybox is the host's busybox every jail copies.
  await expect(formField(form, "Template").locator("option[value=busybox]")).toHaveText(/^busybox \(ready, [\d.]+ MiB per jail\)$/);
  await fillNewJail(form, { name: first, template: "busybox", tags: tag });
  await expect(form).toContainText(/MiB on disk per jail/);
  await form.getByRole("button", { name: "Review the plan" }).click();
  const created = plan(page, "create", first);
  await expect(planDiff(created)).toContainText(suggested);
  await expect(planCommands(created).first()).toContainText("lxc-create");
  expect(await lxcContainers(e2eState().lxcPath)).not.toContain(first);
  await created.getByRole("button", { name: "Apply this plan" }).click();
  await expect(page).toHaveURL(new RegExp(`/jails/${first}$`), { timeout: 60_000 });
  expect(await lxcContainers(e2eState().lxcPath)).toContain(first);
  await expect(page.getByText(suggested, { exact: true })).toBeVisible();
});

test("starting streams the jail's boot output: the lines its rc scripts print as init runs them", async ({ page }) => {
  await installGreetingRc(e2eState().lxcPath, first, `hello from ${first}`);
  await openJailPage(page, first);
  await power(page, first, "Start");
  const output = bootOutput(page, first).locator("pre");
  await expect(output).toContainText("Starting S50hello", { timeout: 20_000 });
  await expect(output).toContainText(`hello from ${first}`);
});

test("it stops, starts and restarts from the jail page", async ({ page }) => {
  // Running whether or not the boot-output test ran.
  await startJail(agent(), first).catch(() => undefined);
  await openJailPage(page, first);
  await power(page, first, "Stop");
  await power(page, first, "Start");
  await power(page, first, "Restart");
});

test("it stops and starts from its row in the jails list", async ({ page }) => {
  await startJail(agent(), first).catch(() => undefined);
  await page.goto("/jails");
  await powerFromJailsList(page, first, "Stop");
  expect(await initPidOf(first)).toBeNull();
  await powerFromJailsList(page, first, "Start");
  expect(await initPidOf(first)).not.toBeNull();
});

test("it restarts from its row in the overview's process tree, and the tree shows its new init", async ({ page }) => {
  await startJail(agent(), first).catch(() => undefined);
  const before = await initPidOf(first);
  expect(before).not.toBeNull();
  await navigate(page, "Overview");
  await filterProcessesByJail(page, first);
  const details = await openProcessDetails(jailSubtreeRow(page, first));
  await jailActions(details, first)
    .getByRole("button", { name: `Restart ${first}`, exact: true })
    .click();
  await expect
    .poll(async () => [null, before].includes(await initPidOf(first)), { timeout: 60_000, message: `${first} restarted` })
    .toBe(false);
  await expect(processRow(page, (await initPidOf(first))!)).toBeVisible({ timeout: 10_000 });
});

test("a memory limit changes live: the kernel holds it for the same init, and the page shows it", async ({ page }) => {
  await startJail(agent(), first).catch(() => undefined);
  const init = await initPidOf(first);
  expect(init).not.toBeNull();
  await openJailPage(page, first);
  const limits = limitsForm(page);
  await limits.getByLabel("Memory (MiB)").fill("256");
  await limits.getByRole("button", { name: "Review the change" }).click();
  const change = plan(page, "change", first);
  await expect(change.getByRole("list", { name: "When changes take effect" })).toContainText(/applies live/);
  await change.getByRole("button", { name: "Apply this plan" }).click();
  await expect(page.getByRole("region", { name: "Limits" })).toContainText("of 256 MiB", { timeout: 10_000 });
  // Live: the jail's own init is now under the new limit, and it was not restarted to get it.
  expect(await kernelMemoryLimit(init!)).toBe(256 * 1024 * 1024);
  expect(await initPidOf(first)).toBe(init);
});

test("an invalid name and a taken address are refused as typed, and nothing is created", async ({ page }) => {
  const before = await lxcContainers(e2eState().lxcPath);
  const taken = (await fetchJails(agent())).find((jail) => jail.name === first)!.ipv4[0]!;
  const form = await openNewJailForm(page);
  await formField(form, "Name").fill("no spaces!");
  expect(await fieldError(form, "Name")).toMatch(/letters|digits|name/i);
  await formField(form, "IPv4 address").fill(taken);
  expect(await fieldError(form, "IPv4 address")).toBe(`${taken} is taken by jail ${first}.`);
  await formField(form, "Template").selectOption("busybox");
  await form.getByRole("button", { name: "Review the plan" }).click();
  await expect(page.getByRole("region", { name: /^Plan:/ })).toHaveCount(0);
  expect(await lxcContainers(e2eState().lxcPath)).toEqual(before);
});

test("bulk stop of two jails picked by tag gives one result per jail", async ({ page }) => {
  await createJail(agent(), { name: second, template: "busybox", tags: [tag] });
  await startJail(agent(), second);
  // A fresh load, not the nav: the second jail was made behind the web's back, after the overview cached the list.
  await page.goto("/jails");
  await selectJailsByTag(page, tag);
  await expect(bulkActions(page)).toContainText("2 selected");
  await bulkActions(page).getByRole("button", { name: "Stop selected" }).click();
  await expect(bulkResult(page, first)).toContainText("ok", { timeout: 60_000 });
  await expect(bulkResult(page, second)).toContainText("ok");
  for (const name of [first, second]) expect(await lxcState(e2eState().lxcPath, name), name).toBe("STOPPED");
});

test("TERM sent from the process tree ends a process in the jail", async ({ page }) => {
  const marker = `stkop${id}`;
  await startJail(agent(), first);
  await startMarkedSleep(e2eState().lxcPath, first, marker);
  await navigate(page, "Overview");
  await filterProcessesByJail(page, first);
  await searchProcesses(page, marker);
  const row = processTree(page).getByRole("row", { name: /^pid \d+ sh$/ });
  await expect(row).toBeVisible({ timeout: 5_000 });
  const details = await openProcessDetails(row);
  await sendSignal(details, "TERM", new RegExp(`in jail ${first}`));
  await expect(row).toHaveCount(0, { timeout: 5_000 });
});

test("packages install into a Debian jail with apt's and dpkg's output streamed into the page", async ({ page }) => {
  test.setTimeout(300_000);
  await createJail(agent(), { name: third, template: "debian" });
  await startJail(agent(), third);
  await openJailPage(page, third);
  const packages = page.getByRole("form", { name: "Install packages" });
  await packages.getByLabel("Packages to install").fill("hello");
  await packages.getByRole("button", { name: "Install" }).click();
  // The result carries no output any more: what the region shows arrived as the jail's live events.
  const output = page.getByRole("region", { name: `Package output of ${third}` }).locator("pre");
  await expect(output).toContainText("Unpacking hello", { timeout: 240_000 });
  await expect(output).toContainText("Setting up hello");
  await expect(page.getByRole("status").filter({ hasText: "Installed hello." })).toBeVisible();
  await test.step("the Debian jail's console is a login shell on its own tty that runs what was installed", async () => {
    await page.getByRole("button", { name: "Open console" }).click();
    await expect(consoleState(page)).toHaveText("Connected", { timeout: 15_000 });
    await typeLine(page, third, "hello; echo DEB:$(cat /etc/debian_version):$(tty):$(id -un):");
    await expectTerminalToShow(page, third, /^Hello, world!\s*$/m);
    await expectTerminalToShow(page, third, /DEB:\d+(\.\d+)*:\/dev\/pts\/\d+:root:/);
  });
  await destroyJail(agent(), third);
});

test("destroying asks for the name, shows the plan and removes the container", async ({ page }) => {
  await openJailPage(page, first);
  await expect(jailActions(page, first)).toBeVisible();
  await destroyFromJailPage(page, first);
  await expect(page).toHaveURL(/\/jails$/, { timeout: 60_000 });
  expect(await lxcContainers(e2eState().lxcPath)).not.toContain(first);
});

test("bulk destroy of the jails of a tag shows each one's plan, asks for their count and gives one result per jail", async ({ page }) => {
  // The tag's jails now: the bulk-stopped second (first was destroyed above) and a fourth.
  await createJail(agent(), { name: fourth, template: "busybox", tags: [tag] });
  await page.goto("/jails");
  await selectJailsByTag(page, tag);
  await expect(bulkActions(page)).toContainText("2 selected");
  await bulkActions(page).getByRole("button", { name: "Destroy selected…" }).click();
  const dialog = page.getByRole("dialog", { name: "Destroy 2 jails" });
  for (const name of [second, fourth]) await expect(planCommands(plan(dialog, "destroy", name)).last()).toContainText("lxc-destroy");
  expect(await lxcContainers(e2eState().lxcPath)).toEqual(expect.arrayContaining([second, fourth]));
  const confirm = dialog.getByRole("button", { name: "Destroy 2 jails" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Type 2 to confirm destroying 2 jails").fill("2");
  await confirm.click();
  await expect(bulkResult(page, second)).toContainText("ok", { timeout: 60_000 });
  await expect(bulkResult(page, fourth)).toContainText("ok");
  const left = await lxcContainers(e2eState().lxcPath);
  expect(left).not.toContain(second);
  expect(left).not.toContain(fourth);
});

test("the audit page lists each action with its actor and result", async ({ page }) => {
  await openAuditLog(page);
  for (const action of ["jails.plan", "jails.applyPlan", "jails.start", "jails.stop", "jails.restart", "jails.bulk", "processes.signal"]) {
    await expect(auditRow(page, action, "admin", "ok")).toBeVisible();
  }
});
