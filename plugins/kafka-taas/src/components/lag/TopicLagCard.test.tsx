import { Entity } from '@backstage/catalog-model';
import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  KafkaGroupTopicLag,
  KafkaTopicLag,
  KafkaTopicLagHistory,
} from '@kafka-taas/plugin-kafka-taas-common';
import { backendError as backendErrorOf } from '../topic/__testUtils__/fixtures';
import { renderCard as renderTopicCard } from '../topic/__testUtils__/renderCard';
import { TopicLagCard } from './TopicLagCard';

const baseUrl = 'http://localhost:7007/api/kafka-taas';
const topic = 'banking.payments.authorized';
const lagUrl = `${baseUrl}/topics/${topic}/lag`;
const historyUrl = `${baseUrl}/topics/${topic}/lag/history`;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'banking-payments-authorized',
    annotations: { 'kafka-taas/topic-name': topic },
  },
  spec: { type: 'kafka-topic', owner: 'group:default/team-payments' },
};

const ledger: KafkaGroupTopicLag = {
  group: 'ledger',
  state: 'Stable',
  members: 2,
  totalLag: '9007199254740993',
  timeLagMs: 200_000,
  status: 'lagging',
  statusReason: 'Lag grew over the last 10 samples while offsets moved',
  partitions: [
    {
      partition: 0,
      committedOffset: '9007199254740000',
      logStartOffset: '100',
      logEndOffset: '9007199254740993',
      lag: '993',
      belowLogStart: false,
      timeLagMs: 200_000,
      timeLagSource: 'record',
    },
    {
      partition: 1,
      committedOffset: '5',
      logStartOffset: '9007199254740000',
      logEndOffset: '18014398509481000',
      lag: '9007199254741000',
      belowLogStart: true,
      timeLagMs: 7_000,
      timeLagSource: 'interpolated',
    },
  ],
};

const audit: KafkaGroupTopicLag = {
  group: 'audit',
  state: 'Empty',
  members: 0,
  totalLag: '1500',
  timeLagMs: null,
  status: 'stopped',
  statusReason: 'Committed offsets have not moved for 6 min with lag',
  partitions: [],
};

const lag = (overrides: Partial<KafkaTopicLag> = {}): KafkaTopicLag => ({
  topic,
  sampledAt: '2026-11-24T09:00:00.000Z',
  clusters: [
    {
      cluster: 'local-dev',
      environment: 'dev',
      groups: [audit, ledger],
      totalLag: '9007199254742493',
    },
  ],
  totalLag: '9007199254742493',
  unreachableClusters: [],
  ...overrides,
});

const history: KafkaTopicLagHistory = {
  topic,
  series: [
    {
      cluster: 'local-dev',
      group: 'ledger',
      samples: [
        {
          at: '2026-11-24T08:50:00.000Z',
          totalLag: '10',
          timeLagMs: 1_000,
          status: 'ok',
        },
        {
          at: '2026-11-24T09:00:00.000Z',
          totalLag: '9007199254740993',
          timeLagMs: 200_000,
          status: 'lagging',
        },
      ],
    },
  ],
};

const backendError = (status: number, name: string, message: string) =>
  backendErrorOf(status, name, message, `/topics/${topic}/lag`);

