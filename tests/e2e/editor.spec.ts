import { test, expect, request as playwrightRequest, type Page, type APIRequestContext } from '@playwright/test';
import { login, expectAccessible, screenshot, PASSWORD, danishDay } from './helpers';
// Each editor field's DOM id, error id and label, generated from
// domain::package::PackageField (checked by crates/domain/tests/fields_json.rs).
import fields from './fields.json';

type Field = keyof typeof fields;

// The package editor, its live preview, history and role administration,
// against the real server with demo data.

type Draft = {
  navn: string;
  beskrivelse?: string;
  filter: Record<string, unknown>;
  roller: number[];
  aendringsaarsag?: string;
  gyldig_fra: string;
  gyldig_til?: string | null;
};

async function apiLogin(baseURL: string | undefined, username: string): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL });
  const res = await ctx.post('/api/session', { data: { username, password: PASSWORD } });
  expect(res.status()).toBe(200);
  return ctx;
}

async function roleIds(api: APIRequestContext): Promise<Map<string, number>> {
  const roles: Array<{ id: number; navn: string }> = await (await api.get('/api/roles')).json();
  return new Map(roles.map((r) => [r.navn, r.id]));
}

/** The number the live preview shows now ("1.234 opgaver" → 1234). */
async function previewCount(page: Page): Promise<number> {
  const text = await page.locator('.preview-count strong').innerText();
  return Number(text.replace(/[^0-9]/g, ''));
}

