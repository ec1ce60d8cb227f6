import { test, expect } from '@playwright/test';
import { login, expectAccessible } from './helpers';
import { PDF, messageId, credential, source, someBorger, danishCount, markPage, expectNotReloaded, openPreview, myPackagesCount } from './intake-api';
import { POST_PACKAGE, api, packageKey } from './casework-api';

// Two server instances on one PostgreSQL database (`cargo xtask test` step
// 7 starts them): the browser talks to instance B (`baseURL`), the work
// arrives at instance A (`BASE_URL_A`). What users of B see follows what A
// wrote: the change log's notification reaches B, which patches its
// snapshot, and B's pages poll it as they do on one instance.

const A = process.env.BASE_URL_A;

test.beforeAll(() => {
  expect(A, 'BASE_URL_A names instance A').toBeTruthy();
});

/** A self-service application sent to instance A; the new task's id. */
async function submitToA(cpr: string, what: string): Promise<number> {
  const admin = await api(A, 'admin');
  const selvbetjening = await source(A, await credential(admin, 'selvbetjening'));
  const form = new FormData();
  form.append('indsendelse', JSON.stringify({ besked_id: messageId(what), formular: 'anmodning_om_refusion', cpr, sagstype: 4, paa_vegne_af: false }));
  form.append('hoveddokument', new Blob([PDF], { type: 'application/pdf' }), 'anmodning.pdf');
  const res = await selvbetjening.post('/api/intake/selvbetjening', { multipart: form });
  expect(res.status(), await res.text()).toBeLessThan(300);
  const answer = await res.json();
  await selvbetjening.dispose();
  await admin.dispose();
  return answer.opgave_id;
}

test('work that arrives at instance A shows on Mine opgavepakker of a caseworker on instance B, without a reload', async ({ page, baseURL }) => {
  expect(baseURL).not.toBe(A);
  const worker = await api(baseURL, 'pension');
  const borger = await someBorger(worker);
  const { cell, before } = await myPackagesCount(page, 'pension', POST_PACKAGE);
  await markPage(page);

  const taskId = await submitToA(borger.cpr, 'instanser-liste');
  expect(taskId).toBeTruthy();
  await expect(cell).toHaveText(danishCount(before + 1), { timeout: 5_000 });
  await expectNotReloaded(page);
  // B's own API agrees: the task is B's to show.
  expect((await worker.get(`/api/tasks/${taskId}`)).status()).toBe(200);
  await expectAccessible(page);
  await worker.dispose();
});

test("the package editor's preview on instance B follows work that arrives at instance A", async ({ page, baseURL }) => {
  const worker = await api(baseURL, 'pension');
  const borger = await someBorger(worker);
  const key = await packageKey(worker, POST_PACKAGE);
  await login(page, 'admin');
  const shown = await openPreview(page, key);
  const before = await shown();
  await markPage(page);

  await submitToA(borger.cpr, 'instanser-afproevning');
  await expect.poll(shown, { timeout: 6_000 }).toBe(before + 1);
  await expectNotReloaded(page);
  await worker.dispose();
});
