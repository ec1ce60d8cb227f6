import { test, expect, request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { login, expectAccessible, screenshot, PASSWORD, danishDay } from './helpers';

// The admin pages of intake (issue 9): source-system credentials and the
// system parameters intake reads, against the real server.
//
// These tests save versions of "automatisk_sagsbehandling" (from today when
// it has none, else the day after the newest) and "formuegraense" (the same
// amount, 300 days ahead). A new version must start after the newest, so a
// spec that needs a version valid today runs before this file (it sorts late
// on purpose) or picks its date the same way.

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

async function apiLogin(baseURL: string | undefined, username: string): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL });
  const res = await ctx.post('/api/session', { data: { username, password: PASSWORD } });
  expect(res.status()).toBe(200);
  return ctx;
}

/** An intake call with `token` that writes nothing whatever the token is. */
async function probe(baseURL: string | undefined, token: string): Promise<{ status: number; code: string }> {
  const ctx = await playwrightRequest.newContext({ baseURL });
  // A Hændelser credential posting to the self-service endpoint: 403
  // forkert_kilde while the token is valid, 401 ugyldig_noegle once revoked.
  const res = await ctx.post('/api/intake/selvbetjening', {
    headers: { Authorization: `Bearer ${token}` },
    multipart: { indsendelse: JSON.stringify({ besked_id: `probe-${Date.now()}` }) },
  });
  const body = await res.json();
  await ctx.dispose();
  return { status: res.status(), code: body.code };
}