async function serverCount(api: APIRequestContext, filter: Record<string, unknown>): Promise<number> {
  const res = await api.post('/api/packages/preview', { data: { filter } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).antal;
}

/** Opens every task type group: they are collapsed accordions that render no checkboxes until opened. */
async function openTaskTypeGroups(page: Page) {
  const closed = page.locator('.task-type-group .accordion-button[aria-expanded="false"]');
  while ((await closed.count()) > 0) await closed.first().click();
}

const uniqueName = (prefix: string) => `${prefix} ${Date.now().toString(36)}`;

test('(a) admin creates a package from a template, narrows it live, and caseworkers see it by role', async ({ page, baseURL }) => {
  const admin = await apiLogin(baseURL, 'admin');
  const roles = await roleIds(admin);

  await login(page, 'admin');
  await expect(page.getByRole('heading', { level: 1, name: 'Systemparameter – Søgning' })).toBeVisible();
  await page.getByLabel('Skabelon').selectOption({ label: 'Post fra selvbetjening' });
  await page.getByRole('button', { name: 'Opret fra skabelon' }).click();
  await expect(page).toHaveURL(/\/systemadministration\/opgavepakke\/ny\?skabelon=post-fra-selvbetjening/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Opret systemparameter');
  // The groups start collapsed; the one holding the template's types says how many are chosen.
  const chosenGroup = page.locator('.task-type-group .accordion-button', { hasText: /\d+ valgt/ });
  await expect(chosenGroup).toHaveCount(1);
  await expect(chosenGroup).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('checkbox', { name: 'Modtag post', exact: true })).toHaveCount(0);
  await chosenGroup.click();
  await expect(chosenGroup).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('checkbox', { name: 'Modtag post', exact: true })).toBeChecked();
  await expect(page.locator('.preview-count strong')).toBeVisible();
  const before = await previewCount(page);
  expect(before).toBeGreaterThan(0);

  const name = uniqueName('E2E Post 01-15');
  await page.getByRole('textbox', { name: fields.navn.label, exact: true }).fill(name);
  // Narrow with the CPR interval: the count follows without pressing anything.
  await page.getByLabel(fields.cpr_fra.label).pressSequentially('1');
  await page.getByLabel(fields.cpr_til.label).pressSequentially('15');
  await expect.poll(() => previewCount(page)).toBeLessThan(before);
  const narrowed = await previewCount(page);
  expect(narrowed).toBeGreaterThan(0);
  await expect(page.locator('.preview-panel')).toHaveAttribute('data-preview-ms', /^\d+(\.\d+)?$/);

  // The server agrees.
  await page.getByRole('button', { name: 'Afprøv på serveren' }).click();
  await expect(page.locator('.preview-server-result')).toContainText('Serveren bekræfter');

  await page.getByRole('checkbox', { name: 'Pension og helbredstillæg', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Økonomi', exact: true }).check();
  await page.getByLabel(fields.aendringsaarsag.label).fill('Ny pakke til post fra selvbetjening, dag 1-15');
  await page.getByRole('button', { name: 'Gem', exact: true }).click();

  await expect(page).toHaveURL(/\/historik\?gemt=\d+/);
  await expect(page.getByRole('status').filter({ hasText: 'Opgavepakken er gemt' })).toBeVisible();
  const key = decodeURIComponent(page.url().match(/opgavepakke\/([^/]+)\/historik/)![1]);
  await expect(page.locator('main')).toContainText(name);
  await expect(page.locator('main')).toContainText('Første version');

  // Stored as typed.
  const versions = await (await admin.get(`/api/packages/${key}`)).json();
  expect(versions[0].filter.cpr_fra).toBe(1);
  expect(versions[0].filter.cpr_til).toBe(15);
  expect(versions[0].roller.sort()).toEqual([roles.get('Pension og helbredstillæg'), roles.get('Økonomi')].sort());

  // A caseworker with one of the roles sees it with the same count.
  const pensionPage = await page.context().browser()!.newPage({ baseURL });
  await login(pensionPage, 'pension');
  await expect(pensionPage.getByRole('heading', { level: 1, name: 'Mine opgavepakker' })).toBeVisible();
  const row = pensionPage.locator('tr').filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row).toContainText(new Intl.NumberFormat('da-DK').format(narrowed));
  await pensionPage.close();

  // A caseworker without them does not, and the server refuses the tasks.
  const ydelsePage = await page.context().browser()!.newPage({ baseURL });
  await login(ydelsePage, 'ydelse');
  await expect(ydelsePage.getByRole('heading', { level: 1, name: 'Mine opgavepakker' })).toBeVisible();
  await expect(ydelsePage.locator('main')).not.toContainText(name);
  await ydelsePage.close();
  const ydelse = await apiLogin(baseURL, 'ydelse');
  expect((await ydelse.get(`/api/packages/${key}/tasks`)).status()).toBe(403);
  const pension = await apiLogin(baseURL, 'pension');
  const tasks = await (await pension.get(`/api/packages/${key}/tasks`)).json();
  expect(tasks.total).toBe(narrowed);
  await Promise.all([admin.dispose(), ydelse.dispose(), pension.dispose()]);
});

test('below 1200 px the count follows the edits in a bar at the window\'s foot, which leads to the preview', async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 900 });
  await login(page, 'admin');
  await page.goto('/systemadministration/opgavepakke/ny');
  const bar = page.locator('.preview-bar');
  const count = bar.locator('strong');
  await expect(count).toBeVisible();
  await expect(bar).toBeInViewport();
  const da = (n: number) => new Intl.NumberFormat('da-DK').format(n);
  const before = await previewCount(page);
  await expect(count).toHaveText(new RegExp(`^${da(before).replace('.', '\\.')} opgaver?$`));
  // The panel is far below the form; the bar follows each keystroke.
  await expect(page.locator('.preview-count')).not.toBeInViewport();
  const field = page.getByLabel(fields.cpr_fra.label);
  await field.pressSequentially('20');
  await expect.poll(() => previewCount(page)).toBeLessThan(before);
  await expect(count).toHaveText(new RegExp(`^${da(await previewCount(page)).replace('.', '\\.')} opgaver?$`));
  await expect(bar).toBeInViewport();
  // A field focused by keyboard is scrolled clear of the bar.
  const gem = page.getByRole('button', { name: 'Gem', exact: true });
  await gem.focus();
  const [g, b] = await Promise.all([gem.boundingBox(), bar.boundingBox()]);
  expect(g!.y + g!.height).toBeLessThanOrEqual(b!.y);
  await expectAccessible(page);
  await screenshot(page, 'editor-768-bar');
  await bar.getByRole('button', { name: 'Se afprøvning' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Afprøv opgavepakke' })).toBeFocused();
  await expect(page.locator('.preview-count')).toBeInViewport();
  // Beside the form, the panel shows the count itself.
  await page.setViewportSize({ width: 1280, height: 900 });
  await expect(bar).toBeHidden();
});

