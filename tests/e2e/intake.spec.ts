import { test, expect } from '@playwright/test';
import { login, expectAccessible, screenshot, danishDay } from './helpers';
import { PDF, DAMAGED_PDF, PNG, messageId, credential, source, someBorger, countCell, parseCount, danishCount, markPage, expectNotReloaded, openPreview, myPackagesCount, inPackage, newPage } from './intake-api';
import { POST_PACKAGE, api, packageKey, tasksPage, roleIds, createPackage } from './casework-api';

// Work that arrives by itself (issue 9): the intake API of the source
// systems, with credentials an admin creates, and what the caseworker sees:
// live counts and lists, the task's history, the eFaktura info box and
// automatic processing. Runs against a server started with
// `--reset --demo-tasks 3000` (no simulated source).

const OPRET_BEVILLING = 2;
const BEHANDL_EFAKTURA_APOE = 19;
const BEHANDL_EFAKTURA_EYAY = 20;
const UDVIDET_HELBREDSTILLAEG = 4;

test('an application from self-service appears in "Post fra selvbetjening" without a reload and is processed through Modtag post', async ({ page, baseURL }) => {
  const admin = await api(baseURL, 'admin');
  const worker = await api(baseURL, 'pension');
  const selvbetjening = await source(baseURL, await credential(admin, 'selvbetjening'));
  const borger = await someBorger(worker);
  const key = await packageKey(worker, POST_PACKAGE);

  const { cell, before } = await myPackagesCount(page, 'pension', POST_PACKAGE);
  await markPage(page);
  // Focus stays where the user is while the list refreshes.
  const link = page.getByRole('link', { name: POST_PACKAGE });
  await link.focus();

  // A request for reimbursement always becomes Modtag post (kilde Selvbetjening).
  const form = new FormData();
  form.append(
    'indsendelse',
    JSON.stringify({ besked_id: messageId('refusion'), formular: 'anmodning_om_refusion', cpr: borger.cpr, sagstype: UDVIDET_HELBREDSTILLAEG, paa_vegne_af: false }),
  );
  form.append('hoveddokument', new Blob([PDF], { type: 'application/pdf' }), 'anmodning.pdf');
  form.append('dokumentation', new Blob([PNG], { type: 'image/png' }), 'kvittering.png');
  const res = await selvbetjening.post('/api/intake/selvbetjening', { multipart: form });
  expect(res.status(), await res.text()).toBeLessThan(300);
  const answer = await res.json();
  expect(answer.opgave_id).toBeTruthy();
  expect(answer.tilknyttet_opgave).toBe(false);
  const taskId: number = answer.opgave_id;

  // The count goes up on screen within the 2-second poll, with no reload and focus kept.
  await expect(cell).toHaveText(danishCount(before + 1), { timeout: 4_000 });
  await expectNotReloaded(page);
  await expect(link).toBeFocused();
  // The total follows the count, but as a plain paragraph: no live region announces every poll.
  const packageSummary = page.locator('p.package-summary');
  await expect(packageSummary).toContainText('Du har adgang til');
  await expect(packageSummary).not.toHaveAttribute('role', /.+/);
  await expect(page.locator('[role="status"], [aria-live]').filter({ hasText: 'Du har adgang til' })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, 'intake-1-mine-opgavepakker');

  // The package's list (newest first) has it; the caseworker takes it.
  await page.goto(`/mine-opgavepakker/${encodeURIComponent(key)}?side=1&sortering=nyeste_foerst`);
  const row = page.locator(`#opgave-${taskId}`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('Selvbetjening');
  await row.getByRole('button', { name: /^Tag opgave/ }).click();
  await expect(page).toHaveURL(new RegExp(`/opgave/${taskId}`));
  await expect(page.getByRole('heading', { level: 2, name: /Bestem behandling/ })).toBeVisible();
  await expect(page.getByRole('table', { name: /Dokumenter i posten/ })).toContainText('(selvbetjening)');

  // The history: what arrived, when; the tabs work by keyboard.
  await expect(page.getByRole('heading', { level: 2, name: 'Historik' })).toBeVisible();
  await expect(page.getByRole('tablist', { name: 'Historik' })).toBeVisible();
  const forloeb = page.getByRole('tab', { name: /Opgaveforløb/ });
  const nye = page.getByRole('tab', { name: /Nye hændelser/ });
  await expect(nye.locator('.badge')).toHaveText(/^\d+$/);
  await forloeb.click();
  await expect(forloeb).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: /Opgaveforløb/ })).toContainText(/selvbetjening/i);
  await expect(page.getByRole('tabpanel', { name: /Opgaveforløb/ })).toContainText(/\d{2}\.\d{2}\.\d{4} kl\. \d{2}:\d{2}/);
  await page.keyboard.press('ArrowRight');
  await expect(nye).toBeFocused();
  await expect(nye).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: /Nye hændelser/ })).toBeVisible();
  await expect(page.getByRole('tabpanel', { name: /Opgaveforløb/ })).toBeHidden();
  await page.keyboard.press('Home');
  await expect(forloeb).toBeFocused();
  await expectAccessible(page);
  await screenshot(page, 'intake-1-opgave');

  // Modtag post: no action needed for this post; through to "Afslut".
  await page.getByRole('radio', { name: 'Ingen handling' }).check();
  const summary = page.getByRole('heading', { level: 2, name: /Opsummering/ });
  for (let i = 0; i < 3 && !(await summary.isVisible()); i++) {
    await page.getByRole('button', { name: 'Næste' }).click();
    await expect(page.getByRole('heading', { level: 2, name: /Dokumenter|Opsummering/ })).toBeVisible();
  }
  await expect(summary).toBeVisible();
  await page.getByRole('button', { name: 'Afslut' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Modtag post er afsluttet' })).toBeVisible();
  const done = await (await worker.get(`/api/tasks/${taskId}`)).json();
  expect(done.opgave.status).toBe('afsluttet');
  expect((await tasksPage(worker, key, 1, 'nyeste_foerst', 500)).opgaver.map((t) => t.id)).not.toContain(taskId);

  // Back on Mine opgavepakker the count is down again.
  await page.getByRole('link', { name: 'Mine opgavepakker' }).first().click();
  await expect(countCell(page, POST_PACKAGE)).toHaveText(danishCount(before), { timeout: 4_000 });
  await selvbetjening.dispose();
  await admin.dispose();
  await worker.dispose();
});

