import { expect, type Page, type APIRequestContext } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const PASSWORD = 'demo';

/**
 * The Danish calendar day `offsetDays` from today, as `YYYY-MM-DD`. The
 * product's "today" is the day in Denmark (domain::danish_time), whatever
 * zone the machine running the tests is in.
 */
export function danishDay(offsetDays: number): string {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString().slice(0, 10);
}

/** A day after every demo case's start (cases under behandling may start up
 * to 60 days ahead), for wizard dates the chosen case's start does not refuse. */
export const AFTER_EVERY_CASE_START = danishDay(90);

/** `2027-03-07` → `07.03.2027`, as the app writes a date. */
export const dateLabel = (iso: string) => iso.split('-').reverse().join('.');

/** The keys that type `iso` into an `<input type=date>` of the Debian
 * Chromium here, which lays it out en-US: month, day, year. */
export const dateKeys = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${m}${d}${y}`;
};

/** Logs in through the UI, as a person would. */
export async function login(page: Page, username: string) {
  await page.goto('/logind');
  await page.getByLabel('Brugernavn').fill(username);
  await page.getByLabel('Adgangskode').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).not.toHaveURL(/\/logind/);
}

/** axe-core with the WCAG 2.1 A/AA rules: no violations allowed. */
export async function expectAccessible(page: Page) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, 'axe-core violations').toEqual([]);
}

/** Saves a full-page screenshot under tests/e2e/screenshots. */
export async function screenshot(page: Page, name: string) {
  const dir = path.join(__dirname, 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** A logged-in API client of its own (separate cookie jar). */
export async function apiAs(request: APIRequestContext, username: string) {
  const res = await request.post('/api/session', { data: { username, password: PASSWORD } });
  expect(res.status()).toBe(200);
  return request;
}

/** "Næste" to the wizard step `title`: its heading has focus, axe is clean, a screenshot. */
export async function nextStep(page: Page, title: string, shot: string) {
  await page.getByRole('button', { name: 'Næste' }).click();
  const heading = page.getByRole('heading', { level: 2, name: new RegExp(title) });
  await expect(heading).toBeVisible();
  await expect(heading).toBeFocused();
  await expectAccessible(page);
  await screenshot(page, shot);
}
