import { expect, test } from '@playwright/test';

// The built app, served by the real backend, with the real catalog and the local Kafka.
test('a demo user signs in and sees the catalog', async ({ page }) => {
  await page.goto('/');

  await page.getByRole('button', { name: 'Alice Developer' }).click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
  // The demo components owned by Alice's team are in the catalog table.
  await expect(
    page.getByRole('link', { name: 'payment-gateway' }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'settlement-service' }),
  ).toBeVisible();
  await page.screenshot({
    path: 'test-results/screenshots/catalog.png',
    fullPage: true,
  });
});

test('the Kafka page shows the local cluster, read live from the broker', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Bob Approver' }).click();
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Kafka', exact: true })
    .click();
  await expect(page).toHaveURL(/\/kafka$/);
  await page.getByRole('tab', { name: 'Clusters' }).click();
  await expect(page).toHaveURL(/\/kafka\/clusters$/);

  await expect(page.getByText('local-dev')).toBeVisible();
  await expect(page.getByText('Reachable', { exact: true })).toBeVisible();
  await page.screenshot({
    path: 'test-results/screenshots/kafka-clusters.png',
    fullPage: true,
  });
});
