import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  ClusterStatus,
  TopicRequest,
  TopicRequestEvent,
} from '@kafka-taas/plugin-kafka-taas-common';
import { kafkaTaasApiRef, KafkaTaasClient } from '../../api';
import { catalogEntityRouteRef } from '../../routes';
import { KafkaPage } from './KafkaPage';
import { POLL_INTERVAL_MS } from './useTopicRequest';

const baseUrl = 'http://localhost:7007/api/kafka-taas';
const topic = 'banking.payments.authorized';

// A team asks to read a prod topic that a ready `create` request made: the owning team approves.
const accessId = '3f2b8c1e-5d4a-4e7b-9c6d-1a2b3c4d5e6f';
const pendingAccess: TopicRequest = {
  id: accessId,
  kind: 'access',
  topicRequestId: '9b7e6d5c-4b3a-4291-8f7e-6d5c4b3a2918',
  topicName: topic,
  environment: 'prod',
  cluster: 'local-prod',
  owner: 'group:default/team-payments',
  status: 'pending_approval',
  requestedBy: 'user:default/carol',
  input: {
    kind: 'access',
    topic,
    environment: 'prod',
    group: 'group:default/data-governance',
    consumerGroup: 'data-governance.payments-audit',
    component: 'component:default/settlement-service',
    reason: 'Audit of authorized payments for the quarterly report',
  },
  resolved: {
    topicName: topic,
    environment: 'prod',
    cluster: 'local-prod',
    tier: 'prod',
    owner: 'group:default/team-payments',
    system: 'system:default/payments',
    description: 'Payments authorized by the card gateway, one event each',
    partitions: 6,
    replicationFactor: 3,
    retentionMs: 2592000000,
    cleanupPolicy: 'delete',
    classification: 'confidential',
    criticality: 'high',
    quotaTier: 'silver',
    configs: {
      'retention.ms': '2592000000',
      'cleanup.policy': 'delete',
      'min.insync.replicas': '2',
    },
    ownerPrincipal: 'User:payments-svc',
    consumers: [
      {
        group: 'group:default/data-governance',
        consumerGroup: 'data-governance.payments-audit',
        component: 'component:default/settlement-service',
        principal: 'User:data-svc',
      },
    ],
  },
  plan: [
    {
      id: 'acls',
      title: `Grant group:default/data-governance (User:data-svc) READ on topic ${topic} and consumer group data-governance.payments-audit`,
      cluster: 'local-prod',
      acls: [
        {
          principal: 'User:data-svc',
          resourceType: 'topic',
          resourceName: topic,
          operation: 'read',
        },
        {
          principal: 'User:data-svc',
          resourceType: 'group',
          resourceName: 'data-governance.payments-audit',
          operation: 'read',
        },
      ],
    },
    {
      id: 'done',
      title:
        'Record the grant, add the reader to the catalog entity and notify the requester',
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
  expiresAt: '2026-12-01T09:15:00.000Z',
};

const created: TopicRequestEvent = {
  id: 41,
  requestId: accessId,
  type: 'created',
  actor: 'user:default/carol',
  at: '2026-11-24T09:15:00.000Z',
  details: { kind: 'access', status: 'pending_approval' },
};

// The prod topic itself, made by a `create` request whose ACL step failed.
const createId = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const failedCreate: TopicRequest = {
  ...pendingAccess,
  id: createId,
  kind: 'create',
  topicRequestId: undefined,
  status: 'failed',
  requestedBy: 'user:default/alice',
  input: {
    domain: 'banking',
    subdomain: 'payments',
    name: 'authorized',
    environment: 'dev',
    owner: 'group:default/team-payments',
    description: 'Payments authorized by the card gateway, one event each',
  },
  plan: [
    {
      id: 'topic',
      title: `Create topic ${topic} on cluster local-prod with 6 partitions and replication factor 3`,
      cluster: 'local-prod',
      topic,
      partitions: 6,
      replicationFactor: 3,
      configs: { 'retention.ms': '2592000000' },
    },
    {
      id: 'acls',
      title: 'Create 4 ACLs for User:payments-svc, User:data-svc',
      cluster: 'local-prod',
      acls: [],
    },
    {
      id: 'done',
      title:
        'Record the result, add the topic to the catalog and notify the requester',
    },
  ],
  approval: { required: false, roles: [] },
  completedSteps: ['topic'],
  failedStep: 'acls',
  error:
    'CreateAcls on cluster local-prod failed: CLUSTER_AUTHORIZATION_FAILED: Cluster authorization failed',
};

const failedEvents: TopicRequestEvent[] = [
  {
    id: 3,
    requestId: createId,
    type: 'step-completed',
    actor: 'system',
    at: '2026-11-24T09:15:01.200Z',
    step: 'topic',
    details: { topicId: 'Wc3MF8ZpQyS4M0l6dGg1Tw', worker: 'backend-1' },
  },
  {
    id: 1,
    requestId: createId,
    type: 'created',
    actor: 'user:default/alice',
    at: '2026-11-24T09:15:00.000Z',
    details: { kind: 'create', status: 'approved' },
  },
  {
    id: 4,
    requestId: createId,
    type: 'step-failed',
    actor: 'system',
    at: '2026-11-24T09:15:01.400Z',
    step: 'acls',
    details: { error: failedCreate.error },
  },
  {
    id: 2,
    requestId: createId,
    type: 'provisioning-started',
    actor: 'system',
    at: '2026-11-24T09:15:00.100Z',
    details: { worker: 'backend-1' },
  },
];

const backstageError = (status: number, name: string, message: string) =>
  HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'POST', url: '/api/kafka-taas' },
      response: { statusCode: status },
    },
    { status },
  );

