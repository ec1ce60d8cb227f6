import { test, expect, request as playwrightRequest, type Page } from '@playwright/test';
import { login, expectAccessible, screenshot, danishDay, nextStep } from './helpers';
import { MODTAG_POST, POST_PACKAGE, api, packageKey, tasksPage, findCaseTask, selection, roleIds, createPackage } from './casework-api';

// Issue 12: Opret bevilling after Modtag post (seed 001), and Behandl
// eFaktura with its attachments (seed 002 §3.1–3.2). Runs against a server
// started with `--reset --demo-tasks 3000`; each test makes its own package,
// so it does not depend on what other tests took.

const OPRET_BEVILLING = 2;
const BEHANDL_EFAKTURA_APOE = 19;
const BEHANDL_EFAKTURA_EYAY = 20;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const DAMAGED_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** Opens the task and takes it with "Tag opgave". */
async function take(page: Page, taskId: number) {
  await page.goto(`/opgave/${taskId}`);
  await page.getByRole('button', { name: 'Tag opgave' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /Trin 1 af/ })).toBeVisible();
}

test('Modtag post → Opret opgave → Opret bevilling → Sagsoplysninger → Tilføj ydelse → Afslut: the case in the Borgeroverblik with the document', async ({ page, baseURL }) => {
  const admin = await api(baseURL, 'admin');
  const worker = await api(baseURL, 'pension');
  await createPackage(admin, 'Opret bevilling (bevilling e2e)', [OPRET_BEVILLING], await roleIds(worker));
  // A Modtag post without a Fuldmagt.
  const key = await packageKey(worker, POST_PACKAGE);
  let post: { id: number } | undefined;
  for (let p = 1; p <= 10 && !post; p++) {
    for (const row of (await tasksPage(worker, key, p, 'nyeste_foerst', 50)).opgaver) {
      if (row.opgavetype !== MODTAG_POST || row.taget_af) continue;
      const d = await (await worker.get(`/api/tasks/${row.id}`)).json();
      if (!d.kraever_fuldmagt && d.borger && d.dokumenter.length > 0) {
        post = row;
        break;
      }
    }
  }
  expect(post, 'a Modtag post without a Fuldmagt').toBeTruthy();

  await login(page, 'pension');
  await take(page, post!.id);
  await page.getByRole('radio', { name: 'Opret opgave' }).check();
  await page.getByLabel('Opgave der skal oprettes').selectOption({ label: 'Opret bevilling' });
  await nextStep(page, 'Dokumenter', 'bevilling-0-modtag-post-dokumenter');
  await nextStep(page, 'Opsummering', 'bevilling-0-modtag-post-opsummering');
  await page.getByRole('button', { name: 'Afslut' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Modtag post er afsluttet' })).toBeVisible();

  // Open the new Opret bevilling and take it: its own wizard, not "Behandl opgave".
  await page.getByRole('link', { name: 'Åbn den nye opgave' }).click();
  await page.getByRole('button', { name: 'Tag opgave' }).click();
  const step1 = page.getByRole('heading', { level: 2, name: /Sagsoplysninger/ });
  await expect(step1).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Trin i Opret bevilling' })).toContainText('Tilføj ydelse til bevilling');
  // Nothing chosen: "Næste" says what is missing, at the fields too.
  await page.getByRole('button', { name: 'Næste' }).click();
  await expect(page.locator('#wizard-fejl')).toContainText('Vælg en sagstype.');
  await expect(page.locator('#wizard-fejl')).toContainText('Angiv bevillingens startdato.');
  await expect(page.locator('#sagstype')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await screenshot(page, 'bevilling-1-sagsoplysninger-fejl');
  // A sagstype with one pension type has it chosen already; one with several asks.
  await page.getByLabel('Sagstype').selectOption({ label: 'Folkepension' });
  await expect(page.getByLabel('Pensionstype').locator('option:checked')).toHaveText('Folkepension');
  await page.getByLabel('Sagstype').selectOption({ label: 'Førtidspension' });
  await expect(page.getByLabel('Pensionstype').locator('option:checked')).toHaveText('Vælg');
  await page.getByLabel('Sagstype').selectOption({ label: 'Udvidet helbredstillæg' });
  await expect(page.getByLabel('Pensionstype')).toHaveCount(0);
  await expect(page.getByLabel('Ydelse', { exact: true })).toHaveValue('17');
  await page.getByLabel('Administrativ enhed').selectOption({ label: 'Helbredstillæg' });
  await page.getByLabel('Bevillingens startdato').fill(danishDay(0));
  // Asked only where the sagstype is under automatic processing today; the summary follows.
  const automaticAsked = (await page.getByRole('group', { name: 'Automatisk sagsbehandling' }).count()) > 0;
  await expectAccessible(page);
  await screenshot(page, 'bevilling-1-sagsoplysninger');

  await nextStep(page, 'Tilføj ydelse til bevilling', 'bevilling-2-tilfoej-ydelse');
  const line = page.getByRole('group', { name: 'Ydelse 1' });
  await line.getByLabel('Beløb (kr.)').fill('12,345');
  await line.getByLabel('Periode fra').fill(danishDay(0));
  await page.getByRole('button', { name: 'Næste' }).click();
  await expect(page.locator('#wizard-fejl')).toContainText('højst to decimaler');
  await line.getByLabel('Beløb (kr.)').fill('1.250,50');
  // A second line, then removed again: nothing else is lost.
  await page.getByRole('button', { name: 'Tilføj endnu en ydelse' }).click();
  await expect(page.getByRole('group', { name: 'Ydelse 2' }).getByLabel('Ydelse', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Fjern ydelse 2' }).click();
  await expect(line.getByLabel('Beløb (kr.)')).toHaveValue('1.250,50');

  await nextStep(page, 'Dokumenter', 'bevilling-3-dokumenter');
  // A document without a form mapping can be renamed and given a category.
  const editors = page.locator('.doc-editor');
  let renamed: string | undefined;
  if ((await editors.count()) > 0) {
    renamed = 'Regning fra optiker';
    await editors.first().getByLabel('Nyt navn (valgfrit)').fill(renamed);
    await editors.first().getByLabel('Dokumentkategori').selectOption({ label: 'Faktura' });
  }
  await nextStep(page, 'Opsummering', 'bevilling-4-opsummering');
  const summary = page.locator('.summary-list');
  await expect(summary).toContainText('Udvidet helbredstillæg – briller');
  await expect(summary).toContainText('1.250,50 kr.');
  if (automaticAsked) await expect(summary).toContainText('Automatisk sagsbehandling');
  else await expect(summary).not.toContainText('Automatisk sagsbehandling');
  await page.getByRole('button', { name: 'Afslut' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Opret bevilling er afsluttet' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'bevilling-5-afsluttet');

  // The new case is in the Borgeroverblik, with the document moved to it.
  await page.getByRole('link', { name: 'Gå til Borgeroverblik' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Borgeroverblik');
  await expect(page.getByRole('table', { name: /Sager/ })).toContainText('Udvidet helbredstillæg – briller');
  if (renamed) await expect(page.getByRole('table', { name: /Dokumenter/ })).toContainText(renamed);
  await expectAccessible(page);
  await screenshot(page, 'bevilling-6-borgeroverblik');
  const url = page.url();
  const citizenId = Number(url.split('/').filter(Boolean).pop());
  const tilfoej = await selection(worker, citizenId, 'tilfoej_ydelse');
  expect(tilfoej.valgbare.map((s) => s.titel)).toContain('Udvidet helbredstillæg – briller');
  await admin.dispose();
  await worker.dispose();
});

test('Behandl eFaktura: the attachment info box, the case from the Sagsvælger, a refusal with its reason', async ({ page, baseURL }) => {
  const admin = await api(baseURL, 'admin');
  const worker = await api(baseURL, 'oekonomi');
  await createPackage(admin, 'eFaktura (bevilling e2e)', [BEHANDL_EFAKTURA_APOE, BEHANDL_EFAKTURA_EYAY], await roleIds(worker));
  const created = await admin.post('/api/admin/credentials', { data: { navn: `e2e efaktura ${Date.now()}`, kind: 'efaktura' } });
  expect(created.status()).toBe(201);
  const efaktura = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${(await created.json()).token}` } });
  const pension = await api(baseURL, 'pension');
  const found = await findCaseTask(pension, Array.from({ length: 60 }, (_, i) => i + 1), async (id) => (await selection(pension, id, 'behandl_efaktura')).valgbare.length > 0);
  const borger = (await (await pension.get(`/api/tasks/${found.taskId}`)).json()).borger;
  await pension.dispose();

  const form = new FormData();
  form.append('faktura', JSON.stringify({ besked_id: `e2e-bevilling-${Date.now()}`, cpr: borger.cpr, fakturanummer: 'F-2026-0099', leverandoer: 'Louis Nielsen', beloeb_oere: 99900, ordning: 'eyay' }));
  form.append('faktura_dokument', new Blob([PDF], { type: 'application/pdf' }), 'faktura.pdf');
  form.append('bilag', new Blob([PNG], { type: 'image/png' }), 'recept.png');
  form.append('bilag', new Blob([DAMAGED_PDF], { type: 'application/pdf' }), 'kvittering.pdf');
  const res = await efaktura.post('/api/intake/efaktura', { multipart: form });
  expect(res.status(), await res.text()).toBeLessThan(300);
  const taskId: number = (await res.json()).opgave_id;

  await login(page, 'oekonomi');
  await take(page, taskId);
  const box = page.getByRole('region', { name: 'Faktura', exact: true }).locator('.alert.alert-info');
  await expect(box).toContainText('Et fakturabilag kunne ikke modtages');
  await expect(box.getByRole('listitem')).toHaveText(['kvittering.pdf: Filen er beskadiget']);
  await expect(page.getByRole('table', { name: /faktura og bilag/ })).toContainText('Fakturabilag');
  await expectAccessible(page);
  await screenshot(page, 'efaktura-1-faktura');

  await nextStep(page, 'Vælg sag', 'efaktura-2-vaelg-sag');
  await page.getByRole('button', { name: 'Næste' }).click();
  await expect(page.locator('#wizard-fejl')).toContainText('Vælg den sag, fakturaen hører til');
  await page.locator('.case-selector-table').getByRole('radio').first().check();
  await nextStep(page, 'Afgørelse', 'efaktura-3-afgoerelse');
  await page.getByRole('radio', { name: 'Afvis fakturaen' }).check();
  await page.getByRole('button', { name: 'Næste' }).click();
  await expect(page.locator('#wizard-fejl')).toContainText('Skriv en begrundelse for, at fakturaen afvises.');
  await page.getByLabel('Begrundelse for afvisningen').fill('Udgiften er ikke dækket af bevillingen.');
  await nextStep(page, 'Opsummering', 'efaktura-4-opsummering');
  await expect(page.locator('.summary-list')).toContainText('Afvis fakturaen');
  await page.getByRole('button', { name: 'Afslut' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Behandl eFaktura er afsluttet' })).toBeVisible();
  await expect(page.locator('.decision-record')).toContainText('Fakturaen er afvist. Begrundelse: Udgiften er ikke dækket af bevillingen.');
  await expect(page.locator('.decision-record')).toContainText('Fakturaen og 1 bilag er knyttet til sagen');
  await expectAccessible(page);
  await screenshot(page, 'efaktura-5-afsluttet');
  await efaktura.dispose();
  await admin.dispose();
  await worker.dispose();
});