test('(b) saving on a stale version shows the newest beside the edits and loses nothing', async ({ page, baseURL }) => {
  const admin = await apiLogin(baseURL, 'admin');
  const roles = await roleIds(admin);
  const draft: Draft = {
    navn: uniqueName('E2E Konflikt'),
    filter: { opgavetyper: [2], relation: 'person' },
    roller: [roles.get('Økonomi')!],
    gyldig_fra: danishDay(0),
  };
  const created = await admin.post('/api/packages', { data: draft });
  expect(created.status(), await created.text()).toBe(201);
  const v1 = await created.json();

  await login(page, 'admin');
  await page.goto(`/systemadministration/opgavepakke/${v1.noegle}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(v1.noegle);
  const mineNavn = `${draft.navn} (min ændring)`;
  const mineBeskrivelse = 'Tekst jeg har skrevet, som ikke må gå tabt.';
  const mineAarsag = 'Min ændringsårsag';
  await page.getByRole('textbox', { name: fields.navn.label, exact: true }).fill(mineNavn);
  await page.getByLabel(fields.beskrivelse.label, { exact: true }).fill(mineBeskrivelse);
  await page.getByLabel(fields.cpr_fra.label).fill('3');
  await page.getByLabel(fields.aendringsaarsag.label).fill(mineAarsag);

  // Meanwhile someone else saves a new version.
  const other = await admin.post(`/api/packages/${v1.noegle}/versions`, {
    headers: { 'If-Match': `"${v1.version}"` },
    data: { ...draft, navn: `${draft.navn} (andens ændring)`, gyldig_fra: danishDay(1), aendringsaarsag: 'Anden admin' },
  });
  expect(other.status(), await other.text()).toBe(201);

  await page.getByRole('button', { name: 'Gem', exact: true }).click();
  const conflict = page.locator('.conflict');
  await expect(conflict).toContainText('En anden har gemt en nyere version');
  // Drawn at the form's top, far from "Gem": focus (and the window) moves to it.
  await expect(conflict).toBeFocused();
  await expect(conflict).toBeInViewport();
  await expect(conflict).toContainText(`Nyeste version: ${draft.navn} (andens ændring)`);
  await expect(conflict).toContainText(`Din ændring: ${mineNavn}`);
  // Everything typed is still there.
  await expect(page.getByRole('textbox', { name: fields.navn.label, exact: true })).toHaveValue(mineNavn);
  await expect(page.getByLabel(fields.beskrivelse.label, { exact: true })).toHaveValue(mineBeskrivelse);
  await expect(page.getByLabel(fields.cpr_fra.label)).toHaveValue('3');
  await expect(page.getByLabel(fields.aendringsaarsag.label)).toHaveValue(mineAarsag);
  await expectAccessible(page);
  await screenshot(page, 'editor-konflikt');

  // The new version must start after the newest one's: saving from the box
  // moves "Gyldig fra" to the first day it may, and says so.
  const day2 = danishDay(2).split('-').reverse().join('.');
  await expect(conflict).toContainText(`Gyldig fra flyttes: en ny version skal gælde fra en dato efter den nyeste versions gyldig fra (${danishDay(1).split('-').reverse().join('.')}). Gemmer du herfra, gælder din version fra ${day2}.`);
  await page.getByRole('button', { name: `Gem som ny version fra ${day2} oven på den nyeste` }).click();
  await expect(page).toHaveURL(/\/historik\?gemt=\d+/);
  await expect(page.locator('.version-list > li')).toHaveCount(3);
  await expect(page.locator('.version-list > li').first()).toContainText(mineAarsag);
  const saved = await (await admin.get(`/api/packages/${v1.noegle}`)).json();
  expect(saved[0].gyldig_fra).toBe(danishDay(2));
  await admin.dispose();
});

/** Presses Tab until the focused element matches `test` (evaluated in the page). */
async function tabTo(page: Page, describe: string, test: string, max = 400) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate((t) => {
      const el = document.activeElement as HTMLElement | null;
      // eslint-disable-next-line no-new-func
      return !!el && new Function('el', `return (${t});`)(el);
    }, test);
    if (hit) return;
  }
  throw new Error(`Tab never reached ${describe}`);
}

test('(c) the whole create-and-save flow by keyboard alone', async ({ page }) => {
  await login(page, 'admin');
  await expect(page.getByRole('heading', { level: 1, name: 'Systemparameter – Søgning' })).toBeVisible();
  await tabTo(page, 'Opret', `el.tagName === 'A' && el.textContent.trim() === 'Opret'`);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/opgavepakke\/ny$/);
  await expect(page.locator('.preview-count strong')).toBeVisible();

  const name = uniqueName('E2E Tastatur');
  await tabTo(page, 'Navn', `el.id === '${fields.navn.id}'`);
  await page.keyboard.type(name);
  await tabTo(page, 'the first task type group', `el.id === '${fields.opgavetyper.id}-gruppe-0'`);
  await page.keyboard.press('Enter');
  await expect(page.locator(`#${fields.opgavetyper.id}-gruppe-0`)).toHaveAttribute('aria-expanded', 'true');
  await tabTo(page, 'the first task type', `el.id === '${fields.opgavetyper.id}-1'`);
  await page.keyboard.press('Space');
  await expect(page.locator(`#${fields.opgavetyper.id}-gruppe-0`)).toContainText('1 valgt');
  await tabTo(page, 'CPR interval (fra)', `el.id === '${fields.cpr_fra.id}'`);
  await page.keyboard.type('1');
  await page.keyboard.press('Tab');
  await page.keyboard.type('15');
  await tabTo(page, 'Opgave relation', `el.name === 'relation'`);
  await page.keyboard.press('Space');
  await tabTo(page, 'a role', `el.name === 'roller' && el.labels[0].textContent.includes('Økonomi')`);
  await page.keyboard.press('Space');
  await tabTo(page, 'Gem', `el.tagName === 'BUTTON' && el.textContent.trim() === 'Gem'`);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/historik\?gemt=\d+/);
  await expect(page.locator('main')).toContainText(name);
});