describe('the topic request page', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const renderAt = (path: string) =>
    renderInTestApp(
      <TestApiProvider
        apis={[
          [
            kafkaTaasApiRef,
            new KafkaTaasClient({
              discoveryApi: mockApis.discovery({
                baseUrl: 'http://localhost:7007',
              }),
              fetchApi: new MockFetchApi(),
            }),
          ],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <KafkaPage />
      </TestApiProvider>,
      {
        routeEntries: [path],
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name': catalogEntityRouteRef,
        },
      },
    );

  /** Serves the request as `current()` says it is now, so a test can change it. */
  const serveRequest = (
    id: string,
    current: () => { request: TopicRequest; events: TopicRequestEvent[] },
  ) =>
    server.use(
      http.get(`${baseUrl}/topic-requests/${id}`, () =>
        HttpResponse.json(current()),
      ),
    );

  const cardOf = (title: string) => {
    const card = screen
      .getAllByText(title)
      .map(el => el.closest('[class*="MuiCard-root"]'))
      .find(Boolean);
    if (!(card instanceof HTMLElement)) throw new Error(`no card ${title}`);
    return within(card);
  };

  it('shows what a pending access request asks, who must approve and its plan', async () => {
    serveRequest(accessId, () => ({
      request: pendingAccess,
      events: [created],
    }));

    await renderAt(`/requests/${accessId}`);

    expect(
      await screen.findByRole('heading', {
        name: `Read access to ${topic} for data-governance`,
      }),
    ).toBeInTheDocument();
    const summary = cardOf('Request');
    expect(summary.getByText('Pending approval')).toBeInTheDocument();
    expect(summary.getByText('prod')).toBeInTheDocument();
    expect(summary.getByText('local-prod')).toBeInTheDocument();
    expect(
      summary.getByText(
        'Audit of authorized payments for the quarterly report',
      ),
    ).toBeInTheDocument();
    expect(
      summary.getByText('data-governance.payments-audit'),
    ).toBeInTheDocument();
    expect(summary.getByRole('link', { name: 'carol' })).toHaveAttribute(
      'href',
      '/catalog/default/user/carol',
    );
    expect(
      summary.getByRole('link', { name: 'team-payments' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-payments');
    expect(
      summary.getByText(
        (_, el) => el?.getAttribute('dateTime') === pendingAccess.expiresAt,
      ),
    ).toBeInTheDocument();
    // Not ready: the topic name is no link to a page of this request's making.
    expect(
      summary.queryByRole('link', { name: topic }),
    ).not.toBeInTheDocument();

    const roles = within(screen.getByRole('table', { name: 'Approvals' }));
    const ownerRow = within(roles.getByRole('row', { name: /Owning team/ }));
    expect(
      ownerRow.getByRole('link', { name: 'team-payments' }),
    ).toBeInTheDocument();
    expect(ownerRow.getByText('Waiting')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Approve' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Reject' })).toBeEnabled();
    expect(
      screen.queryByRole('button', { name: /Retry/ }),
    ).not.toBeInTheDocument();

    const steps = within(screen.getByRole('list', { name: 'Plan steps' }));
    const items = steps.getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent(pendingAccess.plan[0].title);
    expect(items[0]).toHaveTextContent('Pending');

    const trail = within(screen.getByRole('table', { name: 'Audit trail' }));
    const [, firstEvent] = trail.getAllByRole('row');
    expect(firstEvent).toHaveTextContent('Submitted');
    expect(
      within(firstEvent).getByRole('link', { name: 'carol' }),
    ).toBeInTheDocument();
  });

  it('approves with the comment given, then shows the request as it now is', async () => {
    let current = { request: pendingAccess, events: [created] };
    serveRequest(accessId, () => current);
    const approvals: unknown[] = [];
    server.use(
      http.post(
        `${baseUrl}/topic-requests/${accessId}/approve`,
        async ({ request }) => {
          approvals.push(await request.json());
          const approval = {
            role: 'owner',
            by: 'user:default/bob',
            at: '2026-11-24T10:02:00.000Z',
            comment: 'Fine for the audit',
          };
          current = {
            request: {
              ...pendingAccess,
              status: 'ready',
              approvals: [approval],
              completedSteps: ['acls', 'done'],
              updatedAt: '2026-11-24T10:02:01.000Z',
            },
            events: [
              created,
              {
                id: 42,
                requestId: accessId,
                type: 'approved',
                actor: 'user:default/bob',
                at: approval.at,
                details: { role: 'owner', comment: approval.comment },
              },
            ],
          };
          return HttpResponse.json({ ...current.request, status: 'approved' });
        },
      ),
    );

    await renderAt(`/requests/${accessId}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Approve' }));
    const dialog = within(await screen.findByRole('dialog'));
    fireEvent.change(dialog.getByLabelText('Comment (optional)'), {
      target: { value: '  Fine for the audit ' },
    });
    fireEvent.click(dialog.getByRole('button', { name: 'Approve' }));

    expect(await cardOf('Request').findByText('Ready')).toBeInTheDocument();
    expect(approvals).toEqual([{ comment: 'Fine for the audit' }]);
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    const ownerRow = within(screen.getByRole('row', { name: /Owning team/ }));
    expect(ownerRow.getByText(/Approved by/)).toBeInTheDocument();
    expect(ownerRow.getByRole('link', { name: 'bob' })).toBeInTheDocument();
    expect(ownerRow.getByText('“Fine for the audit”')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
    const trail = within(screen.getByRole('table', { name: 'Audit trail' }));
    expect(trail.getByText('role: owner')).toBeInTheDocument();
    expect(trail.getByText('comment: Fine for the audit')).toBeInTheDocument();
  });

  it('links a ready request to its topic page in the catalog', async () => {
    serveRequest(accessId, () => ({
      request: {
        ...pendingAccess,
        status: 'ready',
        completedSteps: ['acls', 'done'],
      },
      events: [created],
    }));

    await renderAt(`/requests/${accessId}`);

    expect(await screen.findByRole('link', { name: topic })).toHaveAttribute(
      'href',
      `/catalog/default/resource/${topic}`,
    );
  });

  it('sends a rejection only with a reason, then shows it', async () => {
    let current = { request: pendingAccess, events: [created] };
    serveRequest(accessId, () => current);
    const rejections: unknown[] = [];
    server.use(
      http.post(
        `${baseUrl}/topic-requests/${accessId}/reject`,
        async ({ request }) => {
          const body = (await request.json()) as { reason: string };
          rejections.push(body);
          current = {
            request: {
              ...pendingAccess,
              status: 'rejected',
              rejectionReason: body.reason,
            },
            events: [
              created,
              {
                id: 42,
                requestId: accessId,
                type: 'rejected',
                actor: 'user:default/bob',
                at: '2026-11-24T10:02:00.000Z',
                details: { reason: body.reason },
              },
            ],
          };
          return HttpResponse.json(current.request);
        },
      ),
    );

    await renderAt(`/requests/${accessId}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Reject' }));
    const dialog = within(await screen.findByRole('dialog'));
    const confirm = dialog.getByRole('button', { name: 'Reject' });
    expect(confirm).toBeDisabled();
    expect(
      dialog.getByText(/Required: tell the requester why/),
    ).toBeInTheDocument();
    const reason = dialog.getByRole('textbox', { name: /Reason/ });
    fireEvent.change(reason, { target: { value: '   ' } });
    expect(confirm).toBeDisabled();
    fireEvent.change(reason, {
      target: { value: 'Use the aggregated analytics topic instead' },
    });
    expect(confirm).toBeEnabled();
    fireEvent.click(confirm);

    expect(await cardOf('Request').findByText('Rejected')).toBeInTheDocument();
    expect(rejections).toEqual([
      { reason: 'Use the aggregated analytics topic instead' },
    ]);
    expect(
      screen.getByText('Rejected: Use the aggregated analytics topic instead'),
    ).toBeInTheDocument();
    const steps = within(screen.getByRole('list', { name: 'Plan steps' }));
    expect(steps.getAllByRole('listitem')[0]).toHaveTextContent('Not run');
    expect(
      screen.queryByRole('button', { name: 'Reject' }),
    ).not.toBeInTheDocument();
  });

  it("shows the backend's refusal when the user may not approve, and changes nothing", async () => {
    const message =
      'You do not hold role owner (members of group:default/team-payments), or you already approved this request';
    serveRequest(accessId, () => ({
      request: pendingAccess,
      events: [created],
    }));
    server.use(
      http.post(`${baseUrl}/topic-requests/${accessId}/approve`, () =>
        backstageError(403, 'NotAllowedError', message),
      ),
    );

    await renderAt(`/requests/${accessId}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Approve' }));
    const dialog = within(await screen.findByRole('dialog'));
    fireEvent.click(dialog.getByRole('button', { name: 'Approve' }));

    expect(await dialog.findByText(message)).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(cardOf('Request').getByText('Pending approval')).toBeInTheDocument();
  });

  it('shows where a failed request stopped, and retries it until it is ready', async () => {
    let gets = 0;
    let current = { request: failedCreate, events: failedEvents };
    server.use(
      http.get(`${baseUrl}/topic-requests/${createId}`, () => {
        gets += 1;
        return HttpResponse.json(current);
      }),
    );
    const retries: string[] = [];
    server.use(
      http.post(`${baseUrl}/topic-requests/${createId}/retry`, () => {
        retries.push(createId);
        const provisioning: TopicRequest = {
          ...failedCreate,
          status: 'provisioning',
          failedStep: undefined,
          error: undefined,
        };
        current = { request: provisioning, events: failedEvents };
        return HttpResponse.json(provisioning, { status: 202 });
      }),
    );

    await renderAt(`/requests/${createId}`);

    expect(
      await screen.findByRole('heading', { name: `Kafka topic ${topic}` }),
    ).toBeInTheDocument();
    expect(cardOf('Request').getByText('Failed')).toBeInTheDocument();
    const steps = within(screen.getByRole('list', { name: 'Plan steps' }));
    const [topicStep, aclStep, doneStep] = steps.getAllByRole('listitem');
    expect(topicStep).toHaveTextContent('Done');
    expect(aclStep).toHaveTextContent('Failed');
    expect(aclStep).toHaveTextContent(
      'CLUSTER_AUTHORIZATION_FAILED: Cluster authorization failed',
    );
    expect(doneStep).toHaveTextContent('Pending');
    expect(
      screen.getByText(
        'No approval needed: the policy approved this request automatically.',
      ),
    ).toBeInTheDocument();

    // Oldest first, whatever order the events came in, each with its step.
    const rows = within(screen.getByRole('table', { name: 'Audit trail' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows.map(row => row.children[1].textContent)).toEqual([
      'Submitted',
      'Provisioning started',
      'Step completed',
      'Step failed',
    ]);
    expect(rows[2]).toHaveTextContent(failedCreate.plan[0].title);
    expect(rows[2]).toHaveTextContent('topicId: Wc3MF8ZpQyS4M0l6dGg1Tw');
    expect(rows[2]).not.toHaveTextContent('backend-1');
    expect(rows[3]).toHaveTextContent(
      'error: CreateAcls on cluster local-prod',
    );

    fireEvent.click(
      screen.getByRole('button', { name: 'Retry from the failed step' }),
    );
    expect(
      await cardOf('Request').findByText('Provisioning'),
    ).toBeInTheDocument();
    expect(retries).toEqual([createId]);
    const [, running] = within(
      screen.getByRole('list', { name: 'Plan steps' }),
    ).getAllByRole('listitem');
    expect(running).toHaveTextContent('In progress');

    // The page polls while provisioning: the next read finds the request ready.
    const readsBeforeReady = gets;
    current = {
      request: {
        ...failedCreate,
        status: 'ready',
        failedStep: undefined,
        error: undefined,
        completedSteps: ['topic', 'acls', 'done'],
      },
      events: failedEvents,
    };
    expect(
      await cardOf('Request').findByText('Ready', undefined, {
        timeout: POLL_INTERVAL_MS * 3,
      }),
    ).toBeInTheDocument();
    expect(gets).toBe(readsBeforeReady + 1);
    expect(screen.getByRole('link', { name: topic })).toHaveAttribute(
      'href',
      `/catalog/default/resource/${topic}`,
    );
  });

  it('says the request does not exist when the backend has no such id', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    server.use(
      http.get(`${baseUrl}/topic-requests/${id}`, () =>
        backstageError(404, 'NotFoundError', `No topic request ${id}`),
      ),
    );

    await renderAt(`/requests/${id}`);

    expect(
      await screen.findByText('This topic request does not exist'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(new RegExp(`No topic request has the id ${id}`)),
    ).toBeInTheDocument();
  });

  it('says the user may not see the request when the backend refuses', async () => {
    server.use(
      http.get(`${baseUrl}/topic-requests/${accessId}`, () =>
        backstageError(
          403,
          'NotAllowedError',
          'Not allowed to read topic requests',
        ),
      ),
    );

    await renderAt(`/requests/${accessId}`);

    expect(
      await screen.findByText('You may not see this topic request'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Not allowed to read topic requests/),
    ).toBeInTheDocument();
  });

  it('shows the error when the backend cannot be reached', async () => {
    server.use(
      http.get(`${baseUrl}/topic-requests/${accessId}`, () =>
        HttpResponse.error(),
      ),
    );

    await renderAt(`/requests/${accessId}`);

    expect(
      (await screen.findAllByText(/Failed to fetch|fetch failed|Network/i))
        .length,
    ).toBeGreaterThan(0);
  });

  it('shows the clusters on the Clusters tab of the Kafka page', async () => {
    const cluster: ClusterStatus = {
      name: 'local-prod',
      environment: 'prod',
      reachable: true,
      clusterId: 'MkU3OEVBNTcwNTJENDM2Qk',
      brokerCount: 1,
      checkedAt: '2026-11-24T09:00:00.000Z',
    };
    server.use(
      http.get(`${baseUrl}/clusters`, () =>
        HttpResponse.json({ items: [cluster] }),
      ),
    );

    await renderAt('/clusters');

    expect(
      await screen.findByText('MkU3OEVBNTcwNTJENDM2Qk'),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Clusters' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });
});