test("the editor's preview follows new work from snapshot deltas, without fetching the whole snapshot again", async ({ page, baseURL }) => {
  const admin = await api(baseURL, 'admin');
  const worker = await api(baseURL, 'pension');
  const selvbetjening = await source(baseURL, await credential(admin, 'selvbetjening'));
  const borger = await someBorger(worker);
  const key = await packageKey(worker, POST_PACKAGE);
  const snapshotRequests: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/tasks/snapshot')) snapshotRequests.push(path);
  });

  await login(page, 'admin');
  const shown = await openPreview(page, key);
  const before = await shown();
  await markPage(page);

  const form = new FormData();
  form.append(
    'indsendelse',
    JSON.stringify({ besked_id: messageId('preview'), formular: 'anmodning_om_refusion', cpr: borger.cpr, sagstype: UDVIDET_HELBREDSTILLAEG, paa_vegne_af: false }),
  );
  form.append('hoveddokument', new Blob([PDF], { type: 'application/pdf' }), 'anmodning.pdf');
  const res = await selvbetjening.post('/api/intake/selvbetjening', { multipart: form });
  expect(res.status(), await res.text()).toBeLessThan(300);

  // Within a poll or two the preview counts the new task, with no reload,
  // having asked only for what changed since the version it holds.
  await expect.poll(shown, { timeout: 6_000 }).toBe(before + 1);
  await expectNotReloaded(page);
  expect(snapshotRequests.filter((p) => p === '/api/tasks/snapshot')).toHaveLength(1);
  expect(snapshotRequests.filter((p) => p === '/api/tasks/snapshot/delta').length).toBeGreaterThan(0);
  // The patched preview is the server's preview of the same filter.
  const versions: Array<{ filter: unknown }> = await (await admin.get(`/api/packages/${encodeURIComponent(key)}`)).json();
  const server = await (await admin.post('/api/packages/preview', { data: { filter: versions[0].filter } })).json();
  expect(server.antal).toBe(before + 1);
  await expectAccessible(page);
  await selvbetjening.dispose();
  await admin.dispose();
  await worker.dispose();
});

