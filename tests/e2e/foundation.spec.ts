import { test, expect, request as playwrightRequest } from '@playwright/test';
import { login, expectAccessible, screenshot, PASSWORD } from './helpers';

test('login page: wrong password gives a Danish error, no session', async ({ page }) => {
  await page.goto('/logind');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'logind');
  await page.getByLabel('Brugernavn').fill('admin');
  await page.getByLabel('Adgangskode').fill('forkert');
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page.getByRole('alert')).toContainText('Forkert brugernavn eller adgangskode');
  await expect(page).toHaveURL(/\/logind/);
  await expectAccessible(page);
  await screenshot(page, 'logind-fejl');
});

test('when the app cannot be fetched the page says so in Danish instead of loading forever', async ({ page }) => {
  await page.route(/_bg\.wasm$/, (route) => route.abort());
  await page.goto('/logind');
  const failed = page.getByRole('alert');
  await expect(failed).toContainText('Opgavepakker kunne ikke starte');
  await expect(failed).toContainText('genindlæs siden');
  await expect(page.getByRole('status')).toBeHidden();
  await expectAccessible(page);
});

test('when no script can run, the page says after a while that it takes long, in Danish', async ({ page }) => {
  await page.route(/\/boot-[0-9a-f]+\.js$/, (route) => route.abort());
  await page.goto('/logind');
  const slow = page.getByText('Det tager længere tid end ventet at hente Opgavepakker.');
  await expect(page.getByRole('status')).toContainText('Henter Opgavepakker');
  await expect(slow).toBeHidden();
  await expect(slow).toBeVisible({ timeout: 15_000 });
  await expect(slow).toContainText('genindlæs siden');
  await expectAccessible(page);
});

