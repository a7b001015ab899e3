import { Entity } from '@backstage/catalog-model';
import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { KafkaConsumerGroupLag } from '@kafka-taas/plugin-kafka-taas-common';
import { backendError as backendErrorOf } from '../topic/__testUtils__/fixtures';
import { renderCard as renderTopicCard } from '../topic/__testUtils__/renderCard';
import { ComponentLagCard } from './ComponentLagCard';

const baseUrl = 'http://localhost:7007/api/kafka-taas';
const groupUrl = (cluster: string, group: string) =>
  `${baseUrl}/consumer-groups/${cluster}/${group}/lag`;

const component = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'ledger-service', annotations },
  spec: { type: 'service', owner: 'group:default/team-payments' },
});

const ledger: KafkaConsumerGroupLag = {
  cluster: 'local-dev',
  environment: 'dev',
  group: 'ledger',
  state: 'Stable',
  members: 3,
  sampledAt: '2026-11-24T09:00:00.000Z',
  totalLag: '9007199254740993',
  topics: [
    {
      topic: 'banking.payments.authorized',
      totalLag: '9007199254740990',
      timeLagMs: 200_000,
      status: 'lagging',
      statusReason: 'Lag grew over the last 10 samples while offsets moved',
      partitions: [],
    },
    {
      topic: 'banking.payments.settled',
      totalLag: '3',
      timeLagMs: 1_000,
      status: 'ok',
      statusReason: 'Caught up',
      partitions: [],
    },
  ],
};

const audit: KafkaConsumerGroupLag = {
  cluster: 'local-prod',
  environment: 'prod',
  group: 'audit',
  state: 'Empty',
  members: 0,
  sampledAt: '2026-11-24T09:00:00.000Z',
  totalLag: '0',
  topics: [
    {
      topic: 'banking.payments.authorized',
      totalLag: '0',
      timeLagMs: 0,
      status: 'ok',
      statusReason: 'Caught up',
      partitions: [],
    },
  ],
};

const backendError = (status: number, name: string, message: string) =>
  backendErrorOf(status, name, message, '/consumer-groups');

