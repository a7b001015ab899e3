import { Browser, expect, Page, test } from '@playwright/test';
import { openTopic, requestTopic, signIn, waitForRequest } from './kafkaTaas';

// A prod critical request waits for the platform team and security: each approver finds it in
// the Kafka page's inbox, and the last approval provisions the topic.

const name = `ledger-${Date.now().toString(36)}`;
const topic = `payments.ledger.${name}`;

async function signedIn(browser: Browser, displayName: string) {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, displayName);
  return page;
}

/** Approves the request from the Approvals tab of the Kafka page. */
async function approveFromInbox(page: Page, screenshot?: string) {
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Kafka', exact: true })
    .click();
  await page.getByRole('tab', { name: 'Approvals' }).click();
  const request = page.getByRole('region', { name: `Kafka topic ${topic}` });
  await expect(request).toBeVisible();
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  await request.getByRole('button', { name: 'Approve', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Approve ${topic}` });
  await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
  // Decided: it leaves this approver's inbox.
  await expect(request).toBeHidden();
}

test('a prod critical request waits in the approvers inboxes, and approving it creates the topic', async ({
  browser,
  request,
}) => {
  test.setTimeout(180_000);

  const submitted = await requestTopic(request, 'alice', {
    domain: 'payments',
    subdomain: 'ledger',
    name,
    environment: 'prod',
    owner: 'group:default/team-payments',
    description: 'Ledger postings of settled payments, one event per posting.',
    partitions: 6,
    replicationFactor: 1,
    criticality: 'critical',
    classification: 'confidential',
    schema: {
      type: 'json',
      value: JSON.stringify({
        type: 'object',
        properties: { postingId: { type: 'string' } },
        required: ['postingId'],
      }),
    },
  });
  expect(submitted.status).toBe('pending_approval');

  // Bob approves for the platform team, Dave for security.
  const bob = await signedIn(browser, 'Bob Approver');
  await approveFromInbox(bob, 'test-results/screenshots/approvals-inbox.png');
  await waitForRequest(request, 'alice', submitted.id, ['pending_approval']);
  const dave = await signedIn(browser, 'Dave Security');
  await approveFromInbox(dave);

  // Approved by both: provisioned, and in the catalog with its owner.
  await waitForRequest(request, 'alice', submitted.id, ['ready']);
  const alice = await signedIn(browser, 'Alice Developer');
  await openTopic(alice, topic, 'Payments team');
  await alice.screenshot({
    path: 'test-results/screenshots/approved-topic.png',
    fullPage: true,
  });
});
