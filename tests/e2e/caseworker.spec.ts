import { test, expect, request as playwrightRequest, type Page, type APIRequestContext } from '@playwright/test';
import { login, expectAccessible, screenshot, PASSWORD, nextStep, AFTER_EVERY_CASE_START, dateKeys, dateLabel } from './helpers';
import { MODTAG_POST, POST_PACKAGE, api, packageKey, tasksPage, oldestWithFuldmagt, findCaseTask, selection, type TaskRow, type TaskPage, type Sag, type CaseSelection } from './casework-api';

// The caseworker's side: package task lists, claiming, the Modtag post
// wizard, the Sagsvælger, Stop sag, Borgeroverblik. Runs against a server
// started with `--reset --demo-tasks 3000`; every test leaves the data in a
// state the next test does not depend on.

const OPRET_BEVILLING = 2;

test('Modtag post with a Fuldmagt: verify, Opret opgave → Opret bevilling, finish', async ({ page, baseURL }) => {
  const admin = await api(baseURL, 'admin');
  const worker = await api(baseURL, 'pension');
  const me = await (await worker.get('/api/me')).json();
  // A package that catches Opret bevilling for the caseworker's role.
  const roleIds: number[] = me.roller.map((r: { id: number }) => r.id);
  const created = await admin.post('/api/packages', {
    data: {
      navn: 'Opret bevilling (e2e)',
      beskrivelse: 'Fanger Opret bevilling.',
      filter: { opgavetyper: [OPRET_BEVILLING], relation: 'begge' },
      roller: roleIds,
      aendringsaarsag: 'Oprettet af e2e',
      gyldig_fra: '2020-01-01',
    },
  });
  expect(created.status(), await created.text()).toBeLessThan(300);
  const bevillingKey: string = (await created.json()).noegle;

  const key = await packageKey(worker, POST_PACKAGE);
  const before = await tasksPage(worker, key);
  const { row, page: pageNo } = await oldestWithFuldmagt(worker, key);

  await login(page, 'pension');
  await page.getByRole('link', { name: POST_PACKAGE }).click();
  await expect(page.getByRole('heading', { level: 1, name: POST_PACKAGE })).toBeVisible();
  // Default sort: oldest first, shown on the "Oprettet" header.
  await expect(page.locator('th[aria-sort="ascending"]')).toContainText('Oprettet');
  await expectAccessible(page);
  await screenshot(page, 'opgavepakke-opgaver');
  if (pageNo > 1) await page.goto(`/mine-opgavepakker/${encodeURIComponent(key)}?side=${pageNo}&sortering=aeldste_foerst`);
  const tableRow = page.locator(`#opgave-${row.id}`);
  await expect(tableRow).toContainText(row.cpr_maskeret ?? '');
  // Lists show the masked CPR only.
  await expect(page.locator('tbody')).not.toContainText(/\d{6}-\d{4}/);
  await tableRow.getByRole('button', { name: /^Tag opgave/ }).click();
  await expect(page).toHaveURL(new RegExp(`/opgave/${row.id}`));

  // Step 1: Bestem behandling. Actions are locked until the Fuldmagt is verified.
  const step1 = page.getByRole('heading', { level: 2, name: /Bestem behandling/ });
  await expect(step1).toBeVisible();
  await expect(page.getByRole('table', { name: /Dokumenter i posten/ })).toContainText('Fuldmagt');
  const opretOpgave = page.getByRole('radio', { name: 'Opret opgave' });
  await expect(opretOpgave).toBeDisabled();
  await expect(page.getByRole('radio', { name: 'Ingen handling' })).toBeDisabled();
  // "Næste" without a verified Fuldmagt is refused with a message.
  await page.getByRole('button', { name: 'Næste' }).click();
  await expect(page.getByRole('alert')).toContainText('Fuldmagt er verificeret');
  await expectAccessible(page);
  await screenshot(page, 'modtag-post-1-fuldmagt');
  await page.getByLabel('Fuldmagt er verificeret').check();
  await expect(opretOpgave).toBeEnabled();
  await opretOpgave.check();
  await page.getByLabel('Opgave der skal oprettes').selectOption({ label: 'Opret bevilling' });
  await expectAccessible(page);
  await screenshot(page, 'modtag-post-1-bestem-behandling');

  // The state survives leaving and coming back.
  await page.goto('/mine-opgavepakker');
  await page.goBack();
  await expect(page.getByLabel('Fuldmagt er verificeret')).toBeChecked();
  await expect(page.getByRole('radio', { name: 'Opret opgave' })).toBeChecked();
  // In the package's list the task is the user's own now: opened, not taken again.
  await page.goto(`/mine-opgavepakker/${encodeURIComponent(key)}?side=${pageNo}&sortering=aeldste_foerst`);
  await expect(tableRow.getByRole('button', { name: /^Tag opgave/ })).toHaveCount(0);
  // "Taget af" names the holder, not their username.
  await expect(tableRow.locator('td').last()).toHaveText('Peter Pedersen');
  await tableRow.getByRole('link', { name: /^Åbn opgave/ }).click();
  await expect(page).toHaveURL(new RegExp(`/opgave/${row.id}\\?pakke=`));
  await expect(page.getByLabel('Fuldmagt er verificeret')).toBeChecked();

  await nextStep(page, 'Dokumenter', 'modtag-post-2-dokumenter');
  await nextStep(page, 'Opsummering', 'modtag-post-3-opsummering');
  const summary = page.locator('.summary-list');
  await expect(summary).toContainText('Fuldmagt er verificeret');
  await expect(summary).toContainText('Opret opgave');
  await expect(summary).toContainText('Opret bevilling');
  await page.getByRole('button', { name: 'Afslut' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Modtag post er afsluttet' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'modtag-post-4-afsluttet');

  // The new task is on the Borgeroverblik …
  await page.getByRole('link', { name: 'Gå til Borgeroverblik' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Borgeroverblik');
  await expect(page.getByRole('table', { name: /Åbne opgaver/ })).toContainText('Opret bevilling');
  await expectAccessible(page);
  await screenshot(page, 'borgeroverblik');
  const detail = await (await worker.get(`/api/tasks/${row.id}`)).json();
  expect(detail.opgave.status).toBe('afsluttet');
  const citizenId = detail.borger.id;
  const overview = await (await worker.get(`/api/citizens/${citizenId}`)).json();
  const newTask = overview.aabne_opgaver.filter((t: { opgavetype: number }) => t.opgavetype === OPRET_BEVILLING).sort((a: { id: number }, b: { id: number }) => b.id - a.id)[0];
  expect(newTask).toBeTruthy();
  // … and in the package that catches Opret bevilling …
  const bevilling = await tasksPage(worker, bevillingKey, 1, 'nyeste_foerst', 200);
  expect(bevilling.opgaver.map((t) => t.id)).toContain(newTask.id);
  // … and the Modtag post task has left its package.
  const after = await tasksPage(worker, key);
  expect(after.total).toBe(before.total - 1);
  await admin.dispose();
  await worker.dispose();
});

test('Modtag post: switching what a shown message belongs to keeps the wizard working (no crash)', async ({ page, baseURL }) => {
  const worker = await api(baseURL, 'pension');
  const { taskId } = await findCaseTask(worker, [MODTAG_POST], async () => true);
  const detail = await (await worker.get(`/api/tasks/${taskId}`)).json();
  test.skip(detail.kraever_fuldmagt, 'the task asks for a Fuldmagt first');
  expect((await worker.post(`/api/tasks/${taskId}/claim`)).status()).toBeLessThan(300);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && /stoppede/.test(m.text())) errors.push(m.text()); });
  await login(page, 'pension');
  await page.goto(`/opgave/${taskId}`);
  await page.getByRole('radio', { name: 'Tilføj ny sagsrelation' }).check();
  // The case's message is shown; then the field it belongs to goes away.
  await page.getByRole('button', { name: 'Næste' }).click();
  await expect(page.getByRole('alert')).toContainText('Vælg en sag i sagsvælgeren');
  await page.getByRole('radio', { name: 'Opret henvendelsessag' }).check();
  // The summary follows the fields: nothing is missing now, so it is gone.
  await expect(page.locator('#wizard-fejl')).toHaveCount(0);
  await page.getByRole('radio', { name: 'Vælg eksisterende sag' }).check();
  await expect(page.locator('#wizard-fejl')).toContainText('Vælg en sag i sagsvælgeren');
  await page.getByRole('radio', { name: 'Opret opgave' }).check();
  await page.getByRole('button', { name: 'Næste' }).click();
  // Each message in the summary leads to its field.
  const summaryLink = page.locator('#wizard-fejl').getByRole('link');
  await expect(summaryLink).toHaveCount(1);
  await summaryLink.click();
  await expect(page.getByLabel('Opgave der skal oprettes')).toBeFocused();
  await expectAccessible(page);
  await page.getByRole('radio', { name: 'Tilføj ny sagsrelation' }).check();
  await page.getByRole('radio', { name: 'Opret henvendelsessag' }).check();
  // The wizard still answers: on to the next step.
  await page.getByRole('button', { name: 'Næste' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /Dokumenter/ })).toBeVisible();
  await expect(page.getByText('Der opstod en fejl i Opgavepakker')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a task finished elsewhere meanwhile: "Afslut" says so, and the page shows the task as it is now', async ({ page, baseURL }) => {
  const worker = await api(baseURL, 'pension');
  const { taskId } = await findCaseTask(worker, [MODTAG_POST], async () => true);
  const detail = await (await worker.get(`/api/tasks/${taskId}`)).json();
  test.skip(detail.kraever_fuldmagt, 'the task asks for a Fuldmagt first');
  expect((await worker.post(`/api/tasks/${taskId}/claim`)).status()).toBeLessThan(300);
  await login(page, 'pension');
  await page.goto(`/opgave/${taskId}`);
  await page.getByRole('radio', { name: 'Ingen handling' }).check();
  const summary = page.getByRole('heading', { level: 2, name: /Opsummering/ });
  for (let i = 0; i < 3 && !(await summary.isVisible()); i++) {
    await page.getByRole('button', { name: 'Næste' }).click();
    await expect(page.getByRole('heading', { level: 2, name: /Dokumenter|Opsummering/ })).toBeVisible();
  }
  // Finished in another tab.
  const other = await worker.post(`/api/tasks/${taskId}/complete`, { data: { wizard: 'modtag_post', handling: { type: 'ingen_handling' } } });
  expect(other.status(), await other.text()).toBe(200);
  await page.getByRole('button', { name: 'Afslut' }).click();
  const error = page.locator('#wizard-afslut-fejl');
  await expect(error).toContainText('Opgaven er allerede afsluttet. Dine valg kan ikke længere gemmes på opgaven.');
  await expect(error).not.toContainText('prøve igen');
  await expectAccessible(page);
  await error.getByRole('button', { name: 'Se opgaven, som den er nu' }).click();
  await expect(page.getByRole('button', { name: 'Afslut' })).toHaveCount(0);
  await expect(page.locator('main')).toContainText('Afsluttet');
  await worker.dispose();
});

test('two caseworkers take the same task: exactly one gets it, the other is told who has it', async ({ browser, baseURL }) => {
  const worker = await api(baseURL, 'pension');
  const key = await packageKey(worker, POST_PACKAGE);
  const first = (await tasksPage(worker, key)).opgaver.find((t) => !t.taget_af)!;
  await worker.dispose();

  const a = await browser.newContext({ baseURL });
  const b = await browser.newContext({ baseURL });
  const pa = await a.newPage();
  const pb = await b.newPage();
  await login(pa, 'pension');
  await login(pb, 'ydelse');
  for (const p of [pa, pb]) {
    await p.goto(`/mine-opgavepakker/${encodeURIComponent(key)}`);
    await expect(p.locator('tbody tr').first()).toBeVisible();
  }
  const button = (p: Page) => p.locator(`#opgave-${first.id}`).getByRole('button', { name: /^Tag opgave/ });
  await Promise.all([button(pa).click(), button(pb).click()]);
  const wonA = await pa.waitForURL(/\/opgave\//, { timeout: 5000 }).then(() => true, () => false);
  const wonB = await pb.waitForURL(/\/opgave\//, { timeout: 5000 }).then(() => true, () => false);
  expect([wonA, wonB].filter(Boolean)).toHaveLength(1);
  const loser = wonA ? pb : pa;
  const winnerName = wonA ? 'Peter Pedersen' : 'Yasmin Hansen';
  const alert = loser.getByRole('alert');
  await expect(alert).toContainText('Opgaven er allerede taget');
  await expect(alert).toContainText(winnerName);
  await expectAccessible(loser);
  await screenshot(loser, 'opgave-optaget');
  // Now it is the other's: the list offers to see it, not to take it …
  await loser.goto(`/mine-opgavepakker/${encodeURIComponent(key)}`);
  const row = loser.locator(`#opgave-${first.id}`);
  await expect(row.getByRole('link', { name: /^Se opgave/ })).toBeVisible();
  await expect(row.getByRole('button', { name: /^Tag opgave/ })).toHaveCount(0);
  // … and so does the task: who has it, and no "Tag opgave".
  await row.getByRole('link', { name: /^Se opgave/ }).click();
  await expect(loser.getByText(`${winnerName} har taget opgaven.`)).toBeVisible();
  await expect(loser.getByRole('button', { name: 'Tag opgave' })).toHaveCount(0);
  await expect(loser.getByText('Opgaven er ikke i dine opgavepakker')).toHaveCount(0);
  await a.close();
  await b.close();
});

/** A borger (by id) whose cases for `process` include a passive choosable case and an excluded one. */
async function citizenWithMixedCases(ctx: APIRequestContext, key: string, process: string): Promise<{ id: number; sel: CaseSelection }> {
  const seen = new Set<number>();
  for (let page = 1; page <= 6; page++) {
    for (const row of (await tasksPage(ctx, key, page)).opgaver) {
      const detail = await (await ctx.get(`/api/tasks/${row.id}`)).json();
      const id = detail.borger?.id;
      if (!id || seen.has(id)) continue;
      seen.add(id);
      const sel: CaseSelection = await (await ctx.get(`/api/citizens/${id}/cases?process=${process}`)).json();
      if (sel.valgbare.some((s) => !s.aktiv) && sel.valgbare.some((s) => s.aktiv) && sel.fravalgte.length > 0) return { id, sel };
    }
  }
  throw new Error(`no borger with mixed cases for ${process}`);
}

/** Opens a task by its URL and takes it with "Tag opgave" (unless it is the user's already). */
async function takeTask(page: Page, taskId: number) {
  await page.goto(`/opgave/${taskId}`);
  const take = page.getByRole('button', { name: 'Tag opgave' });
  const wizard = page.getByRole('heading', { level: 2, name: /Vælg handling|Bestem behandling/ });
  await expect(take.or(wizard)).toBeVisible();
  if (await take.isVisible()) await take.click();
  await expect(page.getByRole('heading', { level: 2, name: /Vælg handling|Bestem behandling/ })).toBeVisible();
}

async function startFromHandlinger(page: Page, citizenId: number, label: string) {
  await page.goto(`/borger/${citizenId}`);
  await page.getByRole('button', { name: 'Handlinger' }).click();
  await page.getByRole('link', { name: label }).click();
  await page.getByRole('button', { name: `Start ${label}` }).click();
  await expect(page).toHaveURL(/\/opgave\/\d+/);
  await expect(page.getByRole('heading', { level: 2, name: /Vælg handling/ })).toBeVisible();
}

test('Sagsvælger: default sort and filter, Begge shows passive cases, excluded cases with reasons', async ({ page, baseURL }) => {
  const worker = await api(baseURL, 'pension');
  const mixed = async (id: number) => {
    const sel = await selection(worker, id, 'opret_opfoelgningsopgave');
    return sel.valgbare.some((s) => !s.aktiv) && sel.valgbare.some((s) => s.aktiv) && sel.fravalgte.length > 0;
  };
  // Opret træk or any other non-post task: all offer "Opret opfølgningsopgave".
  // (Not Stop sag: the Stop sag test needs those.)
  const found = await findCaseTask(worker, [3, 5, 6, 7, 8, 9, 11], mixed);
  const sel = await selection(worker, found.citizenId, 'opret_opfoelgningsopgave');
  await worker.dispose();

  await login(page, 'pension');
  await takeTask(page, found.taskId);
  await expectAccessible(page);
  await screenshot(page, 'opfoelgning-1-vaelg-handling');
  await page.getByRole('radio', { name: 'Opret opfølgningsopgave' }).check();
  await nextStep(page, 'Vælg sag', 'opfoelgning-2-vaelg-sag');

  const table = page.locator('.case-selector-table');
  // Default: start date, newest first; active cases only.
  await expect(table.locator('th[aria-sort="descending"]')).toContainText('Bevillingens startdato');
  await expect(page.getByRole('radio', { name: 'Aktive' })).toBeChecked();
  const activity = table.locator('tbody tr td:nth-child(6)');
  await expect(activity.first()).toBeVisible();
  for (const text of await activity.allTextContents()) expect(text).toBe('Aktiv');
  const dates = await table.locator('tbody tr td:nth-child(4)').allTextContents();
  const iso = dates.filter((d) => d !== '–').map((d) => d.split('.').reverse().join('-'));
  expect(iso).toEqual([...iso].sort().reverse());
  // "Begge" shows the passive cases too.
  await page.getByRole('radio', { name: 'Begge' }).check();
  await expect(table.locator('tbody tr td:nth-child(6)').filter({ hasText: 'Passiv' }).first()).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(sel.valgbare.length);
  // Sort by title via the header button.
  await table.getByRole('button', { name: /^Sagstitel/ }).click();
  await expect(table.locator('th[aria-sort="ascending"]')).toContainText('Sagstitel');
  // "Vis fravalgte sager": each excluded case with its reason, nothing to choose.
  await page.getByLabel(/Vis fravalgte sager/).check();
  const excluded = page.locator('.case-selector-excluded');
  for (const e of sel.fravalgte) await expect(excluded).toContainText(e.aarsag);
  await expect(excluded.locator('input')).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, 'sagsvaelger-fravalgte');
  // Arrow keys move the selection within the one radio group.
  const radios = table.getByRole('radio');
  await radios.first().check();
  await page.keyboard.press('ArrowDown');
  await expect(radios.nth(1)).toBeChecked();
  await expect(page.locator('.case-selector-chosen')).toContainText('Valgt sag');
});

test('Stop sag: no passive case can be chosen, by the UI or the API; whole flow by keyboard', async ({ page, baseURL }) => {
  const worker = await api(baseURL, 'pension');
  const hasPassive = async (id: number) => {
    const sel = await selection(worker, id, 'stop_sag');
    return sel.valgbare.length > 0 && sel.fravalgte.some((e) => !e.sag.aktiv);
  };
  const found = await findCaseTask(worker, [4], hasPassive);
  const stop = await selection(worker, found.citizenId, 'stop_sag');
  expect(stop.valgbare.every((s) => s.aktiv)).toBe(true);
  const passive = stop.fravalgte.find((e) => !e.sag.aktiv);

  await login(page, 'pension');
  // Keyboard only from here: open the task and take it (unless it is ours).
  await page.goto(`/opgave/${found.taskId}`);
  const take = page.getByRole('button', { name: 'Tag opgave' });
  const step1 = page.getByRole('heading', { level: 2, name: /Vælg handling/ });
  await expect(take.or(step1)).toBeVisible();
  if (await take.isVisible()) {
    await take.focus();
    await page.keyboard.press('Enter');
  }
  await expect(step1).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Stop sag' })).toBeChecked();
  await expectAccessible(page);
  await screenshot(page, 'stop-sag-1-vaelg-handling');
  await page.getByRole('button', { name: 'Næste' }).focus();
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { level: 2, name: /Vælg sag/ });
  await expect(heading).toBeFocused();
  const table = page.locator('.case-selector-table');
  await expect(table.locator('tbody tr').first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'stop-sag-2-vaelg-sag');
  // Neither filter shows a passive case to choose.
  await page.getByRole('radio', { name: 'Passive' }).focus();
  await page.keyboard.press('Space');
  await expect(table.getByRole('radio')).toHaveCount(0);
  await page.getByRole('radio', { name: 'Begge' }).focus();
  await page.keyboard.press('Space');
  await expect(table.locator('tbody tr td:nth-child(6)').filter({ hasText: 'Passiv' })).toHaveCount(0);
  await page.getByLabel(/Vis fravalgte sager/).focus();
  await page.keyboard.press('Space');
  await expect(page.locator('.case-selector-excluded')).toContainText(passive!.aarsag);
  // Choose the first case with the keyboard.
  await table.getByRole('radio').first().focus();
  await page.keyboard.press('Space');
  await expect(table.getByRole('radio').first()).toBeChecked();
  await page.getByRole('button', { name: 'Næste' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: /Stopdato og årsag/ })).toBeFocused();
  // A day that is none (31 February) is called that, not "not filled in";
  // what was typed stays in the field.
  await page.getByLabel('Stopdato', { exact: true }).focus();
  await page.keyboard.type(dateKeys('2027-02-31'));
  await page.getByRole('button', { name: 'Næste' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#wizard-fejl')).toContainText('Angiv en stopdato som en gyldig dato.');
  expect(await page.getByLabel('Stopdato', { exact: true }).evaluate((e) => (e as HTMLInputElement).validity.badInput)).toBe(true);
  await page.getByLabel('Stopdato', { exact: true }).focus();
  await page.keyboard.type(dateKeys(AFTER_EVERY_CASE_START));
  await expect(page.locator('#wizard-fejl')).not.toContainText('som en gyldig dato');
  await page.getByLabel('Årsag', { exact: true }).focus();
  await page.keyboard.type('Borgeren er flyttet.');
  await expectAccessible(page);
  await screenshot(page, 'stop-sag-3-stopdato');
  await page.getByRole('button', { name: 'Næste' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: /Opsummering/ })).toBeFocused();
  await expect(page.locator('.summary-list')).toContainText('Borgeren er flyttet.');
  await expectAccessible(page);
  await screenshot(page, 'stop-sag-4-opsummering');

  // The API refuses a passive case for Stop sag too.
  const taskId = Number(new URL(page.url()).pathname.split('/').pop());
  const refused = await worker.post(`/api/tasks/${taskId}/complete`, {
    data: { wizard: 'stop_sag', sag_id: passive!.sag.id, stopdato: '2026-12-01', aarsag: 'Forsøg' },
  });
  expect(refused.status()).toBeGreaterThanOrEqual(400);
  expect(refused.status()).toBeLessThan(500);

  await page.getByRole('button', { name: 'Afslut' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Stop sag er afsluttet' })).toBeVisible();
  // The last step is gone: focus is on what happened, not lost to the page.
  await expect(page.locator('.wizard-finished')).toBeFocused();
  // The history below says so without a reload.
  await page.getByRole('tab', { name: /Opgaveforløb/ }).click();
  await expect(page.getByRole('tabpanel', { name: /Opgaveforløb/ })).toContainText('Afsluttet med »Stop sag«');
  await expectAccessible(page);
  await screenshot(page, 'stop-sag-5-afsluttet');
  await worker.dispose();
});

test('Opret træk: case from the Sagsvælger, amount with decimal comma, summary, finish', async ({ page, baseURL }) => {
  const worker = await api(baseURL, 'pension');
  const hasCase = async (id: number) => (await selection(worker, id, 'opret_traek')).valgbare.length > 0;
  const found = await findCaseTask(worker, [3], hasCase);
  await worker.dispose();

  await login(page, 'pension');
  await takeTask(page, found.taskId);
  await expect(page.getByRole('radio', { name: 'Opret træk' })).toBeChecked();
  await expectAccessible(page);
  await screenshot(page, 'opret-traek-1-vaelg-handling');
  await nextStep(page, 'Vælg sag', 'opret-traek-2-vaelg-sag');
  // "Næste" without a case is refused.
  await page.getByRole('button', { name: 'Næste' }).click();
  await expect(page.locator('#wizard-fejl')).toContainText('Vælg en sag');
  await expect(page.locator('#wizard-fejl')).toBeFocused();
  await page.locator('.case-selector-table').getByRole('radio').first().check();
  await nextStep(page, 'Beløb og periode', 'opret-traek-3-beloeb');
  await page.getByLabel('Beløb (kr.)').fill('12,345');
  await page.getByLabel('Startdato').fill(AFTER_EVERY_CASE_START);
  await page.getByRole('radio', { name: 'Månedlig' }).check();
  await page.getByRole('button', { name: 'Næste' }).click();
  await expect(page.locator('#wizard-fejl')).toContainText('højst to decimaler');
  await page.getByLabel('Beløb (kr.)').fill('1.250,50');
  await nextStep(page, 'Opsummering', 'opret-traek-4-opsummering');
  const summary = page.locator('.summary-list');
  await expect(summary).toContainText('1.250,50 kr.');
  await expect(summary).toContainText(dateLabel(AFTER_EVERY_CASE_START));
  await expect(summary).toContainText('Månedlig');
  // Back to an earlier step through the step indicator and forward again: nothing lost.
  await page.getByRole('navigation', { name: 'Trin i Opret træk' }).getByRole('button', { name: /Beløb og periode/ }).click();
  await expect(page.getByLabel('Beløb (kr.)')).toHaveValue('1.250,50');
  await page.getByRole('button', { name: 'Næste' }).click();
  await page.getByRole('button', { name: 'Afslut' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Opret træk er afsluttet' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'opret-traek-5-afsluttet');
});

test('Borgeroverblik: Handlinger opens and closes by keyboard', async ({ page, baseURL }) => {
  const worker = await api(baseURL, 'pension');
  const key = await packageKey(worker, POST_PACKAGE);
  const row = (await tasksPage(worker, key)).opgaver[0];
  const detail = await (await worker.get(`/api/tasks/${row.id}`)).json();
  await worker.dispose();
  await login(page, 'pension');
  await page.goto(`/borger/${detail.borger.id}`);
  await expect(page.getByRole('heading', { level: 2, name: 'Sager' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'borgeroverblik-sager');
  const menuButton = page.getByRole('button', { name: 'Handlinger' });
  await menuButton.focus();
  await page.keyboard.press('Enter');
  await expect(menuButton).toHaveAttribute('aria-expanded', 'true');
  const menu = page.locator('#handlinger-menu');
  for (const label of ['Opret træk', 'Stop sag', 'Opret opfølgningsopgave', 'Modtag post']) {
    await expect(menu.getByRole('link', { name: label })).toBeVisible();
  }
  await expectAccessible(page);
  await screenshot(page, 'borgeroverblik-handlinger');
  await page.keyboard.press('Tab');
  await expect(menu.getByRole('link', { name: 'Opret træk' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menuButton).toHaveAttribute('aria-expanded', 'false');
  await expect(menuButton).toBeFocused();
  // Modtag post from Handlinger: a file is judged by its content, and an HTML page is refused in Danish.
  await page.keyboard.press('Enter');
  await menu.getByRole('link', { name: 'Modtag post' }).click();
  // Sending without a document: the message is at the field, and focus goes there.
  await page.getByRole('button', { name: 'Modtag post' }).click();
  await expect(page.locator('#dokumenter-fejl')).toContainText('Vælg mindst ét dokument.');
  await expect(page.getByLabel('Dokumenter')).toBeFocused();
  await page.getByLabel('Dokumenter').setInputFiles({ name: 'brev.xml', mimeType: 'text/xml', buffer: Buffer.from('<!DOCTYPE html>\n<html><script>alert(1)</script></html>') });
  await expect(page.locator('#dokumenter-fejl')).toContainText('har et format, der ikke kan modtages');
  await expectAccessible(page);
  await page.getByLabel('Dokumenter').setInputFiles({ name: 'Brev fra borger.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%e2e\n%%EOF\n') });
  await expect(page.locator('#dokumenter-fejl')).toHaveCount(0);
  await page.getByRole('button', { name: 'Modtag post' }).click();
  // The post becomes a Modtag post task: opened in its wizard when the user
  // may take it, otherwise the page says it was received.
  const wizard = page.getByRole('heading', { level: 2, name: /Bestem behandling/ });
  const received = page.getByRole('status').filter({ hasText: 'Posten er modtaget' });
  await expect(wizard.or(received)).toBeVisible();
  if (await wizard.isVisible()) {
    await expect(page.getByRole('table', { name: /Dokumenter i posten/ })).toContainText('Brev fra borger.pdf');
  }
  await expectAccessible(page);
  await screenshot(page, 'modtag-post-manuel');
});

test('Borgeroverblik: CPR search validates in Danish and never puts the number in the URL', async ({ page, baseURL }) => {
  const worker = await api(baseURL, 'pension');
  const key = await packageKey(worker, POST_PACKAGE);
  const row = (await tasksPage(worker, key)).opgaver[0];
  const detail = await (await worker.get(`/api/tasks/${row.id}`)).json();
  const cpr: string = detail.borger.cpr;
  await worker.dispose();

  await login(page, 'pension');
  // Seed 000: the borger is found "under fanen 'Søg'".
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Søg', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Søg borger');
  await page.getByLabel('CPR-nummer').fill('3212');
  await page.getByRole('button', { name: 'Find borger' }).click();
  await expect(page.locator('#cpr-fejl')).toContainText('CPR-nummeret skal have præcis 10 cifre');
  await expect(page.getByLabel('CPR-nummer')).toBeFocused();
  await expectAccessible(page);
  await screenshot(page, 'borger-soeg-fejl');
  await page.getByLabel('CPR-nummer').fill('');
  await page.getByRole('button', { name: 'Find borger' }).click();
  await expect(page.locator('#cpr-fejl')).toContainText('Skriv et CPR-nummer');
  // Written with a space, as it often is.
  await page.getByLabel('CPR-nummer').fill(cpr.replace('-', ' '));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/borger/${detail.borger.id}$`));
  expect(page.url()).not.toContain(cpr.replace('-', ''));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(detail.borger.navn);
  // The overview waited for its data: its heading still gets focus.
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page.getByText(cpr)).toBeVisible();
});

test('admin reads the audit log, searches it by action, user, borger and period, and pages through it', async ({ page, baseURL }) => {
  // More than a page of entries: a caseworker opens one Borgeroverblik 51 times.
  const worker = await api(baseURL, 'pension');
  for (let i = 0; i < 51; i++) expect((await worker.get('/api/citizens/1')).status()).toBe(200);
  await worker.dispose();
  await login(page, 'admin');
  await page.goto('/systemadministration/log');
  await expect(page.getByRole('heading', { level: 1, name: 'Log' })).toBeVisible();
  await expect(page.getByRole('table')).toBeVisible();
  // Only "Log" is the current page in the menu.
  await expect(page.locator('nav[aria-label="Hovedmenu"] [aria-current="page"]')).toHaveText('Log');
  await expectAccessible(page);
  await screenshot(page, 'log');

  // By action and user: every row is a login by pension.
  const search = page.getByRole('search', { name: 'Søg i loggen' });
  await search.getByLabel('Handling').selectOption({ label: 'Loggede ind' });
  await search.getByLabel('Brugernavn').fill('pension');
  await search.getByRole('button', { name: 'Søg' }).click();
  await expect(page).toHaveURL(/handling=logget_ind&bruger=pension/);
  const rows = page.locator('.audit-log tbody tr');
  await expect(page.locator('.audit-log caption')).toContainText('der passer til søgningen');
  await expect(rows.first()).toBeVisible();
  for (const row of await rows.all()) {
    await expect(row.locator('td').nth(1)).toHaveText('pension');
    await expect(row.locator('td').nth(2)).toHaveText('Loggede ind');
  }
  // A borger number that is no number: a Danish message at the field, nothing searched.
  await search.getByLabel('Borger nr.').fill('12a');
  await search.getByRole('button', { name: 'Søg' }).click();
  await expect(search.getByLabel('Borger nr.')).toHaveAttribute('aria-invalid', 'true');
  await expect(search.getByLabel('Borger nr.')).toBeFocused();
  await expect(search).toContainText('Borger nr. skal være et helt tal');
  await expect(page).not.toHaveURL(/borger=/);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Vis hele loggen' }).click();
  await expect(page.locator('.audit-log caption')).not.toContainText('der passer til søgningen');
  // The fields follow: the whole log has no criteria.
  await expect(search.getByLabel('Brugernavn')).toHaveValue('');
  await expect(search.getByLabel('Borger nr.')).toHaveValue('');
  await expect(search.getByLabel('Borger nr.')).not.toHaveAttribute('aria-invalid', 'true');

  // By period: a period that ends before it starts is refused at "Til og med".
  await search.getByLabel('Fra og med').fill('2026-03-02');
  await search.getByLabel('Til og med').fill('2026-03-01');
  await search.getByRole('button', { name: 'Søg' }).click();
  await expect(search.getByLabel('Til og med')).toHaveAttribute('aria-invalid', 'true');
  await expect(search.getByLabel('Til og med')).toBeFocused();
  await expect(search).toContainText('»Til og med« ligger før »Fra og med«');
  await expect(page).not.toHaveURL(/fra=/);
  await expectAccessible(page);
  // A day only partly typed is not taken for an empty field.
  await search.getByLabel('Fra og med').fill('');
  await search.getByLabel('Til og med').fill('');
  await search.getByLabel('Fra og med').focus();
  await page.keyboard.type('03');
  await search.getByRole('button', { name: 'Søg' }).click();
  await expect(search.getByLabel('Fra og med')).toHaveAttribute('aria-invalid', 'true');
  await expect(search).toContainText('Skriv en hel dato, der findes');
  await expect(page).not.toHaveURL(/side=1&/);
  // A month long before the demo data: nothing; from then on: everything.
  await search.getByLabel('Fra og med').fill('2020-01-01');
  await search.getByLabel('Til og med').fill('2020-01-31');
  await search.getByRole('button', { name: 'Søg' }).click();
  await expect(page).toHaveURL(/fra=2020-01-01&til=2020-01-31/);
  await expect(page.locator('.audit-log caption')).toHaveText(/^Log: 0 hændelser, der passer til søgningen/);
  await expect(search.getByLabel('Til og med')).not.toHaveAttribute('aria-invalid', 'true');
  await search.getByLabel('Til og med').fill('');
  await search.getByRole('button', { name: 'Søg' }).click();
  await expect(page).toHaveURL(/fra=2020-01-01$/);
  await expect(rows.first()).toBeVisible();
  await page.getByRole('link', { name: 'Vis hele loggen' }).click();
  await expect(search.getByLabel('Fra og med')).toHaveValue('');

  // A page past the last shows the last; paging moves focus to the table.
  await page.goto('/systemadministration/log?side=999');
  await expect(page.locator('.audit-log caption')).toHaveText(/side (\d+) af \1$/);
  await expect(page.locator('.audit-log caption')).not.toHaveText(/side 1 af 1$/);
  await page.getByRole('link', { name: 'Forrige side' }).click();
  await expect(page.locator('.audit-log .table--responsive-scroll')).toBeFocused();

  // By borger: the 51 openings are there, over two pages.
  await page.goto('/systemadministration/log?handling=aabnet_borgeroverblik&borger=1&bruger=pension');
  await expect(page.locator('.audit-log caption')).toHaveText(/^Log: \d+ hændelser, der passer til søgningen, side 1 af [2-9]/);
  await expect(page.getByRole('search').getByLabel('Borger nr.')).toHaveValue('1');
});

test('at 375 px a wide table scrolls in its region, never the page', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
  await login(page, 'ydelse');
  await page.goto('/mine-opgavepakker');
  await page.locator('main a[href^="/mine-opgavepakker/"]').first().click();
  await expect(page.locator('.task-table tbody tr').first()).toBeVisible();
  // The table is wider than the screen (its region scrolls), the page is not.
  expect(await page.evaluate(() => (document.querySelector('.task-table') as HTMLElement).scrollWidth)).toBeGreaterThan(375);
  expect(await pageWidth()).toBeLessThanOrEqual(375);
  await page.context().clearCookies();
  await login(page, 'admin');
  for (const path of ['/systemadministration/roller', '/systemadministration/brugere']) {
    await page.goto(path);
    await expect(page.locator('main table tbody tr').first()).toBeVisible();
    expect(await pageWidth(), path).toBeLessThanOrEqual(375);
  }
});

test('the task list shows every column without scrolling from 1366 px', async ({ page }) => {
  await login(page, 'ydelse');
  for (const width of [1366, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/mine-opgavepakker');
    await page.locator('main a[href^="/mine-opgavepakker/"]').first().click();
    await expect(page.locator('.task-table tbody tr').first()).toBeVisible();
    const { region, table } = await page.evaluate(() => ({
      region: (document.querySelector('.table--responsive-scroll') as HTMLElement).clientWidth,
      table: (document.querySelector('.task-table') as HTMLElement).scrollWidth,
    }));
    expect(table, `table ${table} px in a ${region} px frame at ${width} px`).toBeLessThanOrEqual(region);
    await expect(page.getByRole('columnheader', { name: 'Status' })).toBeInViewport();
    await expect(page.getByRole('columnheader', { name: 'Taget af' })).toBeInViewport();
  }
  await expectAccessible(page);
});
