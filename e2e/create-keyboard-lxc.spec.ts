import { randomBytes } from "node:crypto";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { agentConnection } from "@/server/agent-client/connection";
import { destroyJail, fetchJails } from "@/server/agent-client/methods";
import { e2eState } from "./fixtures/state";
import { formField, lxcContainers, plan, planDiff } from "./helpers/jails";
import { signIn } from "./helpers/session";

// The create form with the keyboard only: Tab between fields, typing, Space on a checkbox, Enter to submit and apply.
const jail = `stk-op10k-${randomBytes(3).toString("hex")}`;
const agent = () => agentConnection(e2eState().agentSocket);
const MiB = 1024 * 1024;

test.setTimeout(120_000);
test.afterAll(async () => {
  await destroyJail(agent(), jail).catch(() => undefined);
});

const isFocused = (target: Locator) => target.evaluate((element) => element === document.activeElement);

/** Presses Tab until `target` has the focus, at most `most` times: it is reachable by keyboard. */
async function tabTo(page: Page, target: Locator, most = 40) {
  for (let presses = 0; presses < most && !(await isFocused(target)); presses++) await page.keyboard.press("Tab");
  await expect(target).toBeFocused();
}

/** One Tab moves the focus to `next`: the fields are in the order they read. */
async function tabOnceTo(page: Page, next: Locator) {
  await page.keyboard.press("Tab");
  await expect(next).toBeFocused();
}

test("the create form is keyboard-complete: Tab, typing, Space and Enter take it to the plan and apply it, with its steps shown", async ({
  page,
}) => {
  await signIn(page, "admin", e2eState().adminPassword);
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/jails/new");
  const form = page.getByRole("form", { name: "New jail" });
  await tabTo(page, formField(form, "Name"));
  await page.keyboard.type(jail);
  const template = formField(form, "Template");
  await tabOnceTo(page, template);
  // A closed select picks an option by typing its first letters.
  await page.keyboard.type("busybox");
  await expect(template).toHaveValue("busybox");
  await tabOnceTo(page, formField(form, "Hostname"));
  const ipv4 = formField(form, "IPv4 address");
  await tabOnceTo(page, ipv4);
  const suggested = await ipv4.inputValue();
  expect(suggested).toMatch(/^10\.\d+\.\d+\.\d+$/);
  await tabOnceTo(page, formField(form, "Memory (MiB)"));
  await page.keyboard.type("128");
  await tabOnceTo(page, formField(form, "Max processes"));
  await tabOnceTo(page, formField(form, "CPU (% of one core)"));
  // Past the parameters and the host mount, whose controls depend on the host.
  await tabTo(page, formField(form, "Tags"));
  const autostart = form.getByLabel("Start with the host");
  await tabOnceTo(page, autostart);
  await page.keyboard.press("Space");
  await expect(autostart).toBeChecked();
  await tabOnceTo(page, form.getByRole("button", { name: "Review the plan" }));
  await page.keyboard.press("Enter");

  const created = plan(page, "create", jail);
  await expect(planDiff(created)).toContainText(suggested);
  // cgroup v2's key or v1's, whichever the host runs.
  await expect(planDiff(created)).toContainText(new RegExp(`memory\\.(max|limit_in_bytes) = ${128 * MiB}`));
  expect(await lxcContainers(e2eState().lxcPath)).not.toContain(jail);
  // From the submit button, the plan's Apply is further down the tab order.
  await tabTo(page, created.getByRole("button", { name: "Apply this plan" }));
  await page.keyboard.press("Enter");
  // While it applies, the page lists the agent's steps as its progress events arrive.
  const steps = page.getByRole("region", { name: `Creating ${jail}` }).getByRole("listitem");
  await expect(steps.filter({ hasText: "make the container from the host's busybox" })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/jails/${jail}$`), { timeout: 60_000 });
  expect(await lxcContainers(e2eState().lxcPath)).toContain(jail);
  expect((await fetchJails(agent())).find((found) => found.name === jail)).toMatchObject({ autostart: true, ipv4: [suggested] });
});