test('an eFaktura with one damaged attachment: the task names the attachment and why in an info box', async ({ page, baseURL }) => {
  const admin = await api(baseURL, 'admin');
  const worker = await api(baseURL, 'oekonomi');
  const key = await createPackage(admin, 'eFaktura (e2e)', [BEHANDL_EFAKTURA_APOE, BEHANDL_EFAKTURA_EYAY], await roleIds(worker));
  const efaktura = await source(baseURL, await credential(admin, 'efaktura'));
  const pension = await api(baseURL, 'pension');
  const borger = await someBorger(pension);
  await pension.dispose();

  await login(page, 'oekonomi');
  await page.goto(`/mine-opgavepakker/${encodeURIComponent(key)}?side=1&sortering=nyeste_foerst`);
  await expect(page.getByRole('heading', { level: 1, name: 'eFaktura (e2e)' })).toBeVisible();
  await markPage(page);

  const form = new FormData();
  form.append(
    'faktura',
    JSON.stringify({ besked_id: messageId('efaktura'), cpr: borger.cpr, fakturanummer: 'F-2026-0042', leverandoer: 'Synsam Danmark A/S', beloeb_oere: 123450, ordning: 'eyay' }),
  );
  form.append('faktura_dokument', new Blob([PDF], { type: 'application/pdf' }), 'faktura.pdf');
  form.append('bilag', new Blob([PNG], { type: 'image/png' }), 'recept.png');
  form.append('bilag', new Blob([DAMAGED_PDF], { type: 'application/pdf' }), 'kvittering.pdf');
  const res = await efaktura.post('/api/intake/efaktura', { multipart: form });
  expect(res.status(), await res.text()).toBeLessThan(300);
  const answer = await res.json();
  expect(answer.attached_documents_failed).toBe(true);
  expect(answer.fejlede_bilag).toEqual([{ filnavn: 'kvittering.pdf', fejl: 'beskadiget' }]);
  const taskId: number = answer.opgave_id;

  // The new Behandl eFaktura task shows up in the package's list by itself.
  const row = page.locator(`#opgave-${taskId}`);
  await expect(row).toBeVisible({ timeout: 4_000 });
  await expectNotReloaded(page);
  await row.getByRole('button', { name: /^Tag opgave/ }).click();
  await expect(page).toHaveURL(new RegExp(`/opgave/${taskId}`));

  const invoice = page.getByRole('region', { name: 'Faktura', exact: true });
  await expect(invoice).toContainText('F-2026-0042');
  await expect(invoice).toContainText('Synsam Danmark A/S');
  await expect(invoice).toContainText('1.234,50 kr.');
  const box = invoice.locator('.alert.alert-info');
  await expect(box).toContainText('Et fakturabilag kunne ikke modtages');
  await expect(box.getByRole('listitem')).toHaveText(['kvittering.pdf: Filen er beskadiget']);
  // The valid attachment is a document like any other, of category Fakturabilag.
  const docs = page.getByRole('table', { name: /Dokumenter/ });
  await expect(docs).toContainText('Fakturabilag');
  await expect(docs).not.toContainText('kvittering.pdf');
  await expectAccessible(page);
  await screenshot(page, 'intake-2-efaktura');
  await efaktura.dispose();
  await admin.dispose();
  await worker.dispose();
});

