import { expect, Page, test } from '@playwright/test';

// The "Create Kafka topic" template end to end: the built app served by the real backend, the
// real scaffolder running kafka:topic:plan and kafka:topic:request against the local Kafka and
// schema registry, and the topic's entity in the real catalog.

// A topic nobody has asked for before: the broker and the registry outlive a test run.
const name = `e2e-${Date.now().toString(36)}`;
const topic = `payments.cards.${name}`;

/** The stepper's button to the next page ("Review" on the last one). */
async function next(page: Page, button: 'Next' | 'Review' = 'Next') {
  await page.getByRole('button', { name: button, exact: true }).click();
}

test('a developer creates a Kafka topic with the template and opens its entity page', async ({
  page,
}) => {
  // A form of five pages, a task and the catalog: more than the default minute on two cores.
  test.setTimeout(120_000);

  await page.goto('/');
  await page.getByRole('button', { name: 'Alice Developer' }).click();
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Create', exact: true })
    .click();
  await expect(page).toHaveURL(/\/create\/templates/);

  // Template cards have no role of their own: the card is the closest element around the
  // template's title that has a "Choose" button (there are other Kafka templates).
  await page
    .getByRole('heading', { name: 'Create Kafka topic', exact: true })
    .locator('xpath=ancestor::div[.//button[normalize-space()="Choose"]][1]')
    .getByRole('button', { name: 'Choose' })
    .click();
  await expect(page).toHaveURL(
    /\/create\/templates\/default\/create-kafka-topic$/,
  );

  // Identity: the KafkaTopicName field previews the full name and checks the naming policy
  // as the user types.
  const preview = page.getByTestId('kafka-topic-name-preview');
  await expect(preview).toHaveText('<domain>.<name>');
  await page.getByRole('button', { name: /^Domain/ }).click();
  await page.getByRole('option', { name: 'payments', exact: true }).click();
  await page.getByRole('textbox', { name: /^Subdomain/ }).fill('cards');
  const nameInput = page.getByRole('textbox', { name: /^Name/ });
  await nameInput.fill('Card_Events');
  await expect(preview).toHaveText('payments.cards.Card_Events');
  const violations = page.getByRole('list', { name: 'Policy violations' });
  await expect(violations.getByRole('listitem')).toHaveText([
    /^name .*\(allowed: lowercase letters, digits and hyphens, starting with a letter\); got "?Card_Events"?\.$/,
  ]);
  await nameInput.fill(name);
  await expect(preview).toHaveText(topic);
  await expect(violations).toBeHidden();
  await next(page);

  // Ownership: Alice is in one group only, so the picker chooses it for her.
  await expect(page.getByRole('textbox', { name: /^Owner/ })).toHaveValue(
    'Payments team',
  );
  await page
    .getByRole('textbox', { name: /^Description/ })
    .fill(
      'Card authorizations from the payment gateway, one event per authorization.',
    );
  await next(page);

  // Settings: the approval the combination will need, live. Medium criticality in prod
  // needs a team lead; a low-criticality dev topic needs nobody.
  const environment = page.getByRole('button', { name: /^Environment/ });
  await expect(environment).toHaveText('dev');
  await environment.click();
  await page.getByRole('option', { name: 'prod', exact: true }).click();
  await expect(
    page.getByText('Needs approval from Team lead', { exact: true }),
  ).toBeVisible();
  await environment.click();
  await page.getByRole('option', { name: 'dev', exact: true }).click();
  await page.getByRole('button', { name: /^Criticality/ }).click();
  await page.getByRole('option', { name: 'low', exact: true }).click();
  await expect(
    page.getByText('Automatic: provisioned at once', { exact: true }),
  ).toBeVisible();
  await next(page);

  // Schema: the template's example Avro record, registered as <topic>-value. The
  // KafkaTopicSchema field has the backend parse it and check it against the registry as it is
  // typed, and a schema that does not parse keeps the page from going on.
  await expect(page.getByRole('button', { name: /^Schema type/ })).toHaveText(
    'avro',
  );
  const schemaInput = page.getByRole('textbox', { name: /^Value schema/ });
  await expect(schemaInput).toHaveValue(/"type": "record"/);
  const schemaCheck = page.getByRole('status', { name: 'Schema check' });
  await expect(schemaCheck).toHaveText(/^Parses as Avro; /);
  const example = await schemaInput.inputValue();
  await schemaInput.fill('{"type": "record", "name": "CardAuthorized"');
  await expect(schemaCheck.getByRole('listitem')).toHaveText([
    /^The value schema is not valid Avro: /,
  ]);
  await next(page);
  await expect(
    page.getByText(/^'Value schema' The value schema is not valid Avro: /),
  ).toBeVisible();
  await schemaInput.fill(example);
  await expect(schemaCheck).toHaveText(/^Parses as Avro; /);
  await next(page);

  // Consumers: none yet.
  await next(page, 'Review');

  const review = (field: string, value: string) =>
    expect(
      page.getByRole('row', { name: `${field} ${value}`, exact: true }),
    ).toBeVisible();
  await review('Domain', 'payments');
  await review('Subdomain', 'cards');
  await review('Name', name);
  await review('Owner', 'group:default/team-payments');
  await review('Environment', 'dev');
  await review('Criticality', 'low');
  await page.screenshot({
    path: 'test-results/screenshots/create-topic-review.png',
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Create', exact: true }).click();

  // The task plans, requests (and waits for provisioning), then hands back the links.
  await expect(page).toHaveURL(/\/create\/tasks\/[0-9a-f-]+$/);
  const topicLink = page.getByRole('link', { name: 'Topic in the catalog' });
  await expect(topicLink).toBeVisible();
  await expect(topicLink).toHaveAttribute(
    'href',
    `/catalog/default/resource/${topic}`,
  );
  const requestLink = page.getByRole('link', {
    name: 'Topic request (approval and provisioning)',
  });
  await expect(requestLink).toHaveAttribute(
    'href',
    /\/kafka\/requests\/[0-9a-f-]{36}$/,
  );
  const requestHref = String(await requestLink.getAttribute('href'));
  await expect(
    page.getByText(`${topic} is ready.`, { exact: true }),
  ).toBeVisible();
  await page.screenshot({
    path: 'test-results/screenshots/create-topic-task.png',
    fullPage: true,
  });

  // The topic's entity page: kafka:topic:request waited for the catalog to have it.
  await topicLink.click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/resource/${topic.replace(/\./g, '\\.')}$`),
  );
  await expect(
    page.getByRole('heading', { name: topic, exact: true }),
  ).toBeVisible();
  await expect(
    page.getByText('kafka-topic', { exact: true }).first(),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Payments team' }).first(),
  ).toBeVisible();
  // Its schema, as registered from the form: version 1 of <topic>-value.
  const subject = page.getByRole('region', {
    name: `${topic}-value on local-dev`,
  });
  await expect(subject.getByText(/versions 1$/)).toBeVisible();
  await expect(
    subject.getByText(/^Version 1 · schema id \d+ · AVRO$/),
  ).toBeVisible();
  await expect(subject.getByText(/"CardAuthorized"/).first()).toBeVisible();
  await page.screenshot({
    path: 'test-results/screenshots/create-topic-entity.png',
    fullPage: true,
  });

  // The request's page: its status and its plan.
  await page.goto(requestHref);
  await expect(
    page.getByRole('heading', { name: `Kafka topic ${topic}` }),
  ).toBeVisible();
  await expect(page.getByText('Ready').first()).toBeVisible();
  await expect(
    page.getByText(`Create topic ${topic}`, { exact: false }).first(),
  ).toBeVisible();
  await page.screenshot({
    path: 'test-results/screenshots/create-topic-request.png',
    fullPage: true,
  });
});