describe('ComponentLagCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const renderCard = (forEntity: Entity) =>
    renderTopicCard(<ComponentLagCard />, forEntity);

  it('shows one row per group of our annotation with exact lag, time lag, status and state', async () => {
    server.use(
      http.get(groupUrl('local-dev', 'ledger'), () =>
        HttpResponse.json(ledger),
      ),
      http.get(groupUrl('local-prod', 'audit'), () => HttpResponse.json(audit)),
    );

    await renderCard(
      component({
        'kafka-taas/consumer-groups': 'local-dev/ledger, local-prod/audit',
      }),
    );

    const table = await screen.findByRole('table', {
      name: 'Consumer groups of this component',
    });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    const ledgerRow = within(table).getByRole('row', {
      name: /local-dev\/ledger/,
    });
    expect(
      within(ledgerRow).getByText(
        'banking.payments.authorized, banking.payments.settled',
      ),
    ).toBeInTheDocument();
    expect(
      within(ledgerRow).getByText('9,007,199,254,740,993'),
    ).toBeInTheDocument();
    expect(within(ledgerRow).getByText('3 min 20 s')).toBeInTheDocument();
    expect(within(ledgerRow).getByText('Lagging')).toBeInTheDocument();
    expect(
      within(ledgerRow).getByTitle(
        'banking.payments.authorized: Lag grew over the last 10 samples while offsets moved',
      ),
    ).toBeInTheDocument();
    expect(
      within(ledgerRow).getByText('Stable, 3 members'),
    ).toBeInTheDocument();

    const auditRow = within(table).getByRole('row', {
      name: /local-prod\/audit/,
    });
    expect(within(auditRow).getByText('0')).toBeInTheDocument();
    expect(within(auditRow).getByText('0 s')).toBeInTheDocument();
    expect(within(auditRow).getByText('OK')).toBeInTheDocument();
    expect(within(auditRow).getByText('Empty, no members')).toBeInTheDocument();
  });

  it('reads the community plugin’s annotation too, without repeating a group both name', async () => {
    let ledgerCalls = 0;
    server.use(
      http.get(groupUrl('local-dev', 'ledger'), () => {
        ledgerCalls += 1;
        return HttpResponse.json(ledger);
      }),
      http.get(groupUrl('local-prod', 'audit'), () => HttpResponse.json(audit)),
    );

    await renderCard(
      component({
        'kafka-taas/consumer-groups': 'local-dev/ledger',
        'kafka.apache.org/consumer-groups': 'local-prod/audit,local-dev/ledger',
      }),
    );

    const table = await screen.findByRole('table', {
      name: 'Consumer groups of this component',
    });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(r => within(r).getAllByRole('cell')[0].textContent),
    ).toEqual(['local-dev/ledger', 'local-prod/audit']);
    expect(ledgerCalls).toBe(1);
  });

  it('reads the community annotation alone', async () => {
    server.use(
      http.get(groupUrl('local-prod', 'audit'), () => HttpResponse.json(audit)),
    );

    await renderCard(
      component({ 'kafka.apache.org/consumer-groups': 'local-prod/audit' }),
    );

    expect(
      await screen.findByRole('cell', { name: 'local-prod/audit' }),
    ).toBeInTheDocument();
  });

  it('names an invalid annotation entry and the expected cluster/group form', async () => {
    server.use(
      http.get(groupUrl('local-dev', 'ledger'), () =>
        HttpResponse.json(ledger),
      ),
    );

    await renderCard(
      component({ 'kafka-taas/consumer-groups': 'local-dev/ledger, ledger' }),
    );

    expect(
      await screen.findByText(
        'Warning: Some consumer-group annotation entries are not <cluster>/<group> pairs',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Entry "ledger" of annotation kafka-taas/consumer-groups is not a <cluster>/<group> pair: write it as cluster/group, for example local-dev/ledger, and separate pairs with commas.',
      ),
    ).toBeVisible();
    expect(
      await screen.findByRole('cell', { name: 'local-dev/ledger' }),
    ).toBeInTheDocument();
  });

  it('says what to add when no entry is a valid group', async () => {
    await renderCard(
      component({ 'kafka.apache.org/consumer-groups': '/ledger' }),
    );

    expect(
      await screen.findByText('This component names no consumer group'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Entry "\/ledger" of annotation kafka.apache.org\/consumer-groups/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows why a group could not be read, keeps the others, and loads again on retry', async () => {
    let auditCalls = 0;
    server.use(
      http.get(groupUrl('local-dev', 'ledger'), () =>
        HttpResponse.json(ledger),
      ),
      http.get(groupUrl('local-prod', 'audit'), () => {
        auditCalls += 1;
        return auditCalls === 1
          ? backendError(
              503,
              'ServiceUnavailableError',
              'Kafka cluster "local-prod" did not answer within 5000 ms',
            )
          : HttpResponse.json(audit);
      }),
    );

    await renderCard(
      component({
        'kafka-taas/consumer-groups': 'local-dev/ledger, local-prod/audit',
      }),
    );

    expect(
      await screen.findByText(
        'Could not read this group: Kafka cluster "local-prod" did not answer within 5000 ms',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('9,007,199,254,740,993')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));

    const auditRow = await screen.findByRole('row', {
      name: /local-prod\/audit.*OK/,
    });
    expect(within(auditRow).getByText('Empty, no members')).toBeInTheDocument();
    expect(screen.queryByText(/Could not read this group/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('shows the backend’s answer for a group the cluster does not know', async () => {
    server.use(
      http.get(groupUrl('local-dev', 'ghost'), () =>
        backendError(
          404,
          'NotFoundError',
          'Consumer group "ghost" does not exist on Kafka cluster "local-dev": it has no members and no committed offsets',
        ),
      ),
    );

    await renderCard(
      component({ 'kafka-taas/consumer-groups': 'local-dev/ghost' }),
    );

    expect(
      await screen.findByText(
        'Could not read this group: Consumer group "ghost" does not exist on Kafka cluster "local-dev": it has no members and no committed offsets',
      ),
    ).toBeInTheDocument();
  });
});