test('automatic processing: the application is in no package until its formue event arrives, then it is', async ({ page, browser, baseURL }) => {
  const admin = await api(baseURL, 'admin');
  const worker = await api(baseURL, 'pension');
  const key = await createPackage(admin, 'Opret bevilling, intake (e2e)', [OPRET_BEVILLING], await roleIds(worker));

  // The admin turns automatic processing on for udvidet helbredstillæg from today.
  const today = danishDay(0);
  const versions = await admin.get('/api/parameters/automatisk_sagsbehandling/versions');
  expect(versions.status(), await versions.text()).toBe(200);
  const current = (await versions.json()) as Array<{ gyldig_fra: string; gyldig_til: string | null; value: { vaerdi: number[] } }>;
  const valid = current.find((v) => v.gyldig_fra <= today && (!v.gyldig_til || v.gyldig_til >= today));
  if (!valid || !valid.value.vaerdi.includes(UDVIDET_HELBREDSTILLAEG)) {
    const saved = await admin.post('/api/parameters/automatisk_sagsbehandling', {
      headers: { 'If-Match': versions.headers()['etag'] ?? '"0"' },
      data: {
        value: { noegle: 'automatisk_sagsbehandling', vaerdi: [...(valid?.value.vaerdi ?? []), UDVIDET_HELBREDSTILLAEG] },
        aendringsaarsag: 'e2e: automatisk sagsbehandling af udvidet helbredstillæg',
        gyldig_fra: today,
        gyldig_til: null,
      },
    });
    expect(saved.status(), await saved.text()).toBe(201);
  }

  // A borger with no ongoing Opret bevilling (so the application starts one).
  const borger = await someBorger(worker, async (id) => {
    const o = await (await worker.get(`/api/citizens/${id}`)).json();
    return !o.aabne_opgaver.some((t: { opgavetype: number }) => t.opgavetype === OPRET_BEVILLING);
  });
  const selvbetjening = await source(baseURL, await credential(admin, 'selvbetjening'));
  const form = new FormData();
  form.append(
    'indsendelse',
    JSON.stringify({ besked_id: messageId('ansoegning'), formular: 'ansoegning', cpr: borger.cpr, sagstype: UDVIDET_HELBREDSTILLAEG, paa_vegne_af: false }),
  );
  form.append('hoveddokument', new Blob([PDF], { type: 'application/pdf' }), 'ansoegning.pdf');
  const res = await selvbetjening.post('/api/intake/selvbetjening', { multipart: form });
  expect(res.status(), await res.text()).toBeLessThan(300);
  const answer = await res.json();
  const taskId: number = answer.opgave_id;
  expect(taskId).toBeTruthy();

  // Under automatic processing: in no package, and the task page says so.
  // The caseworker reads it with Borgeropslag, as from the Borgeroverblik
  // (the systemadministrator has no casework rights).
  const detail = await (await worker.get(`/api/tasks/${taskId}`)).json();
  expect(detail.automatisk).toBe(true);
  expect(await inPackage(worker, key, taskId)).toBe(false);
  const adminPage = await newPage(browser, baseURL, 'pension');
  await adminPage.goto(`/opgave/${taskId}`);
  const auto = adminPage.locator('.alert.alert-info').filter({ hasText: 'Opgaven er under automatisk sagsbehandling' });
  await expect(auto).toBeVisible();
  await expect(auto).toContainText('formue');
  await expectAccessible(adminPage);
  await screenshot(adminPage, 'intake-3-automatisk');
  await adminPage.context().close();

  // The caseworker watches the package: not there …
  await login(page, 'pension');
  await page.goto(`/mine-opgavepakker/${encodeURIComponent(key)}?side=1&sortering=nyeste_foerst`);
  await expect(page.getByRole('heading', { level: 1, name: 'Opret bevilling, intake (e2e)' })).toBeVisible();
  await expect(page.locator('tbody tr').first().or(page.getByText('Ingen åbne opgaver i pakken'))).toBeVisible();
  await markPage(page);
  const row = page.locator(`#opgave-${taskId}`);
  await page.waitForTimeout(2_500);
  await expect(row).toHaveCount(0);

  // … until Udbetaling Danmark sends the borger's formue.
  const haendelser = await source(baseURL, await credential(admin, 'haendelser'));
  const ev = await haendelser.post('/api/intake/haendelser', {
    data: { besked_id: messageId('formue'), haendelser: [{ type: 'formue', cpr: borger.cpr, beloeb_oere: 5_000_000, gyldig_fra: today }] },
  });
  expect(ev.status(), await ev.text()).toBeLessThan(300);
  const evAnswer = await ev.json();
  expect(evAnswer.resultater).toHaveLength(1);
  expect(evAnswer.resultater[0].opgave_ider).toContain(taskId);

  await expect(row).toBeVisible({ timeout: 4_000 });
  await expectNotReloaded(page);
  expect(await inPackage(worker, key, taskId)).toBe(true);
  await expectAccessible(page);
  await screenshot(page, 'intake-3-faldet-ud');

  // The task says it fell out to manual processing, and why.
  await page.goto(`/opgave/${taskId}`);
  const fellOut = page.locator('.alert.alert-info').filter({ hasText: 'Opgaven er faldet ud til manuel behandling' });
  await expect(fellOut).toContainText('Formue modtaget fra Udbetaling Danmark');

  // The Borgeroverblik lists the event received.
  await page.goto(`/borger/${borger.id}`);
  const events = page.getByRole('region', { name: 'Hændelser', exact: true });
  await expect(events.getByRole('row')).not.toHaveCount(0);
  await expect(events).toContainText(/[Ff]ormue/);
  await expectAccessible(page);
  await screenshot(page, 'intake-3-borgeroverblik-haendelser');
  await selvbetjening.dispose();
  await haendelser.dispose();
  await admin.dispose();
  await worker.dispose();
});

test('live lists ask with If-None-Match every 2 s, get 304 when nothing changed, and pause while the tab is hidden', async ({ page }) => {
  const polls: Array<{ tag: string | undefined; status: number }> = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname === '/api/my/packages') polls.push({ tag: r.request().headers()['if-none-match'], status: r.status() });
  });
  await login(page, 'pension');
  await expect(countCell(page, POST_PACKAGE)).toHaveText(/\d/);
  // Two polls after the first answer: with its tag, answered 304.
  await expect.poll(() => polls.length, { timeout: 6_000 }).toBeGreaterThanOrEqual(3);
  expect(polls[0].tag).toBeUndefined();
  expect(polls.slice(1).every((p) => p.tag && p.status === 304)).toBe(true);

  // Hidden: no requests at all.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
  const whileHidden = polls.length;
  await page.waitForTimeout(4_500);
  expect(polls.length).toBe(whileHidden);
  // Shown again: it asks at once.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
  await expect.poll(() => polls.length, { timeout: 1_000 }).toBeGreaterThan(whileHidden);
});
