import { expect, request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { PASSWORD } from './helpers';

// What the caseworker specs share: API clients logged in as a demo user and
// look-ups of packages and tasks to set up a test.

export const MODTAG_POST = 1;
export const POST_PACKAGE = 'Post fra selvbetjening';

export type TaskRow = { id: number; opgavetype: number; borger_navn: string | null; cpr_maskeret: string | null; taget_af: string | null; oprettet: string };
export type TaskPage = { noegle: string; navn: string; total: number; side: number; sidestoerrelse: number; opgaver: TaskRow[] };
export type Sag = { id: number; titel: string; aktiv: boolean; status: string; startdato: string | null };
export type CaseSelection = { valgbare: Sag[]; fravalgte: Array<{ sag: Sag; aarsag: string }> };

export async function api(baseURL: string | undefined, username: string): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL });
  const res = await ctx.post('/api/session', { data: { username, password: PASSWORD } });
  expect(res.status()).toBe(200);
  return ctx;
}

export async function packageKey(ctx: APIRequestContext, name: string): Promise<string> {
  const mine: Array<{ noegle: string; navn: string }> = await (await ctx.get('/api/my/packages')).json();
  const p = mine.find((x) => x.navn === name);
  expect(p, `package ${name}`).toBeTruthy();
  return p!.noegle;
}

export async function tasksPage(ctx: APIRequestContext, key: string, page = 1, sort = 'aeldste_foerst', pageSize = 25): Promise<TaskPage> {
  const res = await ctx.get(`/api/packages/${encodeURIComponent(key)}/tasks?page=${page}&page_size=${pageSize}&sort=${sort}`);
  expect(res.status()).toBe(200);
  return res.json();
}

/** The oldest untaken Modtag post task of the package that came with a Fuldmagt, and its page (25 per page). */
export async function oldestWithFuldmagt(ctx: APIRequestContext, key: string): Promise<{ row: TaskRow; page: number }> {
  for (let page = 1; page <= 20; page++) {
    const p = await tasksPage(ctx, key, page);
    for (const row of p.opgaver) {
      if (row.opgavetype !== MODTAG_POST || row.taget_af) continue;
      const detail = await (await ctx.get(`/api/tasks/${row.id}`)).json();
      if (detail.kraever_fuldmagt) return { row, page };
    }
    if (p.opgaver.length < p.sidestoerrelse) break;
  }
  throw new Error('no Modtag post task with a Fuldmagt');
}
