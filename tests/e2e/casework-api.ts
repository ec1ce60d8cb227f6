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

/** A task of `types` in the user's packages, untaken or the user's own, whose borger satisfies `ok`. */
export async function findCaseTask(
  ctx: APIRequestContext,
  types: number[],
  ok: (citizenId: number) => Promise<boolean>,
): Promise<{ taskId: number; citizenId: number; key: string; row: TaskRow }> {
  const me: string = (await (await ctx.get('/api/me')).json()).brugernavn;
  const mine: Array<{ noegle: string; navn: string }> = await (await ctx.get('/api/my/packages')).json();
  const seen = new Set<number>();
  for (const p of mine) {
    for (let page = 1; page <= 8; page++) {
      const tp = await tasksPage(ctx, p.noegle, page, 'aeldste_foerst', 100);
      for (const row of tp.opgaver) {
        if (!types.includes(row.opgavetype) || (row.taget_af && row.taget_af !== me)) continue;
        const detail = await (await ctx.get(`/api/tasks/${row.id}`)).json();
        const id = detail.borger?.id;
        if (!id || seen.has(id)) continue;
        seen.add(id);
        if (await ok(id)) return { taskId: row.id, citizenId: id, key: p.noegle, row };
      }
      if (tp.opgaver.length < tp.sidestoerrelse) break;
    }
  }
  throw new Error(`no task of types ${types} fits`);
}

export async function selection(ctx: APIRequestContext, citizenId: number, process: string): Promise<CaseSelection> {
  return (await ctx.get(`/api/citizens/${citizenId}/cases?process=${process}`)).json();
}

/** A caseworker's role ids, for a package the test creates for that user. */
export async function roleIds(ctx: APIRequestContext): Promise<number[]> {
  const me = await (await ctx.get('/api/me')).json();
  return me.roller.map((r: { id: number }) => r.id);
}

/** Creates a package valid from 2020 for `roles` (as admin); its key. */
export async function createPackage(admin: APIRequestContext, navn: string, opgavetyper: number[], roller: number[]): Promise<string> {
  const res = await admin.post('/api/packages', {
    data: { navn, beskrivelse: `Oprettet af e2e (${navn}).`, filter: { opgavetyper, relation: 'begge' }, roller, aendringsaarsag: 'Oprettet af e2e', gyldig_fra: '2020-01-01' },
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return (await res.json()).noegle;
}
