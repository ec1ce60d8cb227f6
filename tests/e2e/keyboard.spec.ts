import { test, expect, request as playwrightRequest, type Page, type Locator, type APIRequestContext } from '@playwright/test';
import { login, PASSWORD, expectAccessible, AFTER_EVERY_CASE_START, dateKeys, dateLabel } from './helpers';
import { MODTAG_POST, POST_PACKAGE, api, packageKey, tasksPage, oldestWithFuldmagt, findCaseTask, selection, type TaskRow, type TaskPage, type Sag, type CaseSelection } from './casework-api';

// Every caseworker flow by keyboard alone. After logging in, the controls
// under test are reached only with Tab/Shift+Tab and operated only with
// Enter/Space/Arrow keys/typing: no mouse, no element.click()/focus().
// Runs against a server started with `--reset --demo-tasks 3000`.

// ---------------------------------------------------------------------------
// Keyboard helpers

async function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el === document.activeElement).catch(() => false);
}

/**
 * Presses Tab (or Shift+Tab with `back`) until `target` has the focus.
 * `target` is a locator (found by role and accessible name) or a predicate.
 */
async function tabTo(
  page: Page,
  target: Locator | (() => Promise<boolean>),
  max = 80,
  back = false,
): Promise<void> {
  const done = typeof target === 'function' ? target : () => isFocused(target);
  if (await done()) return;
  const trail: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (await done()) return;
    trail.push(await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      return el ? `${el.tagName}#${el.id}[${el.name ?? ''}] "${(el.textContent ?? '').trim().slice(0, 30)}"` : 'none';
    }));
  }
  throw new Error(`tabTo: target not reached after ${max} presses; focus went ${trail.slice(0, 25).join(' → ')}`);
}

/** With the focus in a radio group, presses ArrowDown until `target` is focused (and so checked). */
async function arrowTo(page: Page, target: Locator, max = 20): Promise<void> {
  for (let i = 0; i < max && !(await isFocused(target)); i++) await page.keyboard.press('ArrowDown');
  await expect(target).toBeFocused();
  // Tab into a group with nothing checked focuses the first radio without checking it.
  if (!(await target.isChecked())) await page.keyboard.press('Space');
  await expect(target).toBeChecked();
}

/** Tabs to "Næste", presses Enter and expects the next step's heading to get the focus. */
async function nextByKeyboard(page: Page, title: string) {
  await tabTo(page, page.getByRole('button', { name: 'Næste' }));
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { level: 2, name: new RegExp(title) });
  await expect(heading).toBeVisible();
  await expect(heading).toBeFocused();
}

/** Opens a task by its URL and takes it with "Tag opgave" by keyboard (unless it is the user's already). */
async function takeTaskByKeyboard(page: Page, taskId: number, step1: RegExp) {
  await page.goto(`/opgave/${taskId}`);
  const take = page.getByRole('button', { name: 'Tag opgave' });
  const wizard = page.getByRole('heading', { level: 2, name: step1 });
  await expect(take.or(wizard)).toBeVisible();
  if (await take.isVisible()) {
    await tabTo(page, take);
    await page.keyboard.press('Enter');
  }
  await expect(wizard).toBeVisible();
}

// ---------------------------------------------------------------------------

