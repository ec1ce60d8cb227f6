import { test, expect } from '@playwright/test';
import { api } from './casework-api';
import { expectAccessible, login, screenshot } from './helpers';

// Who may do what: an admin creates a role with its rights on the role
// page, gives it to a user on the users page, and the user then sees the
// package the role gives.

test('an admin gives a new role to a user, who then sees the package the role gives', async ({ page, browser, baseURL }) => {
  const admin = await api(baseURL, 'admin');
  const suffix = Date.now().toString(36);
  const roleName = `Klagesager e2e ${suffix}`;
  const packageName = `Klager e2e ${suffix}`;
  const before: Array<{ id: number; brugernavn: string; roller: number[] }> = await (await admin.get('/api/users')).json();
  const oekonomi = before.find((u) => u.brugernavn === 'oekonomi')!;

  // The role, with the right Borgeropslag, on the role page.
  await login(page, 'admin');
  await page.goto('/systemadministration/roller');
  await expect(page.getByRole('heading', { level: 1, name: 'Administrer roller' })).toBeVisible();
  await page.locator('#ny-rolle-navn').fill(roleName);
  const newRole = page.locator('section.new-role');
  await newRole.getByRole('group', { name: 'Rettigheder' }).getByLabel('Borgeropslag').check();
  await newRole.getByRole('button', { name: 'Opret rolle' }).click();
  await expect(page.getByText(`Rollen ${roleName} er oprettet.`)).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(roleName) })).toContainText('Borgeropslag');
  await expectAccessible(page);
  await screenshot(page, 'roller-rettigheder');
  const roles: Array<{ id: number; navn: string; rettigheder: string[] }> = await (await admin.get('/api/roles')).json();
  const role = roles.find((r) => r.navn === roleName)!;
  expect(role.rettigheder).toEqual(['borgeropslag']);

  // A package the role gives.
  const created = await admin.post('/api/packages', {
    data: {
      navn: packageName,
      beskrivelse: 'Oprettet af e2e (rettigheder).',
      filter: { opgavetyper: [1], relation: 'begge' },
      roller: [role.id],
      aendringsaarsag: 'Oprettet af e2e',
      gyldig_fra: '2020-01-01',
    },
  });
  expect(created.status(), await created.text()).toBeLessThan(300);

  // The users page: the role to Ole Jensen.
  await page.goto('/systemadministration');
  await page.getByRole('link', { name: 'Brugere og roller' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Brugere og roller' })).toBeVisible();
  const form = page.locator('form').filter({ has: page.getByRole('group', { name: 'Roller for Ole Jensen' }) });
  await expect(form.getByLabel(roleName)).not.toBeChecked();
  await form.getByLabel(roleName).check();
  // Not saved yet: it says so, and leaving the page and coming back keeps it.
  const unsaved = form.getByText('Ændringerne er ikke gemt.');
  await expect(unsaved).toBeVisible();
  await page.getByRole('link', { name: 'Systemadministration', exact: true }).click();
  await page.getByRole('link', { name: 'Brugere og roller' }).click();
  await expect(form.getByLabel(roleName)).toBeChecked();
  await expect(unsaved).toBeVisible();
  // Unticked again, nothing is changed; ticked, and saved.
  await form.getByLabel(roleName).uncheck();
  await expect(unsaved).toBeHidden();
  await form.getByLabel(roleName).check();
  await form.getByRole('button', { name: /Gem roller/ }).click();
  await expect(form.getByText('Rollerne for Ole Jensen er gemt.')).toBeVisible();
  await expect(unsaved).toBeHidden();
  await expectAccessible(page);
  await screenshot(page, 'brugere');
  const after: Array<{ id: number; roller: number[] }> = await (await admin.get('/api/users')).json();
  expect(after.find((u) => u.id === oekonomi.id)!.roller).toContain(role.id);

  // Ole Jensen now sees the package.
  const context = await browser.newContext({ baseURL });
  const user = await context.newPage();
  await login(user, 'oekonomi');
  await user.goto('/mine-opgavepakker');
  await expect(user.getByRole('row', { name: new RegExp(packageName) })).toBeVisible();
  await expectAccessible(user);
  await screenshot(user, 'brugere-ny-pakke');
  await context.close();

  // Back as before, so other specs see the demo's roles.
  const res = await admin.put(`/api/users/${oekonomi.id}/roles`, { data: { roller: oekonomi.roller } });
  expect(res.status(), await res.text()).toBe(200);
});