test('an admin creates a source-system credential, sees its token once, and revokes it', async ({ page, baseURL }) => {
  await login(page, 'admin');
  await page.getByRole('link', { name: 'Kildesystemer', exact: true }).click();
  await expect(page).toHaveURL(/\/systemadministration\/kildesystemer$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Kildesystemer' })).toBeVisible();
  await expectAccessible(page);

  // Nothing filled in: the messages are at the fields.
  await page.getByRole('button', { name: 'Opret kildesystem' }).click();
  await expect(page.locator('#felt-navn-fejl')).toContainText('Navn skal udfyldes.');
  await expect(page.getByLabel('Navn')).toBeFocused();

  const name = `E2E Hændelser ${Date.now().toString(36)}`;
  await page.getByLabel('Navn').fill(name);
  await page.getByRole('radio', { name: 'Hændelser' }).check();
  await page.getByRole('button', { name: 'Opret kildesystem' }).click();

  const alert = page.getByRole('region', { name: `Kildesystemet ${name} er oprettet` });
  await expect(alert).toContainText(`Kildesystemet ${name} er oprettet`);
  await expect(alert).toContainText('Den vises ikke igen');
  await expect(alert).toBeFocused();
  const tokenField = page.getByLabel(`Nøgle til ${name} (Hændelser)`);
  const token = await tokenField.inputValue();
  expect(token).toMatch(/^opk_[A-Za-z0-9_-]{43}$/);
  await page.getByRole('button', { name: 'Kopiér nøglen' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Nøglen er kopieret.' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await expectAccessible(page);
  await screenshot(page, 'kildesystem-oprettet');

  // The token works (right token, wrong endpoint kind).
  expect(await probe(baseURL, token)).toEqual({ status: 403, code: 'forkert_kilde' });

  // The list has it, active; the token is never shown again.
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Hændelser');
  await expect(row).toContainText('Aktiv');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Kildesystemer' })).toBeVisible();
  await expect(row).toContainText('Aktiv');
  await expect(page.locator('.token-once')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(token);

  // Revoke, by keyboard: the confirmation takes focus, Escape gives it back.
  const revoke = row.getByRole('button', { name: `Tilbagekald ${name}` });
  await revoke.focus();
  await page.keyboard.press('Enter');
  const confirm = row.getByRole('button', { name: 'Ja, tilbagekald' });
  await expect(confirm).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(revoke).toBeFocused();
  await expect(row).toContainText('Aktiv');
  await page.keyboard.press('Enter');
  await expect(confirm).toBeFocused();
  await page.keyboard.press('Enter');
  // The button pressed goes away with the reloaded list: the outcome takes focus.
  const revoked = page.getByRole('status').filter({ hasText: `Kildesystemet ${name} er tilbagekaldt` });
  await expect(revoked).toBeVisible();
  await expect(revoked).toBeFocused();
  await expect(row).toContainText('Tilbagekaldt');
  await expect(row.getByRole('button', { name: /Tilbagekald/ })).toHaveCount(0);
  await expectAccessible(page);

  // The token no longer works.
  expect(await probe(baseURL, token)).toEqual({ status: 401, code: 'ugyldig_noegle' });

  // The list as the API has it.
  const admin = await apiLogin(baseURL, 'admin');
  const list: Array<{ navn: string; tilbagekaldt: string | null }> = await (await admin.get('/api/admin/credentials')).json();
  expect(list.find((c) => c.navn === name)?.tilbagekaldt).toBeTruthy();
  await admin.dispose();
});

test('a caseworker has no access to credentials or system parameters', async ({ page, baseURL }) => {
  await login(page, 'pension');
  await page.goto('/systemadministration/kildesystemer');
  await expect(page.getByRole('heading', { level: 1, name: 'Ingen adgang' })).toBeVisible();
  await page.goto('/systemadministration/parameter/automatisk_sagsbehandling');
  await expect(page.getByRole('heading', { level: 1, name: 'Ingen adgang' })).toBeVisible();
  const worker = await apiLogin(baseURL, 'pension');
  expect((await worker.get('/api/admin/credentials')).status()).toBe(403);
  expect((await worker.post('/api/admin/credentials', { data: { navn: 'x', kind: 'haendelser' } })).status()).toBe(403);
  expect((await worker.get('/api/parameters/automatisk_sagsbehandling/versions')).status()).toBe(403);
  await worker.dispose();
});

// A version on the wire: the draft flattened, its value tagged by key.
type Version = { id: number; gyldig_fra: string; gyldig_til: string | null; value: { noegle: string; vaerdi: unknown } };

test('an admin saves a new version of "Indstillinger for automatisk sagsbehandling"', async ({ page, baseURL }) => {
  const admin = await apiLogin(baseURL, 'admin');
  const before: Version[] = await (await admin.get('/api/parameters/automatisk_sagsbehandling/versions')).json();
  // A new version starts after the newest; today when there is none.
  const from = before.length === 0 ? danishDay(0) : nextDay(before[0].gyldig_fra);

  await login(page, 'admin');
  await page.getByRole('link', { name: 'Indstillinger for automatisk sagsbehandling' }).click();
  await expect(page).toHaveURL(/\/systemadministration\/parameter\/automatisk_sagsbehandling$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Systemparameter: Indstillinger for automatisk sagsbehandling' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Versioner' })).toBeVisible();
  await expectAccessible(page);

  const group = page.getByRole('group', { name: 'Sagstyper med automatisk sagsbehandling' });
  const box = group.getByRole('checkbox', { name: 'Personligt tillæg', exact: true });
  const wasOn = await box.isChecked();
  await box.setChecked(!wasOn);

  // A period that ends before it starts: the message at the field and in the summary.
  await page.getByLabel('Gyldig fra').fill(from);
  await page.getByLabel('Gyldig til').fill('2000-01-01');
  await page.getByRole('button', { name: 'Gem ny version' }).click();
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('Gyldig til');
  await expect(page.locator('#felt-gyldig_til-fejl')).toBeVisible();
  await expectAccessible(page);
  await summary.getByRole('link', { name: /Gyldig til/ }).click();
  await expect(page.getByLabel('Gyldig til')).toBeFocused();
  await page.getByLabel('Gyldig til').fill('');

  const reason = `E2E: personligt tillæg ${wasOn ? 'manuelt' : 'automatisk'} ${Date.now().toString(36)}`;
  await page.getByLabel('Ændringsårsag').fill(reason);
  await page.getByRole('button', { name: 'Gem ny version' }).click();
  await expect(page).toHaveURL(/\?gemt=\d+$/);
  await expect(page.getByRole('status').filter({ hasText: 'Systemparameteren er gemt' })).toBeVisible();
  const newest = page.locator('table.parameter-versions tbody tr').first();
  await expect(newest).toContainText(reason);
  await expect(newest).toContainText('admin');
  await screenshot(page, 'systemparameter-automatisk');

  const after: Version[] = await (await admin.get('/api/parameters/automatisk_sagsbehandling/versions')).json();
  expect(after.length).toBe(before.length + 1);
  expect(after[0].gyldig_fra).toBe(from);
  const personligtTillaeg = 6; // domain::catalog::case_type::PERSONLIGT_TILLAEG
  expect(after[0].value.noegle).toBe('automatisk_sagsbehandling');
  const on = (after[0].value.vaerdi as number[]).includes(personligtTillaeg);
  expect(on).toBe(!wasOn);
  await admin.dispose();
});

test('a system parameter edit that lost a race keeps the admin\'s input and saves on top of the newest', async ({ page, baseURL }) => {
  const admin = await apiLogin(baseURL, 'admin');
  const versions: Version[] = await (await admin.get('/api/parameters/formuegraense/versions')).json();
  await login(page, 'admin');
  await page.goto('/systemadministration/parameter/formuegraense');
  await expect(page.getByRole('heading', { level: 1, name: /Formuegrænse/ })).toBeVisible();
  const field = page.getByLabel('Formuegrænse (kr.)');
  const shown = await field.inputValue();
  expect(shown).toMatch(/^\d{1,3}(\.\d{3})*,\d{2}$/);

  // A kroner text that does not parse: the domain's message at the field.
  await field.fill('12,345');
  await page.getByRole('button', { name: 'Gem ny version' }).click();
  await expect(page.locator('#felt-vaerdi-fejl')).toContainText('kroner');
  await expect(field).toHaveAttribute('aria-invalid', 'true');

  // Someone else saves a version in between (the same amount, far ahead, so
  // intake today is unchanged).
  const theirFrom = versions.length === 0 ? danishDay(300) : laterOf(danishDay(300), nextDay(versions[0].gyldig_fra));
  const newest = versions[0];
  // If-Match names the newest version; "0" the built-in default.
  const headers = { 'If-Match': `"${newest ? newest.id : 0}"` };
  const theirs = await admin.post('/api/parameters/formuegraense', {
    headers,
    data: { value: { noegle: 'formuegraense', vaerdi: parseKroner(shown) }, aendringsaarsag: 'E2E: en anden admin', gyldig_fra: theirFrom, gyldig_til: null },
  });
  expect(theirs.status(), await theirs.text()).toBeLessThan(300);

  await field.fill(shown);
  await page.getByLabel('Gyldig fra').fill(theirFrom);
  await page.getByLabel('Ændringsårsag').fill('E2E: samme beløb, senere');
  await page.getByRole('button', { name: 'Gem ny version' }).click();
  const conflict = page.locator('.conflict');
  await expect(conflict).toContainText('En anden har gemt en nyere version af systemparameteren');
  await expect(conflict).toContainText('Gyldig fra flyttes');
  await expect(conflict).toBeFocused();
  // The list of versions above shows theirs too.
  const n = versions.length + 1;
  await expect(page.locator('.parameter-versions caption')).toContainText(`${n} ${n === 1 ? 'version' : 'versioner'} af Formuegrænse for helbredstillæg`);
  // Nothing lost.
  await expect(field).toHaveValue(shown);
  await expect(page.getByLabel('Ændringsårsag')).toHaveValue('E2E: samme beløb, senere');
  await expectAccessible(page);

  // A "Gyldig fra" put right by hand is saved as it is.
  await page.getByLabel('Gyldig fra').fill(nextDay(theirFrom));
  await expect(conflict).not.toContainText('Gyldig fra flyttes');
  await page.getByRole('button', { name: 'Gem som ny version oven på den nyeste', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Systemparameteren er gemt' })).toBeVisible();
  const after: Version[] = await (await admin.get('/api/parameters/formuegraense/versions')).json();
  expect(after[0].gyldig_fra).toBe(nextDay(theirFrom));
  expect(after.length).toBe(versions.length + 2);
  // The next "Gem" takes the success message away, whatever it comes to.
  await field.fill('abc');
  await page.getByRole('button', { name: 'Gem ny version' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Systemparameteren er gemt' })).toHaveCount(0);
  await admin.dispose();
});

test('the mapping is a table of rows: add, messages at the cells, remove, and the draft survives a reload', async ({ page }) => {
  await login(page, 'admin');
  await page.getByRole('link', { name: 'Formular dokumentkategori mapning' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Systemparameter: Formular dokumentkategori mapning' })).toBeVisible();
  const rows = page.locator('table.mapping-table tbody tr');
  await expect(rows.first()).toBeVisible();
  const before = await rows.count();
  expect(before).toBeGreaterThan(0);
  const n = before + 1;

  // A new row takes focus; without a category and a name it cannot be saved.
  await page.getByRole('button', { name: 'Tilføj række' }).click();
  await expect(rows).toHaveCount(n);
  await expect(page.getByLabel(`Formular, række ${n}`)).toBeFocused();
  await page.keyboard.type('Ansøgning');
  await page.getByLabel('Ændringsårsag').fill('E2E: ny række (gemmes ikke)');
  await page.getByRole('button', { name: 'Gem ny version' }).click();
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  // Every message at the first "Gem": the missing category, and the
  // domain's rules on the rest of the row (a name is required, a form type
  // only once).
  await expect(summary).toContainText(`Kategori, række ${n}: Vælg en dokumentkategori.`);
  await expect(summary).toContainText(`Navn, række ${n}`);
  await expect(summary).toContainText('står der allerede');
  await page.getByLabel(`Kategori, række ${n}`).selectOption({ label: 'Lægeerklæring' });
  await expect(summary).not.toContainText(`Kategori, række ${n}`);
  await expect(summary).toContainText(`Navn, række ${n}`);
  await expect(page.getByLabel(`Navn, række ${n}`)).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await summary.getByRole('link', { name: new RegExp(`Navn, række ${n}`) }).click();
  await expect(page.getByLabel(`Navn, række ${n}`)).toBeFocused();

  // The unsaved draft is kept in this browser tab.
  await page.reload();
  await expect(page.getByText('Din kladde er hentet frem')).toBeVisible();
  await expect(rows).toHaveCount(n);
  await expect(page.getByLabel(`Formular, række ${n}`)).toHaveValue('Ansøgning');

  // Removing the row puts focus on "Tilføj række".
  await page.getByRole('button', { name: `Fjern række ${n} (Ansøgning)` }).click();
  await expect(rows).toHaveCount(before);
  await expect(page.getByRole('button', { name: 'Tilføj række' })).toBeFocused();
  await page.getByRole('button', { name: 'Kassér kladden og start forfra' }).click();
  await page.reload();
  await expect(page.getByText('Din kladde er hentet frem')).toHaveCount(0);
});

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}

/** "94.800,00" → 9480000 øre. */
function parseKroner(text: string): number {
  const [whole, frac] = text.split(',');
  return Number(whole.replace(/\./g, '')) * 100 + Number(frac ?? '0');
}
