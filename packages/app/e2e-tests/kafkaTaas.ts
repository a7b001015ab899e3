import { APIRequestContext, expect, Page } from '@playwright/test';

// What the e2e tests share: signing in, the backend's API as a demo user, and the local Kafka
// that scripts/test.sh started (its PLAINTEXT listener).

export const kafkaBrokers = [`127.0.0.1:${process.env.KAFKA_PORT ?? 9092}`];

/** Signs in as a demo user from the sign-in page and waits for the sidebar. */
export async function signIn(page: Page, displayName: string) {
  await page.goto('/');
  await page.getByRole('button', { name: displayName }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/** A Backstage token of a demo user (`alice`, `bob`, ...), from the demo sign-in. */
export async function tokenOf(
  request: APIRequestContext,
  user: string,
): Promise<string> {
  const res = await request.get('/api/auth/demo/refresh?env=development', {
    headers: {
      'x-kafka-taas-demo-user': user,
      'x-requested-with': 'XMLHttpRequest',
    },
  });
  expect(res.status()).toBe(200);
  return (await res.json()).backstageIdentity.token;
}

/** POST /topic-requests as a demo user; the answer's body. */
export async function requestTopic(
  request: APIRequestContext,
  user: string,
  input: object,
): Promise<{ id: string; status: string; topicName: string }> {
  const res = await request.post('/api/kafka-taas/topic-requests', {
    headers: { authorization: `Bearer ${await tokenOf(request, user)}` },
    data: input,
  });
  expect(res.status(), await res.text()).toBe(202);
  return res.json();
}

/** GET /topic-requests/{id} as a demo user, until `status` is one of `statuses`. */
export async function waitForRequest(
  request: APIRequestContext,
  user: string,
  id: string,
  statuses: string[],
) {
  const token = await tokenOf(request, user);
  await expect(async () => {
    const res = await request.get(`/api/kafka-taas/topic-requests/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(statuses).toContain((await res.json()).request.status);
  }).toPass({ timeout: 60_000, intervals: [500] });
}

/**
 * Opens a topic's entity page and waits for its owner. The catalog module reads the cluster
 * every 10 s in the e2e backend, then the catalog processes the entity, and the page fetches
 * once (a missing entity shows "Entity not found" under the same heading): reload until it is
 * there.
 */
export async function openTopic(page: Page, topic: string, owner: string) {
  await expect(async () => {
    await page.goto(`/catalog/default/resource/${topic}`);
    await expect(page.getByRole('heading', { name: topic })).toBeVisible();
    await expect(page.getByText('Entity not found')).toBeHidden();
    await expect(page.getByRole('link', { name: owner }).first()).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 90_000, intervals: [2_000] });
}