test('(d) search, editor, history and role pages have no axe violations', async ({ page, baseURL }) => {
  await login(page, 'admin');
  await page.getByRole('button', { name: 'Vis systemparameter' }).click();
  const table = page.getByRole('table');
  await expect(table).toBeVisible();
  // Sortable by name: the header says how it is sorted.
  const nameHeader = table.getByRole('columnheader', { name: /Navn/ });
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  await nameHeader.getByRole('button').click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  const keyHeader = table.getByRole('columnheader', { name: /Nøgle/ });
  await keyHeader.getByRole('button').click();
  await expect(keyHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(nameHeader).toHaveAttribute('aria-sort', 'none');
  const keys = await table.locator('tbody th[scope=row] a').allInnerTexts();
  expect(keys.map((k) => k.replace(/ – historik$/, '').trim())).toEqual([...keys.map((k) => k.replace(/ – historik$/, '').trim())].sort());
  // Each row opens the package's editor, and its history from the key.
  const firstKey = keys[0].replace(/\s*–\s*historik$/, '').trim();
  await expect(table.getByRole('link', { name: new RegExp(`^Ret .*\\(${firstKey}\\)$`) })).toHaveAttribute('href', `/systemadministration/opgavepakke/${firstKey}`);
  await expectAccessible(page);
  await screenshot(page, 'systemparameter-soegning');

  // Editor, with the type descriptions open and every error showing.
  await page.getByRole('link', { name: 'Opret', exact: true }).click();
  await expect(page.locator('.preview-count strong')).toBeVisible();
  await page.locator('.task-type-group .accordion-button').first().click();
  await page.locator('.task-type-info summary').first().click();
  await expect(page.locator('.task-type-info').first()).toContainText('Anbefalet sagsudsøgning');
  await expectAccessible(page);
  await screenshot(page, 'editor');
  await page.getByRole('button', { name: 'Gem', exact: true }).click();
  await expect(page.locator('.error-summary')).toBeFocused();
  await expectAccessible(page);
  await screenshot(page, 'editor-fejl');

  // History of a demo package.
  const admin = await apiLogin(baseURL, 'admin');
  const packages: Array<{ noegle: string }> = await (await admin.get('/api/packages')).json();
  await admin.dispose();
  await page.goto(`/systemadministration/opgavepakke/${packages[0].noegle}/historik`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Historik');
  await expect(page.getByRole('link', { name: 'Rediger (ny version)' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'historik');

  await page.goto('/systemadministration/roller');
  await expect(page.getByRole('heading', { level: 1, name: 'Administrer roller' })).toBeVisible();
  await expect(page.getByRole('table')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'roller');
});

test('every validation rule shows one message at its field', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/systemadministration/opgavepakke/ny');
  await expect(page.locator('.preview-count strong')).toBeVisible();
  const nameBox = page.getByRole('textbox', { name: fields.navn.label, exact: true });

  // Saving the empty form: one message per required field, and a summary.
  await page.getByRole('button', { name: 'Gem', exact: true }).click();
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  for (const field of ['navn', 'relation', 'roller'] as const) {
    await expect(page.locator(`#${fields[field].errorId}`)).toHaveCount(1);
    await expect(summary.locator(`a[href="#${fields[field].id}"]`)).toHaveCount(1);
  }
  await expect(page.locator(`#${fields.navn.errorId}`)).toContainText('Navn skal udfyldes.');
  await expect(nameBox).toHaveAttribute('aria-invalid', 'true');
  await expect(nameBox).toHaveAttribute('aria-describedby', new RegExp(fields.navn.errorId));
  await expect(page.locator(`#${fields.relation.errorId}`)).toContainText('Vælg opgave relation');
  await expect(page.locator(`#${fields.roller.errorId}`)).toContainText('Vælg mindst én rolle');
  // The summary links to the field.
  await summary.locator(`a[href="#${fields.navn.id}"]`).click();
  await expect(nameBox).toBeFocused();

  const expectOne = async (field: Field, text: string) => {
    await expect(page.locator(`#${fields[field].errorId}`)).toHaveCount(1);
    await expect(page.locator(`#${fields[field].errorId}`)).toContainText(text);
  };
  await nameBox.fill('x'.repeat(101));
  await expectOne('navn', 'højst være 100 tegn');
  await nameBox.fill('Post fra selvbetjening'); // a demo package's name, valid today
  await expectOne('navn', 'bruges allerede');
  await nameBox.fill(uniqueName('E2E Regler'));
  await expect(page.locator(`#${fields.navn.errorId}`)).toHaveCount(0);

  await page.getByLabel(fields.cpr_fra.label).fill('1a');
  await expectOne('cpr_fra', 'Angiv et helt tal fra 0 til 99');
  // The live preview says it leaves the bound out, and stops saying so once it reads.
  const unread = page.locator('.preview-unread');
  await expect(unread).toHaveText('CPR interval (fra) kan ikke læses og indgår ikke i visningen.');
  await page.getByLabel(fields.cpr_fra.label).fill('20');
  await expect(unread).toHaveCount(0);
  await page.getByLabel(fields.cpr_til.label).fill('10');
  await expectOne('cpr_til', 'større end eller lig med');
  await page.getByLabel(fields.cpr_til.label).fill('25');
  await expect(page.locator(`#${fields.cpr_til.errorId}`)).toHaveCount(0);
  // An interval past the days of a month may be saved, with a warning.
  const noDay = page.locator('.cpr-interval-warning');
  await expect(noDay).toHaveCount(0);
  await page.getByLabel(fields.cpr_fra.label).fill('40');
  await page.getByLabel(fields.cpr_til.label).fill('45');
  await expect(noDay).toContainText('Intet CPR-nummer begynder med disse cifre');
  await expect(page.locator('.preview-count strong')).toHaveText('0 opgaver');
  await expectAccessible(page);
  await page.getByLabel(fields.cpr_fra.label).fill('20');
  await page.getByLabel(fields.cpr_til.label).fill('25');
  await expect(noDay).toHaveCount(0);

  await page.getByLabel(fields.gyldig_fra.label).fill('');
  await expectOne('gyldig_fra', 'Gyldig fra skal udfyldes.');
  await page.getByLabel(fields.gyldig_fra.label).fill(danishDay(10));
  await page.getByLabel(fields.gyldig_til.label).fill(danishDay(5));
  await expectOne('gyldig_til', 'samme dag som eller senere end gyldig fra');
  await page.getByLabel(fields.gyldig_til.label).fill(danishDay(20));

  await page.getByRole('group', { name: fields.relation.label }).getByRole('radio', { name: 'Begge', exact: true }).check();
  await expect(page.locator(`#${fields.relation.errorId}`)).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Økonomi', exact: true }).check();
  await expect(page.locator(`#${fields.roller.errorId}`)).toHaveCount(0);
  await expect(summary).toHaveCount(0);
  await expectAccessible(page);
});

test('role administration: create, rename, refuse deleting a role in use, and back to the editor with the draft', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/systemadministration/opgavepakke/ny?skabelon=efaktura');
  await expect(page.locator('.preview-count strong')).toBeVisible();
  const typed = uniqueName('E2E Kladde');
  await page.getByRole('textbox', { name: fields.navn.label, exact: true }).fill(typed);
  await page.getByLabel(fields.cpr_til.label).fill('9');
  await page.getByRole('link', { name: 'Administrer roller' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Administrer roller' })).toBeVisible();

  const roleName = uniqueName('E2E Rolle');
  await page.locator('#ny-rolle-navn').fill(roleName);
  await page.getByRole('button', { name: 'Opret rolle' }).click();
  await expect(page.locator('main')).toContainText(`Rollen ${roleName} er oprettet.`);
  // The same name again (in other case): the server's reason at the field.
  const nameField = page.locator('#ny-rolle-navn');
  await nameField.fill(roleName.toUpperCase());
  await page.getByRole('button', { name: 'Opret rolle' }).click();
  await expect(page.locator('.new-role')).toContainText(`Der findes allerede en rolle med navnet »${roleName}«. Vælg et andet navn.`);
  await expect(nameField).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await nameField.fill(`${roleName} 2`);
  await expect(nameField).not.toHaveAttribute('aria-invalid', 'true');
  await nameField.fill('');
  const row = page.locator('tr').filter({ hasText: roleName });
  await row.getByRole('button', { name: /^Ret/ }).click();
  await row.getByLabel('Beskrivelse').fill('Oprettet af testen');
  await row.getByRole('button', { name: 'Gem rolle' }).click();
  await expect(page.locator('tr').filter({ hasText: 'Oprettet af testen' })).toBeVisible();

  // A role used by a demo package cannot be deleted: the server says why.
  const used = page.locator('tr').filter({ hasText: 'Pension og helbredstillæg' });
  // The question takes focus on its "Annuller", which gives it back to "Slet".
  await used.getByRole('button', { name: /^Slet/ }).press('Enter');
  await expect(used.getByRole('button', { name: 'Annuller' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(used.getByRole('button', { name: /^Slet/ })).toBeFocused();
  await used.getByRole('button', { name: /^Slet/ }).click();
  await used.getByRole('button', { name: 'Ja, slet' }).click();
  await expect(used.getByRole('alert')).toBeVisible();
  await expectAccessible(page);

  // Back to the editor: the unsaved draft is there, and so is the new role.
  await page.getByRole('link', { name: 'Tilbage til opgavepakken' }).click();
  await expect(page).toHaveURL(/\/opgavepakke\/ny\?skabelon=efaktura/);
  await expect(page.getByRole('textbox', { name: fields.navn.label, exact: true })).toHaveValue(typed);
  await expect(page.getByLabel(fields.cpr_til.label)).toHaveValue('9');
  await expect(page.getByRole('checkbox', { name: roleName })).toBeVisible();
  await expect(page.locator('main')).toContainText('Din kladde er hentet frem');

  // The new, unused role can be deleted.
  await page.getByRole('link', { name: 'Administrer roller' }).click();
  const mine = page.locator('tr').filter({ hasText: roleName });
  await mine.getByRole('button', { name: /^Slet/ }).click();
  await mine.getByRole('button', { name: 'Ja, slet' }).click();
  await expect(page.locator('main')).toContainText(`Rollen ${roleName} er slettet.`);
  // The row is gone; focus is on the notice, not lost to the page.
  await expect(page.locator('#roller-besked')).toBeFocused();
});

// ---- (e) the WASM preview agrees with the server ---------------------------

/** A small deterministic PRNG, so a failing filter can be reproduced. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Catalog = {
  opgavetyper: Array<{ id: number }>;
  opfoelgningstyper: Array<{ id: number }>;
  sagstyper: Array<{ id: number }>;
  pensionstyper: Array<{ id: number }>;
  ydelser: Array<{ id: number }>;
  enheder: Array<{ id: number }>;
  kilder: Array<{ kilde: string }>;
};

function randomFilter(r: () => number, c: Catalog): Record<string, unknown> {
  const some = <T>(list: T[], p: number): T[] => {
    if (r() > p) return [];
    const n = 1 + Math.floor(r() * Math.min(4, list.length));
    const out = new Set<T>();
    while (out.size < n) out.add(list[Math.floor(r() * list.length)]);
    return [...out];
  };
  const pick = <T>(list: T[]) => list[Math.floor(r() * list.length)];
  const ids = (l: Array<{ id: number }>) => l.map((e) => e.id);
  const f: Record<string, unknown> = {
    opgavetyper: some(ids(c.opgavetyper), 0.6),
    opfoelgningstyper: some(ids(c.opfoelgningstyper), 0.15),
    sagstyper: some(ids(c.sagstyper), 0.3),
    pensionstyper: some(ids(c.pensionstyper), 0.15),
    enheder: some(ids(c.enheder), 0.3),
    kilder: some(c.kilder.map((k) => k.kilde), 0.4),
    ydelser: some(ids(c.ydelser), 0.15),
    beloebsgodkendelse: pick(['begge', 'begge', 'kun', 'ikke']),
    relation: pick(['begge', 'person', 'kommune']),
    sagsudsoegning: pick(['haendelse', 'person']),
  };
  if (r() < 0.4) {
    const a = 1 + Math.floor(r() * 31);
    const b = a + Math.floor(r() * 40);
    f.cpr_fra = a;
    f.cpr_til = Math.min(b, 99);
  }
  return f;
}

/** The editor's form fields for a filter (as stored while editing). */
function formOf(f: Record<string, any>) {
  const two = (n?: number) => (n === undefined ? '' : String(n).padStart(2, '0'));
  return {
    navn: 'Sammenligning',
    opgavetyper: f.opgavetyper,
    opfoelgningstyper: f.opfoelgningstyper,
    cpr_fra: two(f.cpr_fra),
    cpr_til: two(f.cpr_til),
    sagstyper: f.sagstyper,
    pensionstyper: f.pensionstyper,
    beloebsgodkendelse: f.beloebsgodkendelse,
    enheder: f.enheder,
    relation: f.relation,
    kilder: f.kilder,
    ydelser: f.ydelser,
    sagsudsoegning: f.sagsudsoegning,
    gyldig_fra: danishDay(0),
  };
}

test('(e) through the UI: five random filters, the page count equals the server\'s', async ({ page, baseURL }) => {
  const admin = await apiLogin(baseURL, 'admin');
  const catalog: Catalog = await (await admin.get('/api/catalog')).json();
  const r = rng(20261122);
  await login(page, 'admin');
  for (let i = 0; i < 5; i++) {
    const f = randomFilter(r, catalog) as any;
    // Start from an empty form, not the draft of the previous round.
    await page.evaluate(() => sessionStorage.clear());
    await page.goto('/systemadministration/opgavepakke/ny');
    await expect(page.locator('.preview-count strong')).toBeVisible();
    const tick = async (field: string, keys: Array<number | string>) => {
      for (const k of keys) {
        const value = typeof k === 'string' ? String(catalog.kilder.findIndex((e) => e.kilde === k) + 1) : String(k);
        await page.locator(`input[name="${field}"][value="${value}"]`).check();
      }
    };
    await openTaskTypeGroups(page);
    await tick('opgavetyper', f.opgavetyper);
    await tick('opfoelgningstyper', f.opfoelgningstyper);
    await tick('sagstyper', f.sagstyper);
    await tick('pensionstyper', f.pensionstyper);
    await tick('enheder', f.enheder);
    await tick('ydelser', f.ydelser);
    // Kilde codes: selvbetjening 1, system 2, digital_post 3, bruger 4 (catalogue order).
    await tick('kilder', f.kilder);
    const amount = { begge: 1, kun: 2, ikke: 3 }[f.beloebsgodkendelse as string]!;
    await page.locator(`input[name="beloebsgodkendelse"][value="${amount}"]`).check();
    const relation = { kommune: 1, person: 2, begge: 3 }[f.relation as string]!;
    await page.locator(`input[name="relation"][value="${relation}"]`).check();
    const search = { haendelse: 1, person: 2 }[f.sagsudsoegning as string]!;
    await page.locator(`input[name="sagsudsoegning"][value="${search}"]`).check();
    if (f.cpr_fra !== undefined) {
      await page.getByLabel(fields.cpr_fra.label).fill(String(f.cpr_fra));
      await page.getByLabel(fields.cpr_til.label).fill(String(f.cpr_til));
    }
    const expected = await serverCount(admin, f);
    await expect.poll(() => previewCount(page), { message: JSON.stringify(f) }).toBe(expected);
    await page.getByRole('button', { name: 'Afprøv på serveren' }).click();
    await expect(page.locator('.preview-server-result')).toContainText('Serveren bekræfter');
  }
  await admin.dispose();
});

test('(e) 200 random filters: the WASM preview in the page equals the server\'s count', async ({ page, baseURL }) => {
  test.setTimeout(300_000);
  const admin = await apiLogin(baseURL, 'admin');
  const catalog: Catalog = await (await admin.get('/api/catalog')).json();
  const r = rng(42);
  await login(page, 'admin');
  await page.goto('/systemadministration/opgavepakke/ny');
  await expect(page.locator('.preview-count strong')).toBeVisible();
  const mismatches: string[] = [];
  let nonZero = 0;
  for (let i = 0; i < 200; i++) {
    const f = randomFilter(r, catalog);
    const expected = await serverCount(admin, f);
    if (expected > 0) nonZero++;
    // The editor keeps an unsaved form per URL (as when coming back from
    // "Administrer roller"); open a fresh editor URL holding this filter,
    // by in-app navigation so the snapshot stays loaded.
    const url = `/systemadministration/opgavepakke/ny?sammenligning=${i}`;
    const go = (u: string) =>
      page.evaluate((target) => {
        history.pushState(null, '', target);
        dispatchEvent(new PopStateEvent('popstate'));
      }, u);
    await page.evaluate(([key, value]) => sessionStorage.setItem(key, value), [
      `opgavepakker.kladde:${url}`,
      JSON.stringify({ form: formOf(f), based_on: null, touched: [] }),
    ]);
    await go('/systemadministration/roller');
    await expect(page.getByRole('heading', { level: 1, name: 'Administrer roller' })).toBeVisible();
    await go(url);
    await expect(page).toHaveURL(new RegExp(`sammenligning=${i}$`));
    await expect(page.getByRole('textbox', { name: fields.navn.label, exact: true })).toHaveValue('Sammenligning');
    await expect(page.locator('.preview-count strong')).toBeVisible();
    const shown = await previewCount(page);
    if (shown !== expected) mismatches.push(`${JSON.stringify(f)}: side ${shown}, server ${expected}`);
  }
  console.log(`200 filters compared, ${nonZero} with tasks, ${mismatches.length} mismatches`);
  expect(mismatches).toEqual([]);
  expect(nonZero).toBeGreaterThan(20);
  await admin.dispose();
});

test('(f) preview rows: those in view are current in the edit\'s first frame, the rest follow, and all match the server', async ({ page, baseURL }) => {
  const admin = await apiLogin(baseURL, 'admin');
  await login(page, 'admin');
  await page.evaluate(() => sessionStorage.clear());
  await page.goto('/systemadministration/opgavepakke/ny');
  await expect(page.locator('.preview-count strong')).toBeVisible();
  const region = page.getByRole('region', { name: /ældste af opgaverne/ });
  const body = region.locator('tbody');
  await expect(body.locator('tr')).toHaveCount(50);
  // Scroll the panel to the rows, and let the page see which are in view.
  await region.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(300);

  // At the first animation frame after each edit, note every row's text and
  // whether it is on screen (inside the panel's box and the window).
  await page.evaluate(() => {
    const w = window as any;
    w.firstFrames = [];
    document.addEventListener('input', () => {
      requestAnimationFrame(() => {
        const panel = document.querySelector('.preview-panel')!.getBoundingClientRect();
        const tbody = document.querySelector('[aria-label$="ældste af opgaverne"] tbody') as HTMLTableSectionElement;
        w.firstFrames.push([...tbody.rows].map((r) => {
          const b = r.getBoundingClientRect();
          const inView = b.bottom > Math.max(panel.top, 0) && b.top < Math.min(panel.bottom, innerHeight);
          return { text: r.innerText, inView };
        }));
      });
    }, true);
  });
  const cells = () => body.locator('tr').evaluateAll((rows) => rows.map((r) => (r as HTMLTableRowElement).innerText));
  const before = await cells();
  const field = page.getByLabel(fields.cpr_fra.label);
  await field.focus();
  await page.keyboard.type('2');

  // The settled rows are the server's first rows for the same filter.
  const server = await (await admin.post('/api/packages/preview', { data: { filter: { cpr_fra: 2 } } })).json();
  const day = (iso: string) => iso.split('-').reverse().join('.');
  const expected = server.opgaver.map((o: any) => [day(o.oprettet), o.cpr_dag === null ? 'Kommuneopgave' : `${String(o.cpr_dag).padStart(2, '0')}xxxx-xxxx`]);
  const settledAs = async () => (await body.locator('tr').evaluateAll((rows) => rows.map((r) => {
    const c = (r as HTMLTableRowElement).cells;
    return [c[1].innerText, c[4].innerText];
  })));
  await expect.poll(settledAs).toEqual(expected);
  const after = await cells();
  expect(after).not.toEqual(before);

  const frames: Array<Array<{ text: string; inView: boolean }>> = await page.evaluate(() => (window as any).firstFrames);
  expect(frames.length).toBeGreaterThan(0);
  const first = frames[0];
  const inView = first.map((r, i) => ({ ...r, i })).filter((r) => r.inView);
  expect(inView.length).toBeGreaterThan(0);
  // Every row on screen already showed its new text in that frame.
  expect(inView.filter((r) => r.text !== after[r.i]).map((r) => r.i)).toEqual([]);
  await admin.dispose();
});
