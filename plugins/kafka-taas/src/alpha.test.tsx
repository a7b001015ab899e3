import { Entity } from '@backstage/catalog-model';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { renderTestApp } from '@backstage/frontend-test-utils';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  KafkaConsumerGroupLag,
  KafkaTopicLag,
} from '@kafka-taas/plugin-kafka-taas-common';
import {
  kafkaConsumerGroupsLagEntityCard,
  kafkaTaasPage,
  kafkaTopicAccessEntityCard,
  kafkaTopicHistoryEntityCard,
  kafkaTopicLagEntityCard,
  kafkaTopicOverviewEntityCard,
} from './alpha';
import { kafkaTaasApiRef, KafkaTaasClient } from './api';
import { details, devCreate } from './components/topic/__testUtils__/fixtures';

// The cards load lazily through the app: allow for a busy machine (CI runs Jest in parallel).
const CARD_LOAD = { timeout: 15_000 };
const TEST_TIMEOUT = 30_000;
const baseUrl = 'http://localhost:7007/api/kafka-taas';
const topic = 'banking.payments.authorized';

const topicEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: topic },
  spec: { type: 'kafka-topic', owner: 'group:default/team-payments' },
};

const serviceEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ledger-service',
    annotations: { 'kafka-taas/consumer-groups': 'local-dev/ledger' },
  },
  spec: { type: 'service', owner: 'group:default/team-payments' },
};

const topicLag: KafkaTopicLag = {
  topic,
  sampledAt: '2026-11-24T09:00:00.000Z',
  clusters: [
    {
      cluster: 'local-dev',
      environment: 'dev',
      groups: [
        {
          group: 'ledger',
          state: 'Stable',
          members: 1,
          totalLag: '9007199254740993',
          timeLagMs: 1_000,
          status: 'ok',
          statusReason: 'Caught up',
          partitions: [],
        },
      ],
      totalLag: '9007199254740993',
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
  sampledAt: '2026-11-24T09:00:00.000Z',
  totalLag: '42',
  topics: [
    {
      topic,
      totalLag: '42',
      timeLagMs: 1_000,
      status: 'ok',
      statusReason: 'Caught up',
      partitions: [],
    },
  ],
};

describe('the lag entity cards in the new frontend system', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const renderPage = (entity: Entity) =>
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity }),
        kafkaTopicLagEntityCard,
        kafkaConsumerGroupsLagEntityCard,
        kafkaTopicOverviewEntityCard,
        kafkaTopicAccessEntityCard,
        kafkaTopicHistoryEntityCard,
        // The history card links to the request pages below it.
        kafkaTaasPage,
      ],
      apis: [
        [
          kafkaTaasApiRef,
          new KafkaTaasClient({
            discoveryApi: mockApis.discovery({
              baseUrl: 'http://localhost:7007',
            }),
            fetchApi: new MockFetchApi(),
          }),
        ],
      ],
    });

  beforeEach(() => {
    server.use(
      http.get(`${baseUrl}/topics/${topic}/lag`, () =>
        HttpResponse.json(topicLag),
      ),
      http.get(`${baseUrl}/topics/${topic}/lag/history`, () =>
        HttpResponse.json({ topic, series: [] }),
      ),
      http.get(`${baseUrl}/consumer-groups/local-dev/ledger/lag`, () =>
        HttpResponse.json(groupLag),
      ),
      http.get(`${baseUrl}/topics/${topic}`, () =>
        HttpResponse.json(details({ name: topic, requests: [devCreate] })),
      ),
      http.get(`${baseUrl}/topic-requests`, () =>
        HttpResponse.json({ items: [devCreate], totalCount: 1 }),
      ),
    );
  });

  it(
    'shows the overview, access and history cards on a kafka-topic Resource',
    async () => {
      renderPage(topicEntity);

      expect(
        await screen.findByRole('table', { name: 'Clusters' }, CARD_LOAD),
      ).toBeInTheDocument();
      expect(
        await screen.findByRole(
          'table',
          { name: 'ACLs on local-dev' },
          CARD_LOAD,
        ),
      ).toBeInTheDocument();
      expect(
        await screen.findByRole('link', { name: 'Request page' }, CARD_LOAD),
      ).toHaveAttribute('href', `/kafka/requests/${devCreate.id}`);
    },
    TEST_TIMEOUT,
  );

  it(
    'shows the topic card, and only it, on a kafka-topic Resource',
    async () => {
      renderPage(topicEntity);

      expect(
        await screen.findByText('Consumers and lag', {}, CARD_LOAD),
      ).toBeInTheDocument();
      expect(
        await screen.findByText('9,007,199,254,740,993', {}, CARD_LOAD),
      ).toBeInTheDocument();
      expect(screen.queryByText('Consumer lag')).not.toBeInTheDocument();
    },
    TEST_TIMEOUT,
  );

  it(
    'shows the consumer-groups card, and only it, on an annotated component',
    async () => {
      renderPage(serviceEntity);

      expect(
        await screen.findByText('Consumer lag', {}, CARD_LOAD),
      ).toBeInTheDocument();
      expect(
        await screen.findByRole(
          'cell',
          { name: 'local-dev/ledger' },
          CARD_LOAD,
        ),
      ).toBeInTheDocument();
      expect(screen.queryByText('Consumers and lag')).not.toBeInTheDocument();
      expect(screen.queryByText('Kafka topic')).not.toBeInTheDocument();
      expect(screen.queryByText('Access')).not.toBeInTheDocument();
      expect(screen.queryByText('History')).not.toBeInTheDocument();
    },
    TEST_TIMEOUT,
  );

  it(
    'shows neither card on other entities',
    async () => {
      renderPage({
        ...serviceEntity,
        metadata: { name: 'website' },
      });

      expect(
        await screen.findByTestId('empty-entity-page', {}, CARD_LOAD),
      ).toBeInTheDocument();
    },
    TEST_TIMEOUT,
  );
});
