import { expect, Page, test } from '@playwright/test';

/**
 * Opens a topic's entity page and waits for its owner. The catalog module reads the cluster 15 s
 * after the backend starts, then the catalog processes the entities, and the page fetches once
 * (a missing entity shows "Entity not found" under the same heading): reload until it is there.
 */
async function openTopic(page: Page, topic: string, owner: string) {
  await expect(async () => {
    await page.goto(`/catalog/default/resource/${topic}`);
    await expect(page.getByRole('heading', { name: topic })).toBeVisible();
    await expect(page.getByText('Entity not found')).toBeHidden();
    await expect(page.getByRole('link', { name: owner }).first()).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 90_000, intervals: [2_000] });
}

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
    await openTopic(page, 'banking.payments.settlements', 'Payments team');
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
    await openTopic(page, 'operations.legacy.clickstream', 'Platform team');
    await expect(page.getByText(/nobody owns it yet/).first()).toBeVisible();
  });
});