test('parts of the app fetched on demand: a loading state while one comes, a Danish error with a retry when it cannot, the others fetched while idle', async ({ page }) => {
  // The release build (cargo xtask dist) keeps the admin pages and the
  // caseworker's pages in modules of their own, fetched on the first visit
  // to one of them or, for those the menu leads to, while the browser is idle.
  const part = /\/wasm-[0-9a-f]+\/split_admin_part\.wasm$/;
  let held: (() => void) | undefined;
  await page.route(part, async (route) => {
    await new Promise<void>((go) => (held = go));
    await route.abort();
  });
  const workPart = /\/wasm-[0-9a-f]+\/split_work_part\.wasm$/;
  const workHeld: Array<() => void> = [];
  await page.route(workPart, async (route) => {
    await new Promise<void>((go) => workHeld.push(go));
    await route.continue();
  });
  await page.goto('/logind');
  await page.getByLabel('Brugernavn').fill('admin');
  await page.getByLabel('Adgangskode').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Henter siden' })).toBeVisible();
  await expect.poll(() => held !== undefined, { message: 'the admin part was requested' }).toBe(true);
  held!();
  await expect(page.getByRole('heading', { level: 1, name: 'Siden kunne ikke hentes' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('Tjek din netværksforbindelse');
  await expectAccessible(page);

  await page.unroute(part);
  const requestedBefore = workHeld.length;
  await page.getByRole('button', { name: 'Prøv igen' }).click();
  const adminHeading = page.getByRole('heading', { level: 1, name: 'Systemparameter – Søgning' });
  await expect(adminHeading).toBeVisible();

  // With the admin page shown, the caseworker's part (the menu's "Mine
  // opgavepakker") is fetched while idle, before any click. Held, a click
  // keeps the admin page under the loading state until it comes.
  await expect.poll(() => workHeld.length > requestedBefore, { message: 'the work part was fetched while idle' }).toBe(true);
  await page.getByRole('link', { name: 'Mine opgavepakker' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Henter siden' })).toBeVisible();
  await expect(adminHeading).toBeVisible();
  workHeld.forEach((go) => go());
  await expect(page.getByRole('heading', { level: 1, name: 'Mine opgavepakker' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Henter siden' })).toBeHidden();
  await expectAccessible(page);
});

test('a page that needs a session sends you to login', async ({ page }) => {
  await page.goto('/mine-opgavepakker');
  await expect(page).toHaveURL(/\/logind/);
});

test('admin logs in and sees the packages valid at the chosen date', async ({ page, baseURL }) => {
  // What the server says is valid today, fetched independently of the page.
  const api = await playwrightRequest.newContext({ baseURL });
  expect((await api.post('/api/session', { data: { username: 'admin', password: PASSWORD } })).status()).toBe(200);
  const packages: Array<{ noegle: string; navn: string }> = await (await api.get('/api/packages')).json();
  expect(packages.length).toBeGreaterThan(0);
  await api.dispose();

  await login(page, 'admin');
  await expect(page.getByRole('heading', { level: 1, name: 'Systemparameter – Søgning' })).toBeVisible();
  await page.getByRole('button', { name: 'Vis systemparameter' }).click();
  const table = page.getByRole('table');
  await expect(table).toBeVisible();
  // The result is below the form: it takes focus, so it is not missed.
  await expect(page.getByRole('heading', { level: 2, name: 'Søgeresultat' })).toBeFocused();
  for (const p of packages) {
    await expect(table.getByRole('row').filter({ hasText: p.noegle })).toContainText(p.navn);
  }
  await expect(table.locator('tbody tr')).toHaveCount(packages.length);
  await expectAccessible(page);
  await screenshot(page, 'systemadministration');

  // A date before any package existed shows none, and says so.
  await page.getByLabel('Vælg gyldighedstidspunkt').fill('1990-01-01');
  await page.getByRole('button', { name: 'Vis systemparameter' }).click();
  await expect(page.locator('tbody tr')).toHaveCount(0);
  await expectAccessible(page);
});

test('a caseworker sees exactly the packages their roles give, with counts', async ({ page, baseURL }) => {
  const admin = await playwrightRequest.newContext({ baseURL });
  await admin.post('/api/session', { data: { username: 'admin', password: PASSWORD } });
  const all: Array<{ noegle: string; navn: string; roller: number[] }> = await (await admin.get('/api/packages')).json();
  await admin.dispose();
  const worker = await playwrightRequest.newContext({ baseURL });
  await worker.post('/api/session', { data: { username: 'pension', password: PASSWORD } });
  const me: { roller: Array<{ id: number }> } = await (await worker.get('/api/me')).json();
  const mine: Array<{ noegle: string; aabne_opgaver: number }> = await (await worker.get('/api/my/packages')).json();
  // The caseworker is refused the admin endpoints.
  expect((await worker.get('/api/packages')).status()).toBe(403);
  await worker.dispose();

  const roleIds = new Set(me.roller.map((r) => r.id));
  const expected = all.filter((p) => p.roller.some((r) => roleIds.has(r)));
  const hidden = all.filter((p) => !p.roller.some((r) => roleIds.has(r)));
  expect(expected.length, 'demo data gives the caseworker a package').toBeGreaterThan(0);
  expect(hidden.length, 'demo data has a package the caseworker must not see').toBeGreaterThan(0);

  await login(page, 'pension');
  await expect(page.getByRole('heading', { level: 1, name: 'Mine opgavepakker' })).toBeVisible();
  const main = page.locator('main');
  for (const p of expected) {
    const count = mine.find((m) => m.noegle === p.noegle)?.aabne_opgaver;
    expect(count).toBeDefined();
    await expect(main.getByText(p.navn, { exact: true })).toBeVisible();
    // Shown in Danish format: 1.605
    await expect(main.getByRole('row').filter({ hasText: p.navn })).toContainText(new Intl.NumberFormat('da-DK').format(count!));
  }
  for (const p of hidden) {
    await expect(main.getByText(p.navn, { exact: true })).toHaveCount(0);
  }
  // No admin navigation for a caseworker.
  await expect(page.getByRole('link', { name: 'Systemadministration' })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, 'mine-opgavepakker');

  // The admin page says no access (and the server refuses the data).
  await page.goto('/systemadministration');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('main')).toContainText(/adgang/i);
  await expectAccessible(page);
  await screenshot(page, 'ingen-adgang');
});

test('unknown page shows not-found and logging out ends the session', async ({ page }) => {
  await login(page, 'ydelse');
  await page.goto('/findes-ikke');
  await expect(page.getByRole('heading', { level: 1, name: 'Siden findes ikke' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'ikke-fundet');
  await page.getByRole('button', { name: 'Log ud' }).click();
  await expect(page).toHaveURL(/\/logind/);
  const res = await page.request.get('/api/me');
  expect(res.status()).toBe(401);
});

test('security headers on the app and the API', async ({ request }) => {
  for (const url of ['/', '/api/health']) {
    const res = await request.get(url);
    expect(res.status()).toBe(200);
    const h = res.headers();
    expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(h['content-security-policy']).not.toContain('unsafe-inline');
    expect(h['x-content-type-options']).toBe('nosniff');
  }
});
