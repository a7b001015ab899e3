import { expect, test } from '@playwright/test';
import {
  Consumer,
  MessagesStreamModes,
  Producer,
  stringDeserializers,
  stringSerializers,
} from '@platformatic/kafka';
import {
  kafkaBrokers,
  openTopic,
  requestTopic,
  signIn,
  waitForRequest,
} from './kafkaTaas';

// A real consumer group on a real topic: its exact lag on the topic's page.

const name = `lag-${Date.now().toString(36)}`;
const topic = `payments.settlements.${name}`;
const group = `e2e-reconciliation-${name}`;

test('a consumer group that read part of a topic shows its exact lag on the topic page', async ({
  page,
  request,
}) => {
  test.setTimeout(150_000);

  // Alice asks for a dev topic: low criticality, provisioned at once.
  const submitted = await requestTopic(request, 'alice', {
    domain: 'payments',
    subdomain: 'settlements',
    name,
    environment: 'dev',
    owner: 'group:default/team-payments',
    description:
      'Settlement batches for the e2e lag test, one event per batch.',
    partitions: 1,
    replicationFactor: 1,
    criticality: 'low',
    classification: 'internal',
    schema: {
      type: 'json',
      value: JSON.stringify({
        type: 'object',
        properties: { batch: { type: 'integer' } },
        required: ['batch'],
      }),
    },
  });
  expect(submitted.topicName).toBe(topic);
  await waitForRequest(request, 'alice', submitted.id, ['ready']);

  // Ten messages; a real consumer reads four of them and commits each.
  const producer = new Producer({
    // Idempotent: a retry under load must not write a message twice (exact lags).
    idempotent: true,
    clientId: 'e2e-lag-producer',
    bootstrapBrokers: kafkaBrokers,
    serializers: stringSerializers,
  });
  await producer.send({
    messages: Array.from({ length: 10 }, (_, i) => ({
      topic,
      key: `batch-${i}`,
      value: JSON.stringify({ batch: i }),
    })),
  });
  await producer.close();
  const consumer = new Consumer({
    clientId: 'e2e-lag-consumer',
    groupId: group,
    bootstrapBrokers: kafkaBrokers,
    deserializers: stringDeserializers,
  });
  const stream = await consumer.consume({
    topics: [topic],
    mode: MessagesStreamModes.EARLIEST,
    autocommit: false,
  });
  let read = 0;
  for await (const message of stream) {
    await message.commit();
    if (++read === 4) break;
  }
  await stream.close();
  await consumer.close();

  await signIn(page, 'Alice Developer');
  await openTopic(page, topic, 'Payments team');

  const groups = page.getByRole('table', {
    name: 'Consumer groups on local-dev',
  });
  const row = groups.getByRole('row', { name: new RegExp(group) });
  // Six messages wait: 10 written, 4 committed (cells: group, lag, ...).
  await expect(row.getByRole('cell').nth(1)).toHaveText('6');
  await row.getByRole('button', { name: 'Partitions' }).click();
  const partitions = page.getByRole('table', {
    name: `Partitions of ${group} on local-dev`,
  });
  // Partition, committed, log start, log end, lag.
  const cells = partitions.getByRole('row').nth(1).getByRole('cell');
  for (const [i, text] of ['0', '4', '0', '10', '6'].entries()) {
    await expect(cells.nth(i)).toHaveText(text);
  }
  await page.screenshot({
    path: 'test-results/screenshots/topic-lag.png',
    fullPage: true,
  });

  // Alice's topics on the Kafka page: this one, with its consumer group's lag.
  await page.goto('/kafka');
  const mine = page.getByRole('row', { name: new RegExp(topic) });
  await expect(mine).toBeVisible();
  await expect(mine.getByText('6', { exact: true })).toBeVisible();
  await page.screenshot({
    path: 'test-results/screenshots/kafka-my-topics.png',
    fullPage: true,
  });
});