test('keyboard: Modtag post with a Fuldmagt — verify, Opret opgave → Opret bevilling, finish', async ({ page, baseURL }) => {
  const worker = await api(baseURL, 'pension');
  const key = await packageKey(worker, POST_PACKAGE);
  const before = await tasksPage(worker, key);
  const { row, page: pageNo } = await oldestWithFuldmagt(worker, key);

  await login(page, 'pension');
  // "Mine opgavepakker" → the package, by keyboard.
  const mineLink = page.getByRole('link', { name: 'Mine opgavepakker', exact: true }).first();
  await tabTo(page, mineLink);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/mine-opgavepakker\/?$/);
  const pkgLink = page.getByRole('link', { name: POST_PACKAGE });
  await expect(pkgLink).toBeVisible();
  await tabTo(page, pkgLink);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: POST_PACKAGE })).toBeVisible();
  await expect(page.locator('th[aria-sort="ascending"]')).toContainText('Oprettet');
  if (pageNo > 1) await page.goto(`/mine-opgavepakker/${encodeURIComponent(key)}?side=${pageNo}&sortering=aeldste_foerst`);
  const tableRow = page.locator(`#opgave-${row.id}`);
  await expect(tableRow).toContainText(row.cpr_maskeret ?? '');
  await tabTo(page, tableRow.getByRole('button', { name: /^Tag opgave/ }), 200);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/opgave/${row.id}`));

  // Step 1: Bestem behandling.
  await expect(page.getByRole('heading', { level: 2, name: /Bestem behandling/ })).toBeVisible();
  await expect(page.getByRole('table', { name: /Dokumenter i posten/ })).toContainText('Fuldmagt');
  const fuldmagt = page.getByLabel('Fuldmagt er verificeret');
  const opretOpgave = page.getByRole('radio', { name: 'Opret opgave' });
  await expect(opretOpgave).toBeDisabled();
  await tabTo(page, fuldmagt);
  await page.keyboard.press('Space');
  await expect(fuldmagt).toBeChecked();
  await expect(opretOpgave).toBeEnabled();
  // Into the "Vælg handling" group (no radio checked yet: Tab lands on the first).
  await tabTo(page, async () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name === 'handling'));
  await arrowTo(page, opretOpgave);
  // The select: Tab to it, then ArrowDown until "Opret bevilling" is chosen.
  const select = page.getByLabel('Opgave der skal oprettes');
  await expect(select).toBeVisible();
  await tabTo(page, select);
  const chosen = () => select.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent?.trim() ?? '');
  for (let i = 0; i < 30 && (await chosen()) !== 'Opret bevilling'; i++) await page.keyboard.press('ArrowDown');
  expect(await chosen()).toBe('Opret bevilling');

  await nextByKeyboard(page, 'Dokumenter');
  await nextByKeyboard(page, 'Opsummering');
  const summary = page.locator('.summary-list');
  await expect(summary).toContainText('Fuldmagt er verificeret');
  await expect(summary).toContainText('Opret opgave');
  await expect(summary).toContainText('Opret bevilling');
  await tabTo(page, page.getByRole('button', { name: 'Afslut' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Modtag post er afsluttet' })).toBeVisible();

  const detail = await (await worker.get(`/api/tasks/${row.id}`)).json();
  expect(detail.opgave.status).toBe('afsluttet');
  const after = await tasksPage(worker, key);
  expect(after.total).toBe(before.total - 1);
  await worker.dispose();
});

test('keyboard: Opret træk — case chosen with the Arrow keys, amount with decimal comma, finish', async ({ page, baseURL }) => {
  const worker = await api(baseURL, 'pension');
  // A borger with at least two active cases for Opret træk, so that ArrowDown
  // really moves the selection. (The demo data's only Opret træk task in the
  // packages has a borger with one case, so the flow starts from the
  // Borgeroverblik's Handlinger menu, by keyboard.)
  const twoActive = async (id: number) => (await selection(worker, id, 'opret_traek')).valgbare.filter((s) => s.aktiv).length >= 2;
  const found = await findCaseTask(worker, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], twoActive);
  await worker.dispose();

  await login(page, 'pension');
  await page.goto(`/borger/${found.citizenId}`);
  const menuButton = page.getByRole('button', { name: 'Handlinger' });
  await tabTo(page, menuButton);
  await page.keyboard.press('Enter');
  await expect(menuButton).toHaveAttribute('aria-expanded', 'true');
  await tabTo(page, page.locator('#handlinger-menu').getByRole('link', { name: 'Opret træk' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: 'Start Opret træk' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/opgave\/\d+/);
  await expect(page.getByRole('heading', { level: 2, name: /Vælg handling/ })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Opret træk' })).toBeChecked();
  await nextByKeyboard(page, 'Vælg sag');

  const table = page.locator('.case-selector-table');
  const radios = table.getByRole('radio');
  await expect(radios.first()).toBeVisible();
  expect(await radios.count()).toBeGreaterThanOrEqual(2);
  // Tab into the case group (none checked: the first radio gets the focus,
  // unchecked); ArrowDown moves to the next case and checks it.
  await tabTo(page, radios.first());
  await expect(radios.first()).not.toBeChecked();
  await page.keyboard.press('ArrowDown');
  await expect(radios.nth(1)).toBeChecked();
  await expect(radios.nth(1)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(radios.first()).toBeChecked();
  await expect(radios.nth(1)).not.toBeChecked();
  await expect(page.locator('.case-selector-chosen')).toContainText('Valgt sag');

  await nextByKeyboard(page, 'Beløb og periode');
  const amount = page.getByLabel('Beløb (kr.)');
  await tabTo(page, amount);
  await page.keyboard.type('1.250,50');
  await expect(amount).toHaveValue('1.250,50');
  const start = page.getByLabel('Startdato');
  await tabTo(page, start);
  // Chromium lays out <input type=date> by its own UI language, not the page's
  // locale; the Debian Chromium here is en-US, so the segments are month-day-year.
  await page.keyboard.type(dateKeys(AFTER_EVERY_CASE_START));
  await expect(start).toHaveValue(AFTER_EVERY_CASE_START);
  const monthly = page.getByRole('radio', { name: 'Månedlig' });
  if (!(await monthly.isChecked())) {
    await tabTo(page, async () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type === 'radio'));
    await arrowTo(page, monthly);
  }
  await expect(monthly).toBeChecked();

  await nextByKeyboard(page, 'Opsummering');
  const summary = page.locator('.summary-list');
  await expect(summary).toContainText('1.250,50 kr.');
  await expect(summary).toContainText(dateLabel(AFTER_EVERY_CASE_START));
  await expect(summary).toContainText('Månedlig');
  await tabTo(page, page.getByRole('button', { name: 'Afslut' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Opret træk er afsluttet' })).toBeVisible();
  // The last step is gone: focus is on what happened, not lost to the page.
  await expect(page.locator('.wizard-finished')).toBeFocused();
});

test('keyboard: Sagsvælger — filter Aktive → Begge, sort, Vis fravalgte sager, Arrow keys', async ({ page, baseURL }) => {
  const worker = await api(baseURL, 'pension');
  const mixed = async (id: number) => {
    const sel = await selection(worker, id, 'opret_opfoelgningsopgave');
    return sel.valgbare.some((s) => !s.aktiv) && sel.valgbare.some((s) => s.aktiv) && sel.fravalgte.length > 0;
  };
  const found = await findCaseTask(worker, [3, 5, 6, 7, 8, 9, 11], mixed);
  const sel = await selection(worker, found.citizenId, 'opret_opfoelgningsopgave');
  await worker.dispose();

  await login(page, 'pension');
  await takeTaskByKeyboard(page, found.taskId, /Vælg handling/);
  // Into the "Vælg handling" group (Tab lands on the checked radio), then arrow to the wanted action.
  const followUp = page.getByRole('radio', { name: 'Opret opfølgningsopgave' });
  await tabTo(page, async () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      return el?.type === 'radio';
    }),
  );
  await arrowTo(page, followUp);
  await nextByKeyboard(page, 'Vælg sag');

  const table = page.locator('.case-selector-table');
  await expect(table.locator('th[aria-sort="descending"]')).toContainText('Bevillingens startdato');
  const aktive = page.getByRole('radio', { name: 'Aktive' });
  await expect(aktive).toBeChecked();
  const activity = table.locator('tbody tr td:nth-child(6)');
  await expect(activity.first()).toBeVisible();
  for (const text of await activity.allTextContents()) expect(text).toBe('Aktiv');
  const dates = await table.locator('tbody tr td:nth-child(4)').allTextContents();
  const iso = dates.filter((d) => d !== '–').map((d) => d.split('.').reverse().join('-'));
  expect(iso).toEqual([...iso].sort().reverse());

  // Filter: Tab lands on the checked "Aktive"; ArrowDown moves to "Begge".
  await tabTo(page, aktive);
  await arrowTo(page, page.getByRole('radio', { name: 'Begge' }));
  await expect(table.locator('tbody tr td:nth-child(6)').filter({ hasText: 'Passiv' }).first()).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(sel.valgbare.length);

  // Sort by title via the header button, with Enter.
  await tabTo(page, table.getByRole('button', { name: /^Sagstitel/ }));
  await page.keyboard.press('Enter');
  await expect(table.locator('th[aria-sort="ascending"]')).toContainText('Sagstitel');

  // "Vis fravalgte sager" with Space.
  const toggle = page.getByLabel(/Vis fravalgte sager/);
  await tabTo(page, toggle);
  await page.keyboard.press('Space');
  await expect(toggle).toBeChecked();
  const excluded = page.locator('.case-selector-excluded');
  for (const e of sel.fravalgte) await expect(excluded).toContainText(e.aarsag);
  await expect(excluded.locator('input')).toHaveCount(0);

  // Arrow keys move the selection within the one radio group (reached with Shift+Tab).
  const radios = table.getByRole('radio');
  const n = await radios.count();
  expect(n).toBeGreaterThanOrEqual(2);
  await tabTo(page, async () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.closest('.case-selector-table') != null && (document.activeElement as HTMLInputElement).type === 'radio'), 80, true);
  const ids = await radios.evaluateAll((els) => els.map((e) => e.id));
  const at = ids.indexOf(await page.evaluate(() => document.activeElement!.id));
  await page.keyboard.press('Space');
  await expect(radios.nth(at)).toBeChecked();
  await page.keyboard.press('ArrowDown');
  await expect(radios.nth((at + 1) % n)).toBeChecked();
  await expect(radios.nth((at + 1) % n)).toBeFocused();
  await expect(radios.nth(at)).not.toBeChecked();
  await expect(page.locator('.case-selector-chosen')).toContainText('Valgt sag');
});

test('keyboard shortcuts: help with ?, a whole Modtag post by Alt+Shift keys, Næste opgave after Afslut, Borgeroverblik', async ({ page, baseURL }) => {
  const worker = await api(baseURL, 'pension');
  const key = await packageKey(worker, POST_PACKAGE);
  const before = await tasksPage(worker, key);
  await worker.dispose();
  const oldest = before.opgaver.find((t) => t.taget_af === null);
  expect(oldest, 'an untaken task in the package').toBeTruthy();

  await login(page, 'pension');
  await page.goto(`/mine-opgavepakker/${encodeURIComponent(key)}`);
  await expect(page.getByRole('heading', { level: 1, name: POST_PACKAGE })).toBeVisible();

  // "?" opens the list of shortcuts (also reachable from the header); Escape closes it.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Tastaturgenveje' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('row', { name: /Alt\+Skift\+N/ })).toContainText('Ja');
  await expect(help.getByRole('row', { name: /Alt\+Skift\+→/ })).toContainText('Nej');
  await expectAccessible(page);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  // "?" can be turned off (a single character key, WCAG 2.1.4); Alt+Shift+H still opens it.
  await page.getByRole('button', { name: 'Tastaturgenveje' }).click();
  await expect(help).toBeVisible();
  await help.getByLabel(/Åbn denne oversigt med \?-tasten/).uncheck();
  await help.getByRole('button', { name: 'Luk' }).click();
  await expect(help).toBeHidden();
  await page.keyboard.press('?');
  await expect(help).toBeHidden();
  await page.keyboard.press('Alt+Shift+KeyH');
  await expect(help).toBeVisible();
  await page.keyboard.press('Escape');

  // Alt+Shift+N: the oldest untaken task, taken and opened in its wizard.
  await page.keyboard.press('Alt+Shift+KeyN');
  await expect(page).toHaveURL(new RegExp(`/opgave/${oldest!.id}`));
  const step1 = page.getByRole('heading', { level: 2, name: /Bestem behandling/ });
  await expect(step1).toBeVisible();
  const fuldmagt = page.getByLabel('Fuldmagt er verificeret');
  if (await fuldmagt.isVisible()) {
    await tabTo(page, fuldmagt);
    await page.keyboard.press('Space');
  }
  const none = page.getByRole('radio', { name: 'Ingen handling' });
  await tabTo(page, async () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name === 'handling'));
  await arrowTo(page, none);
  // Alt+Shift+→ / ← walk the steps with the focus on each step's heading.
  await page.keyboard.press('Alt+Shift+ArrowRight');
  await expect(page.getByRole('heading', { level: 2, name: /Dokumenter/ })).toBeFocused();
  await page.keyboard.press('Alt+Shift+ArrowLeft');
  await expect(step1).toBeFocused();
  await expect(none).toBeChecked();
  await page.keyboard.press('Alt+Shift+ArrowRight');
  await page.keyboard.press('Alt+Shift+ArrowRight');
  await expect(page.getByRole('heading', { level: 2, name: /Opsummering/ })).toBeFocused();
  // Alt+Shift+→ on Opsummering does nothing; Alt+Shift+A is Afslut.
  await page.keyboard.press('Alt+Shift+ArrowRight');
  await expect(page.getByRole('heading', { level: 2, name: /Opsummering/ })).toBeVisible();
  await page.keyboard.press('Alt+Shift+KeyA');
  await expect(page.getByRole('status').filter({ hasText: 'Modtag post er afsluttet' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Næste opgave' })).toBeVisible();
  await expectAccessible(page);

  // "Næste opgave" on the finished view, by its shortcut: another task of the package.
  await page.keyboard.press('Alt+Shift+KeyN');
  await expect(page).not.toHaveURL(new RegExp(`/opgave/${oldest!.id}(\\?|$)`));
  await expect(page).toHaveURL(/\/opgave\/\d+\?pakke=/);
  await expect(step1).toBeVisible();
  // Alt+Shift+B: the task's borger.
  await page.keyboard.press('Alt+Shift+KeyB');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Borgeroverblik');
});
