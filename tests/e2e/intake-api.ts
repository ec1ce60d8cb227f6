import { expect, request as playwrightRequest, type Page, type APIRequestContext, type Browser } from '@playwright/test';
import { login } from './helpers';
import { findCaseTask, tasksPage } from './casework-api';

// What the intake tests share: source systems with credentials an admin
// creates, documents the server recognises, and readers of live pages.

export type Kind = 'selvbetjening' | 'efaktura' | 'haendelser';

// Files whose content the server recognises (formats are sniffed, never
// taken from the name).
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
/** A PDF that stops in the middle: no `%%EOF`, so it is damaged. */
export const DAMAGED_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog');
/** A 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** A unique message id (the intake API is idempotent by it). */
export function messageId(what: string): string {
  return `e2e-${what}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
}

/** A new credential of `kind`, created by the admin through the admin API; its token. */
export async function credential(admin: APIRequestContext, kind: Kind): Promise<string> {
  const res = await admin.post('/api/admin/credentials', { data: { navn: `e2e ${kind} ${Date.now()}`, kind } });
  expect(res.status(), await res.text()).toBe(201);
  const created = await res.json();
  expect(created.credential.kind).toBe(kind);
  expect(created.token).toMatch(/^opk_/);
  return created.token;
}

/**
 * A source system: a request context of its own with no session cookie,
 * sending the credential as a bearer token.
 */
export async function source(baseURL: string | undefined, token: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
}

/** The whole CPR number and id of a borger found through the caseworker's tasks. */
export async function someBorger(ctx: APIRequestContext, ok: (citizenId: number) => Promise<boolean> = async () => true): Promise<{ id: number; cpr: string }> {
  const found = await findCaseTask(ctx, Array.from({ length: 60 }, (_, i) => i + 1), ok);
  const detail = await (await ctx.get(`/api/tasks/${found.taskId}`)).json();
  return { id: detail.borger.id, cpr: detail.borger.cpr };
}

/** The "Åbne opgaver" count of a package's row on Mine opgavepakker. */
export function countCell(page: Page, packageName: string) {
  return page.getByRole('row', { name: new RegExp(packageName) }).locator('td.numeric');
}

export function parseCount(text: string | null): number {
  return Number((text ?? '').replace(/\./g, '').trim());
}

/** `1234` → `1.234`, as the app writes counts. */
export function danishCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** Marks the page so a reload (which would clear the mark) can be detected. */
export async function markPage(page: Page) {
  await page.evaluate(() => ((window as unknown as { e2eMark: string }).e2eMark = 'uden genindlæsning'));
}

export async function expectNotReloaded(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { e2eMark?: string }).e2eMark)).toBe('uden genindlæsning');
}

/** Whether the task is in any of the package's pages (newest first). */
export async function inPackage(ctx: APIRequestContext, key: string, taskId: number): Promise<boolean> {
  const p = await tasksPage(ctx, key, 1, 'nyeste_foerst', 500);
  return p.opgaver.some((t) => t.id === taskId);
}

export async function newPage(browser: Browser, baseURL: string | undefined, user: string): Promise<Page> {
  const ctx = await browser.newContext({ baseURL });
  const page = await ctx.newPage();
  await login(page, user);
  return page;
}

/** Opens the package editor of `key`; a reader of its preview's count ("Afprøv opgavepakke"). */
export async function openPreview(page: Page, key: string): Promise<() => Promise<number>> {
  await page.goto(`/systemadministration/opgavepakke/${encodeURIComponent(key)}`);
  const count = page.locator('.preview-count strong');
  await expect(count).toBeVisible();
  return async () => Number((await count.innerText()).replace(/[^0-9]/g, ''));
}

/** Mine opgavepakker as `user`: the "Åbne opgaver" cell of `packageName`, and the count it shows once loaded. */
export async function myPackagesCount(page: Page, user: string, packageName: string) {
  await login(page, user);
  await expect(page.getByRole('heading', { level: 1, name: 'Mine opgavepakker' })).toBeVisible();
  const cell = countCell(page, packageName);
  await expect(cell).toHaveText(/\d/);
  return { cell, before: parseCount(await cell.textContent()) };
}