test('a caseworker without a right is not offered it, and the server refuses it in Danish', async ({ page, baseURL }) => {
  const admin = await api(baseURL, 'admin');
  const roles: Array<{ id: number; navn: string; beskrivelse: string; rettigheder: string[] }> = await (await admin.get('/api/roles')).json();
  const okonomi = roles.find((r) => r.navn === 'Økonomi')!;
  expect(okonomi.rettigheder).not.toContain('stop_sag');
  const worker = await api(baseURL, 'oekonomi');
  const me = await (await worker.get('/api/me')).json();
  expect(me.rettigheder).toContain('borgeropslag');

  // A borger the caseworker may look up.
  const pension = await api(baseURL, 'pension');
  const mine: Array<{ noegle: string }> = await (await pension.get('/api/my/packages')).json();
  const tasks = await (await pension.get(`/api/packages/${mine[0].noegle}/tasks`)).json();
  const withBorger = tasks.opgaver.find((r: { borger_navn: string | null }) => r.borger_navn);
  const detail = await (await pension.get(`/api/tasks/${withBorger.id}`)).json();
  const citizenId: number = detail.borger.id;

  await login(page, 'oekonomi');
  await page.goto(`/borger/${citizenId}`);
  await page.getByRole('button', { name: 'Handlinger' }).click();
  const menu = page.locator('#handlinger-menu');
  await expect(menu.getByRole('link', { name: 'Opret træk' })).toBeVisible();
  await expect(menu.getByRole('link', { name: 'Stop sag' })).toHaveCount(0);
  await expectAccessible(page);

  const refused = await worker.post(`/api/citizens/${citizenId}/tasks`, { data: { opgavetype: 4 } });
  expect(refused.status()).toBe(403);
  const body = await refused.json();
  expect(body.code).toBe('mangler_rettighed');
  expect(body.message).toContain('Stop sag');

  // The systemadministrator has no casework rights: the search says why.
  const adminPage = await (await page.context().browser()!.newContext({ baseURL })).newPage();
  await login(adminPage, 'admin');
  await adminPage.goto('/borger');
  await expect(adminPage.getByText(/rettigheden »Borgeropslag«/)).toBeVisible();
  await expectAccessible(adminPage);
  await adminPage.context().close();
});

test('"Log ud" forgets the unsaved changes kept in the tab', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/systemadministration/brugere');
  const form = page.locator('form').filter({ has: page.getByRole('group', { name: 'Roller for Yasmin Hansen' }) });
  const box = form.getByRole('checkbox').first();
  const second = form.getByRole('checkbox').nth(1);
  const was = await box.isChecked();
  const was2 = await second.isChecked();
  await box.setChecked(!was);
  await expect(form.getByText('Ændringerne er ikke gemt.')).toBeVisible();
  // A second change while unsaved is kept too.
  await second.setChecked(!was2);
  // Kept over a reload (the same tab, the same user) …
  await page.reload();
  await expect(box).toBeChecked({ checked: !was });
  await expect(second).toBeChecked({ checked: !was2 });
  // … but not for whoever logs in after "Log ud".
  await page.getByRole('button', { name: 'Log ud', exact: true }).click();
  await expect(page).toHaveURL(/logind/);
  await login(page, 'admin');
  await page.goto('/systemadministration/brugere');
  await expect(box).toBeChecked({ checked: was });
  await expect(second).toBeChecked({ checked: was2 });
  await expect(form.getByText('Ændringerne er ikke gemt.')).toBeHidden();
  expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('opgavepakker.kladde:')))).toEqual([]);

  // A session that ran out keeps the draft for its user, but not for
  // another user who logs in on the tab.
  await box.setChecked(!was);
  await expect(form.getByText('Ændringerne er ikke gemt.')).toBeVisible();
  const drafts = () => page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('opgavepakker.kladde:')).length);
  expect(await drafts()).toBe(1);
  await page.context().clearCookies();
  await login(page, 'pension');
  expect(await drafts()).toBe(0);
});

test('an admin logs a user out everywhere from the users page', async ({ page, baseURL }) => {
  // Yasmin Hansen has a session elsewhere.
  const elsewhere = await api(baseURL, 'ydelse');
  expect((await elsewhere.get('/api/me')).status()).toBe(200);

  await login(page, 'admin');
  await page.goto('/systemadministration/brugere');
  await expect(page.getByRole('heading', { level: 1, name: 'Brugere og roller' })).toBeVisible();
  const row = page.getByRole('row').filter({ has: page.getByRole('group', { name: 'Roller for Yasmin Hansen' }) });
  // It asks first; "Annuller" (or Escape) leaves her logged in.
  await row.getByRole('button', { name: /Log ud overalt/ }).click();
  const confirm = row.getByRole('group', { name: 'Bekræft log ud overalt for Yasmin Hansen' });
  await expect(confirm).toContainText('Log Yasmin Hansen ud af alle sessioner?');
  await expect(confirm.getByRole('button', { name: 'Annuller' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(row.getByRole('button', { name: /Log ud overalt/ })).toBeFocused();
  expect((await elsewhere.get('/api/me')).status()).toBe(200);
  await page.keyboard.press('Enter');
  await confirm.getByRole('button', { name: 'Ja, log ud overalt' }).click();
  await expect(row.getByText(/^Yasmin Hansen er logget ud overalt \((1 session|\d+ sessioner) afsluttet\)\.$/)).toBeVisible();
  await expectAccessible(page);

  // Her session is gone; she can log in again.
  expect((await elsewhere.get('/api/me')).status()).toBe(401);
  const again = await api(baseURL, 'ydelse');
  expect((await again.get('/api/me')).status()).toBe(200);
});
