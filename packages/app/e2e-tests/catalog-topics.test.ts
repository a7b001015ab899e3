import { expect, Page, test } from '@playwright/test';

/**
 * Opens a topic's entity page. The catalog module reads the cluster 15 s after the backend
 * starts, then the catalog processes the entities, and the page fetches once: reload until the
 * entity is there.
 */
async function openTopic(page: Page, topic: string) {
  await page.goto(`/catalog/default/resource/${topic}`);
  const heading = page.getByRole('heading', { name: topic });
  await expect(async () => {
    if (!(await heading.isVisible())) await page.reload();
    await expect(heading).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 90_000 });
}

// Every topic on the demo cluster is in the catalog with its owner: scripts/demo-topics.mjs
// creates them on the broker, demo/topics/catalog-info.yaml declares one of them.
test.describe('Kafka topics in the catalog', () => {
  test.setTimeout(120_000);
  test.beforeEach(async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Alice Developer' }).click();
    await expect(
      page
        .getByRole('navigation', { name: 'sidebar nav' })
        .getByRole('link', { name: 'Catalog', exact: true }),
    ).toBeVisible();
  });

  test('a topic declared in a catalog-info.yaml has the owner it declares', async ({
    page,
  }) => {
    await openTopic(page, 'banking.payments.settlements');
    await expect(
      page.getByRole('link', { name: 'Payments team' }).first(),
    ).toBeVisible();
    await expect(
      page.getByText('kafka-topic', { exact: true }).first(),
    ).toBeVisible();
    await page.screenshot({
      path: 'test-results/screenshots/declared-topic.png',
      fullPage: true,
    });
  });

  test('a topic nobody declared or requested shows up, owned by the platform team', async ({
    page,
  }) => {
    await openTopic(page, 'operations.legacy.clickstream');
    await expect(
      page.getByRole('link', { name: 'Platform team' }).first(),
    ).toBeVisible();
    await expect(page.getByText(/nobody owns it yet/).first()).toBeVisible();
  });
});
