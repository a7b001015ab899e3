import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  TopicRequest,
  TopicRequestEvent,
} from '@kafka-taas/plugin-kafka-taas-common';
import {
  backendError,
  baseUrl,
  devCreate,
  prodCreate,
  requestsUrl,
  topic,
} from './__testUtils__/fixtures';
import { renderCard } from './__testUtils__/renderCard';
import { TopicHistoryCard } from './TopicHistoryCard';

// A team asks to read the topic on prod; the owning team has not decided yet.
const access: TopicRequest = {
  ...prodCreate,
  id: 'req-prod-access',
  kind: 'access',
  topicRequestId: prodCreate.id,
  status: 'pending_approval',
  requestedBy: 'user:default/erin',
  input: {
    kind: 'access',
    topic,
    environment: 'prod',
    group: 'group:default/data-governance',
    consumerGroup: 'data-governance.payments-audit',
    reason: 'Audit of authorized payments for the quarterly report',
  },
  plan: [
    {
      id: 'acls',
      title: `Grant group:default/data-governance (User:data-svc) READ on topic ${topic} and consumer group data-governance.payments-audit`,
      cluster: 'local-prod',
      acls: [],
    },
  ],
  approval: {
    required: true,
    roles: [
      {
        role: 'owner',
        title: 'Owning team',
        groups: ['group:default/team-payments'],
      },
    ],
  },
  approvals: [],
  completedSteps: [],
  createdAt: '2026-11-24T09:15:00.000Z',
  updatedAt: '2026-11-24T09:15:00.000Z',
};

const events: TopicRequestEvent[] = [
  {
    id: 7,
    requestId: prodCreate.id,
    type: 'created',
    actor: 'user:default/alice',
    at: '2026-11-21T09:00:00.000Z',
    details: { kind: 'create', status: 'pending_approval' },
  },
  {
    id: 8,
    requestId: prodCreate.id,
    type: 'approved',
    actor: 'user:default/carol',
    at: '2026-11-21T10:00:00.000Z',
    details: { role: 'platform' },
  },
  {
    id: 9,
    requestId: prodCreate.id,
    type: 'ready',
    actor: 'system',
    at: '2026-11-21T11:00:02.000Z',
  },
];

const list = (items: TopicRequest[], totalCount = items.length) =>
  HttpResponse.json({ items, totalCount });

describe('TopicHistoryCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('lists the topic’s requests newest first with kind, environment, status, requester, approvals and page link', async () => {
    let asked = '';
    server.use(
      http.get(requestsUrl, ({ request }) => {
        asked = new URL(request.url).search;
        return list([access, prodCreate, devCreate]);
      }),
    );

    await renderCard(<TopicHistoryCard />);

    const table = await screen.findByRole('table', { name: 'Requests' });
    expect(asked).toBe(`?topic=${topic}&limit=100`);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    const [first, second, third] = rows;
    expect(
      within(first).getByText('Read access for data-governance'),
    ).toBeInTheDocument();
    expect(within(first).getByText('prod')).toBeInTheDocument();
    expect(within(first).getByText('Pending approval')).toBeInTheDocument();
    expect(within(first).getByText('erin')).toBeInTheDocument();
    expect(
      within(first).getByText('Waiting for Owning team'),
    ).toBeInTheDocument();
    expect(
      within(first).getByRole('link', { name: 'Request page' }),
    ).toHaveAttribute('href', '/kafka/requests/req-prod-access');

    expect(within(second).getByText('Creation')).toBeInTheDocument();
    expect(within(second).getByText('Ready')).toBeInTheDocument();
    expect(within(second).getByText(/^Platform team:/)).toBeInTheDocument();
    expect(within(second).getByText('carol')).toBeInTheDocument();
    expect(within(second).getByText(/^Security:/)).toBeInTheDocument();
    expect(within(second).getByText('dave')).toBeInTheDocument();
    expect(
      within(second).getByRole('link', { name: 'Request page' }),
    ).toHaveAttribute('href', '/kafka/requests/req-prod-create');

    expect(within(third).getByText('dev')).toBeInTheDocument();
    expect(within(third).getByText('Not needed')).toBeInTheDocument();
    expect(screen.queryByText(/The newest/)).toBeNull();
  });

  it('shows a request’s provisioning steps and audit trail inline on demand', async () => {
    let detailCalls = 0;
    server.use(
      http.get(requestsUrl, () => list([access, prodCreate], 140)),
      http.get(`${baseUrl}/topic-requests/:id`, ({ params }) => {
        detailCalls += 1;
        expect(params.id).toBe(prodCreate.id);
        return HttpResponse.json({ request: prodCreate, events });
      }),
    );

    await renderCard(<TopicHistoryCard />);

    const table = await screen.findByRole('table', { name: 'Requests' });
    expect(
      screen.getByText('The newest 2 of 140 requests.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Audit trail' })).toBeNull();
    const [, , createRow] = within(table).getAllByRole('row');
    fireEvent.click(
      within(createRow).getByRole('button', { name: 'Show the audit trail' }),
    );

    const trail = await screen.findByRole('table', { name: 'Audit trail' });
    expect(
      within(trail)
        .getAllByRole('row')
        .slice(1)
        .map(r => within(r).getAllByRole('cell')[1].textContent),
    ).toEqual(['Submitted', 'Approved', 'Ready']);
    expect(within(trail).getByText('role: platform')).toBeInTheDocument();
    expect(
      within(screen.getByRole('list', { name: 'Plan steps' })).getByText(
        'Record the result, add the topic to the catalog and notify the requester',
      ),
    ).toBeInTheDocument();

    fireEvent.click(
      within(createRow).getByRole('button', { name: 'Hide the audit trail' }),
    );
    expect(screen.queryByRole('table', { name: 'Audit trail' })).toBeNull();
    expect(
      within(createRow).getByRole('button', { name: 'Show the audit trail' }),
    ).toHaveAttribute('aria-expanded', 'false');
    expect(detailCalls).toBe(1);
  });

  it('says how requests come to be when the topic has none', async () => {
    server.use(http.get(requestsUrl, () => list([])));

    await renderCard(<TopicHistoryCard />);

    expect(
      await screen.findByText('No request names this topic'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /A topic that was declared in a catalog-info.yaml or found on a cluster has none/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('says who may see the requests when the caller may not (403)', async () => {
    server.use(
      http.get(requestsUrl, () =>
        backendError(
          403,
          'NotAllowedError',
          'You are not allowed to do this: permission kafka-taas.topic-request.read was denied',
        ),
      ),
    );

    await renderCard(<TopicHistoryCard />);

    expect(
      await screen.findByText('You may not see the requests of this topic'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/kafka-taas\.topic-request\.read permission can see it/),
    ).toBeInTheDocument();
  });

  it('shows the error and loads again on retry', async () => {
    let calls = 0;
    server.use(
      http.get(requestsUrl, () => {
        calls += 1;
        return calls === 1
          ? backendError(500, 'Error', 'database is unavailable')
          : list([devCreate]);
      }),
    );

    await renderCard(<TopicHistoryCard />);

    expect(
      await screen.findByText(/Could not read the requests of this topic/),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('table', { name: 'Requests' }),
    ).toBeInTheDocument();
    expect(calls).toBe(2);
  });
});