describe('TopicLagCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const renderCard = (forEntity: Entity = entity) =>
    renderTopicCard(<TopicLagCard />, forEntity);

  it('shows every group with its exact lag, time lag, status, state and trend', async () => {
    server.use(
      http.get(lagUrl, () => HttpResponse.json(lag())),
      http.get(historyUrl, () => HttpResponse.json(history)),
    );

    await renderCard();

    const table = await screen.findByRole('table', {
      name: 'Consumer groups on local-dev',
    });
    expect(
      screen.getByText('local-dev (dev): total lag 9,007,199,254,742,493'),
    ).toBeInTheDocument();
    const ledgerRow = within(table).getByRole('row', { name: /ledger/ });
    expect(
      within(ledgerRow).getByText('9,007,199,254,740,993'),
    ).toBeInTheDocument();
    expect(within(ledgerRow).getByText('3 min 20 s')).toBeInTheDocument();
    expect(within(ledgerRow).getByText('Lagging')).toBeInTheDocument();
    expect(
      within(ledgerRow).getByTitle(
        'Lag grew over the last 10 samples while offsets moved',
      ),
    ).toBeInTheDocument();
    expect(
      within(ledgerRow).getByText('Stable, 2 members'),
    ).toBeInTheDocument();
    expect(
      within(ledgerRow).getByRole('img', {
        name: 'Lag trend of ledger: lag 10 at 2026-11-24T08:50:00.000Z, 9,007,199,254,740,993 at 2026-11-24T09:00:00.000Z (2 samples)',
      }),
    ).toBeInTheDocument();

    const auditRow = within(table).getByRole('row', { name: /audit/ });
    expect(within(auditRow).getByText('1,500')).toBeInTheDocument();
    expect(within(auditRow).getByText('unknown')).toBeInTheDocument();
    expect(within(auditRow).getByText('Stopped')).toBeInTheDocument();
    expect(
      within(auditRow).getByTitle(
        'Committed offsets have not moved for 6 min with lag',
      ),
    ).toBeInTheDocument();
    expect(within(auditRow).getByText('Empty, no members')).toBeInTheDocument();
    expect(within(auditRow).getByText('no history yet')).toBeInTheDocument();
  });

  it('shows a group’s partitions on demand, flagging commits below the log start', async () => {
    server.use(
      http.get(lagUrl, () => HttpResponse.json(lag())),
      http.get(historyUrl, () => HttpResponse.json(history)),
    );

    await renderCard();

    const table = await screen.findByRole('table', {
      name: 'Consumer groups on local-dev',
    });
    expect(
      screen.queryByRole('table', {
        name: 'Partitions of ledger on local-dev',
      }),
    ).not.toBeInTheDocument();
    const ledgerRow = within(table).getByRole('row', { name: /ledger/ });
    fireEvent.click(
      within(ledgerRow).getByRole('button', { name: 'Partitions' }),
    );

    const partitions = await screen.findByRole('table', {
      name: 'Partitions of ledger on local-dev',
    });
    const rows = within(partitions).getAllByRole('row');
    expect(rows.map(r => r.textContent)).toEqual([
      'PartitionCommittedLog startLog endLagTime lag',
      '09,007,199,254,740,0001009,007,199,254,740,9939933 min 20 s',
      '159,007,199,254,740,00018,014,398,509,481,0009,007,199,254,741,0007 s (interpolated)Below log start',
    ]);
    fireEvent.click(
      within(ledgerRow).getByRole('button', { name: 'Hide partitions' }),
    );
    expect(
      within(ledgerRow).getByRole('button', { name: 'Partitions' }),
    ).toHaveAttribute('aria-expanded', 'false');
  });

  it('reads the topic named by metadata.name without the annotation', async () => {
    const plain = 'orders.created';
    server.use(
      http.get(`${baseUrl}/topics/${plain}/lag`, () =>
        HttpResponse.json(lag({ topic: plain })),
      ),
      http.get(`${baseUrl}/topics/${plain}/lag/history`, () =>
        HttpResponse.json({ topic: plain, series: [] }),
      ),
    );

    await renderCard({
      ...entity,
      metadata: { name: plain },
    });

    expect(
      await screen.findByRole('table', {
        name: 'Consumer groups on local-dev',
      }),
    ).toBeInTheDocument();
  });

  it('tells the user how consumers appear when no group has committed', async () => {
    server.use(
      http.get(lagUrl, () =>
        HttpResponse.json(
          lag({
            clusters: [
              {
                cluster: 'local-dev',
                environment: 'dev',
                groups: [],
                totalLag: '0',
              },
            ],
            totalLag: '0',
          }),
        ),
      ),
      http.get(historyUrl, () => HttpResponse.json({ topic, series: [] })),
    );

    await renderCard();

    expect(
      await screen.findByText(
        'No consumer group has committed offsets on this topic yet',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/add the kafka-taas\/consumer-groups annotation/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('names an unreachable cluster and why, beside the clusters it could read', async () => {
    server.use(
      http.get(lagUrl, () =>
        HttpResponse.json(
          lag({
            unreachableClusters: [
              {
                cluster: 'local-prod',
                environment: 'prod',
                error:
                  'Kafka cluster "local-prod" did not answer within 5000 ms',
              },
            ],
          }),
        ),
      ),
      http.get(historyUrl, () => HttpResponse.json(history)),
    );

    await renderCard();

    expect(
      await screen.findByText(
        'Warning: Kafka cluster local-prod (prod) could not be read: the topic may have consumers there too',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Kafka cluster "local-prod" did not answer within 5000 ms',
      ),
    ).toBeVisible();
    expect(
      screen.getByRole('table', { name: 'Consumer groups on local-dev' }),
    ).toBeInTheDocument();
  });

  it('still shows the lag when the history cannot be read, saying the trend is missing', async () => {
    server.use(
      http.get(lagUrl, () => HttpResponse.json(lag())),
      http.get(historyUrl, () =>
        backendError(500, 'Error', 'lag history store is unavailable'),
      ),
    );

    await renderCard();

    expect(
      await screen.findByText('Info: The lag trend is unavailable'),
    ).toBeInTheDocument();
    expect(screen.getByText('9,007,199,254,740,993')).toBeInTheDocument();
  });

  it('says the topic is on no cluster on a 404', async () => {
    server.use(
      http.get(lagUrl, () =>
        backendError(
          404,
          'NotFoundError',
          `Topic "${topic}" is on none of the Kafka clusters read (local-dev)`,
        ),
      ),
      http.get(historyUrl, () => HttpResponse.json({ topic, series: [] })),
    );

    await renderCard();

    expect(
      await screen.findByText(`Kafka TaaS does not know topic ${topic}`),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        new RegExp(`is on none of the Kafka clusters read \\(local-dev\\)\\.`),
      ),
    ).toBeInTheDocument();
  });

  it('shows the error and loads again on retry', async () => {
    let calls = 0;
    server.use(
      http.get(lagUrl, () => {
        calls += 1;
        return calls === 1
          ? backendError(500, 'Error', 'the lag service is restarting')
          : HttpResponse.json(lag());
      }),
      http.get(historyUrl, () => HttpResponse.json(history)),
    );

    await renderCard();

    expect(
      (await screen.findAllByText(/the lag service is restarting/)).length,
    ).toBeGreaterThan(0);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(
      await screen.findByRole('table', {
        name: 'Consumer groups on local-dev',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/the lag service is restarting/)).toBeNull();
    expect(calls).toBe(2);
  });
});
