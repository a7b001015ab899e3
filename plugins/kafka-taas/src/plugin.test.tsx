import { Entity } from '@backstage/catalog-model';
import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  KafkaConsumerGroupLag,
  KafkaTopicLag,
} from '@kafka-taas/plugin-kafka-taas-common';
import {
  baseUrl,
  details,
  detailsUrl,
  devCreate,
  requestsUrl,
  topic,
  topicEntity,
} from './components/topic/__testUtils__/fixtures';
import { renderCard } from './components/topic/__testUtils__/renderCard';
import {
  EntityKafkaConsumerGroupsLagCard,
  EntityKafkaTopicAccessCard,
  EntityKafkaTopicHistoryCard,
  EntityKafkaTopicLagCard,
  EntityKafkaTopicOverviewCard,
  EntityKafkaTopicSchemasCard,
} from './plugin';

// The legacy frontend system's exports: the same cards as the new system's extensions, for
// apps that place them in their own EntityPage.

const lag: KafkaTopicLag = {
  topic,
  sampledAt: '2026-11-23T10:00:00.000Z',
  clusters: [
    {
      cluster: 'local-dev',
      environment: 'dev',
      totalLag: '9007199254740993',
      groups: [
        {
          group: 'ledger',
          state: 'Stable',
          members: 1,
          totalLag: '9007199254740993',
          timeLagMs: 200_000,
          status: 'lagging',
          statusReason: 'lag grew over the last 5 samples',
          partitions: [],
        },
      ],
    },
  ],
  totalLag: '9007199254740993',
  unreachableClusters: [],
};

const groupLag: KafkaConsumerGroupLag = {
  cluster: 'local-dev',
  environment: 'dev',
  group: 'ledger',
  state: 'Stable',
  members: 1,
  sampledAt: '2026-11-23T10:00:00.000Z',
  totalLag: '12',
  topics: [
    {
      topic,
      totalLag: '12',
      timeLagMs: 1_000,
      status: 'ok',
      statusReason: 'caught up',
      partitions: [],
    },
  ],
};

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ledger',
    annotations: { 'kafka-taas/consumer-groups': 'local-dev/ledger' },
  },
  spec: { type: 'service', owner: 'group:default/team-payments' },
};

describe('legacy frontend system exports', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  beforeEach(() =>
    server.use(
      http.get(detailsUrl, () => HttpResponse.json(details())),
      http.get(`${detailsUrl}/lag`, () => HttpResponse.json(lag)),
      http.get(`${detailsUrl}/lag/history`, () =>
        HttpResponse.json({ topic, series: [] }),
      ),
      http.get(`${baseUrl}/consumer-groups/local-dev/ledger/lag`, () =>
        HttpResponse.json(groupLag),
      ),
      http.get(requestsUrl, () =>
        HttpResponse.json({ items: [devCreate], totalCount: 1 }),
      ),
    ),
  );

  it.each([
    ['EntityKafkaTopicOverviewCard', EntityKafkaTopicOverviewCard, 'Kafka topic'],
    ['EntityKafkaTopicSchemasCard', EntityKafkaTopicSchemasCard, 'Schemas'],
    ['EntityKafkaTopicLagCard', EntityKafkaTopicLagCard, 'Consumers and lag'],
    ['EntityKafkaTopicAccessCard', EntityKafkaTopicAccessCard, 'Access'],
    ['EntityKafkaTopicHistoryCard', EntityKafkaTopicHistoryCard, 'History'],
  ])('%s renders its card for a kafka-topic entity', async (_, Card, title) => {
    await renderCard(<Card />, topicEntity);
    expect(await screen.findByText(title)).toBeInTheDocument();
  });

  it('EntityKafkaTopicLagCard shows the exact lag read from the backend', async () => {
    await renderCard(<EntityKafkaTopicLagCard />, topicEntity);
    expect(
      (await screen.findAllByText('9,007,199,254,740,993')).length,
    ).toBeGreaterThan(0);
  });

  it('EntityKafkaConsumerGroupsLagCard renders the groups of a component', async () => {
    await renderCard(<EntityKafkaConsumerGroupsLagCard />, component);
    const table = await screen.findByRole('table', {
      name: 'Consumer groups of this component',
    });
    const row = within(table).getByRole('row', { name: /local-dev\/ledger/ });
    expect(within(row).getByText('12')).toBeInTheDocument();
  });
});
