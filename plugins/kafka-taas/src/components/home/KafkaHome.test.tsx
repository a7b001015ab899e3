import { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { identityApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { Route, Routes } from 'react-router-dom';
import { SWRConfig } from 'swr';
import {
  KafkaTopicInventoryWithWarnings,
  KafkaTopicLag,
  TopicRequest,
} from '@kafka-taas/plugin-kafka-taas-common';
import { kafkaTaasApiRef, KafkaTaasClient } from '../../api';
import {
  catalogEntityRouteRef,
  rootRouteRef,
  scaffolderTemplateRouteRef,
} from '../../routes';
import { KafkaPageContent } from '../RequestPage';

const baseUrl = 'http://localhost:7007/api/kafka-taas';
const alice = ['user:default/alice', 'group:default/team-payments'];
const bob = [
  'user:default/bob',
  'group:default/team-payments',
  'group:default/platform-team',
  'group:default/team-leads',
];

const topicEntity = (
  topic: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: topic,
    namespace: 'default',
    annotations: { 'kafka-taas/topic-name': topic, ...annotations },
  },
  spec: { type: 'kafka-topic', owner: 'group:default/team-payments' },
});

const settlements = 'banking.payments.settlements';
const authorizations = 'banking.cards.authorizations';
const orphan = 'banking.payments.orphan';

const inventory: KafkaTopicInventoryWithWarnings = {
  items: [
    {
      name: authorizations,
      clusters: [
        {
          cluster: 'local-dev',
          environment: 'dev',
          partitions: 6,
          replicationFactor: 1,
          consumerGroups: [],
        },
        {
          cluster: 'local-prod',
          environment: 'prod',
          partitions: 12,
          replicationFactor: 3,
          consumerGroups: [],
        },
      ],
      requests: [],
    },
    {
      name: settlements,
      clusters: [
        {
          cluster: 'local-dev',
          environment: 'dev',
          partitions: 3,
          replicationFactor: 1,
          consumerGroups: ['settlement-reconciliation'],
        },
      ],
      requests: [],
    },
  ],
  unreachableClusters: [],
  warnings: [],
};

const group = (
  name: string,
  totalLag: string,
  status: 'ok' | 'lagging' | 'stopped',
  members: number,
) => ({
  group: name,
  state: members > 0 ? 'Stable' : 'Empty',
  members,
  totalLag,
  timeLagMs: 1000,
  status,
  statusReason: `${name} is ${status}`,
  partitions: [],
});

const settlementsLag: KafkaTopicLag = {
  topic: settlements,
  sampledAt: '2026-11-24T09:00:00.000Z',
  clusters: [
    {
      cluster: 'local-dev',
      environment: 'dev',
      groups: [
        group('ledger', '9007199254740993', 'ok', 2),
        group('settlement-reconciliation', '4', 'lagging', 1),
        group('crm-sync', '3', 'stopped', 0),
      ],
      totalLag: '9007199254741000',
    },
  ],
  totalLag: '9007199254741000',
  unreachableClusters: [],
};

const authorizationsLag: KafkaTopicLag = {
  topic: authorizations,
  sampledAt: '2026-11-24T09:00:00.000Z',
  clusters: [
    {
      cluster: 'local-dev',
      environment: 'dev',
      groups: [group('ledger', '7', 'ok', 2)],
      totalLag: '7',
    },
  ],
  totalLag: '7',
  unreachableClusters: [
    {
      cluster: 'local-prod',
      environment: 'prod',
      error: 'connect ECONNREFUSED 10.0.0.7:9092',
    },
  ],
};

const backendError = (status: number, name: string, message: string) =>
  HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'GET', url: '/' },
      response: { statusCode: status },
    },
    { status },
  );

const request = (overrides: Partial<TopicRequest> = {}): TopicRequest => ({
  id: '5a1c9e2b-3d4f-4a6b-8c7d-9e0f1a2b3c4d',
  kind: 'create',
  topicName: 'banking.payments.refunds',
  environment: 'prod',
  cluster: 'local-dev',
  owner: 'group:default/team-payments',
  status: 'pending_approval',
  requestedBy: 'user:default/alice',
  input: {
    domain: 'banking',
    subdomain: 'payments',
    name: 'refunds',
    environment: 'prod',
    owner: 'group:default/team-payments',
    description: 'Refunds issued to card holders, one event each',
    criticality: 'critical',
  },
  resolved: {
    topicName: 'banking.payments.refunds',
    environment: 'prod',
    cluster: 'local-dev',
    tier: 'prod',
    owner: 'group:default/team-payments',
    description: 'Refunds issued to card holders, one event each',
    partitions: 6,
    replicationFactor: 1,
    retentionMs: 604800000,
    cleanupPolicy: 'delete',
    classification: 'internal',
    criticality: 'critical',
    quotaTier: 'bronze',
    configs: {},
    consumers: [],
  },
  plan: [
    {
      id: 'topic',
      title: 'Create topic banking.payments.refunds on cluster local-dev',
      cluster: 'local-dev',
      topic: 'banking.payments.refunds',
      partitions: 6,
      replicationFactor: 1,
      configs: {},
    },
    { id: 'done', title: 'Record the result and notify the requester' },
  ],
  approval: {
    required: true,
    roles: [
      {
        role: 'platform',
        title: 'Platform team',
        groups: ['group:default/platform-team'],
      },
      {
        role: 'security',
        title: 'Security',
        groups: ['group:default/security-team'],
      },
      {
        role: 'team-lead',
        title: 'Team lead',
        groups: ['group:default/team-leads'],
      },
    ],
  },
  approvals: [],
  completedSteps: [],
  createdAt: '2026-11-24T09:15:00.000Z',
  updatedAt: '2026-11-24T09:15:00.000Z',
  expiresAt: '2026-12-01T09:15:00.000Z',
  ...overrides,
});

// Each test renders a whole page and waits on several answers: allow for a busy machine.
jest.setTimeout(30_000);

describe('the Kafka page tabs', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const renderAt = (
    path: string,
    options: {
      ownershipEntityRefs?: string[];
      admin?: boolean;
      catalog?: Partial<ReturnType<typeof catalogApiMock.mock>>;
    } = {},
  ) => {
    const catalogApi = catalogApiMock.mock(options.catalog);
    return {
      catalogApi,
      rendered: renderInTestApp(
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
            [catalogApiRef, catalogApi],
            [
              identityApiRef,
              mockApis.identity({
                userEntityRef: (options.ownershipEntityRefs ?? alice)[0],
                ownershipEntityRefs: options.ownershipEntityRefs ?? alice,
              }),
            ],
            [
              permissionApiRef,
              mockApis.permission({
                authorize: req =>
                  req.permission.name !== 'kafka-taas.admin' || options.admin
                    ? AuthorizeResult.ALLOW
                    : AuthorizeResult.DENY,
              }),
            ],
          ]}
        >
          {/* usePermission caches answers in SWR's global cache: one cache per test. */}
          <SWRConfig value={{ provider: () => new Map() }}>
            <Routes>
              <Route path="/kafka/*" element={<KafkaPageContent />} />
            </Routes>
          </SWRConfig>
        </TestApiProvider>,
        {
          routeEntries: [path],
          mountedRoutes: {
            '/kafka': rootRouteRef,
            '/catalog/:namespace/:kind/:name': catalogEntityRouteRef,
            '/create/templates/:namespace/:templateName':
              scaffolderTemplateRouteRef,
          },
        },
      ),
    };
  };

  describe('My topics', () => {
    it('reads the topics the user’s groups own and sums partitions, active groups and exact lag', async () => {
      const lagCalls: string[] = [];
      server.use(
        http.get(`${baseUrl}/topics`, () => HttpResponse.json(inventory)),
        http.get(`${baseUrl}/topics/:topic/lag`, ({ params }) => {
          lagCalls.push(String(params.topic));
          return HttpResponse.json(
            params.topic === settlements ? settlementsLag : authorizationsLag,
          );
        }),
      );
      const getEntities = jest.fn().mockResolvedValue({
        items: [topicEntity(settlements), topicEntity(authorizations)],
      });

      await renderAt('/kafka', { catalog: { getEntities } }).rendered;

      const table = await screen.findByRole('table', { name: 'My topics' });
      expect(getEntities).toHaveBeenCalledWith(
        expect.objectContaining({
          filter: {
            kind: 'Resource',
            'spec.type': 'kafka-topic',
            'relations.ownedBy': alice,
          },
        }),
      );
      const tile = (label: string) =>
        within(screen.getByRole('group', { name: label }));
      expect(tile('Owned topics').getByText('2')).toBeInTheDocument();
      expect(tile('Total partitions').getByText('21')).toBeInTheDocument();
      // Exact: 9007199254741000 + 7 would round as a JS number.
      expect(
        await tile('Total lag').findByText('9,007,199,254,741,007'),
      ).toBeInTheDocument();
      // ledger is active on both topics but counted once; crm-sync has no members.
      expect(tile('Active consumer groups').getByText('2')).toBeInTheDocument();

      // Sorted by topic name: authorizations first.
      const rows = within(table).getAllByRole('row').slice(1);
      expect(within(rows[0]).getByText('dev, prod')).toBeInTheDocument();
      expect(within(rows[0]).getByText('18')).toBeInTheDocument();
      expect(within(rows[0]).getByText('OK')).toBeInTheDocument();
      expect(
        within(rows[1]).getByRole('link', { name: settlements }),
      ).toHaveAttribute('href', `/catalog/default/resource/${settlements}`);
      expect(within(rows[1]).getByText('3', { selector: 'td' })).toBeTruthy();
      expect(
        within(rows[1]).getByText('9,007,199,254,741,000'),
      ).toBeInTheDocument();
      // The worst status of its groups: stopped beats lagging and ok.
      expect(within(rows[1]).getByText('Stopped')).toBeInTheDocument();

      expect(
        screen.getByText(/Kafka cluster local-prod \(prod\) could not be read/),
      ).toBeInTheDocument();
      expect(lagCalls.sort()).toEqual([authorizations, settlements]);
    });

    it('says when a topic is on no cluster or its lag failed, and leaves it out of the totals', async () => {
      server.use(
        http.get(`${baseUrl}/topics`, () =>
          backendError(500, 'Error', 'inventory broke'),
        ),
        http.get(`${baseUrl}/topics/:topic/lag`, ({ params }) =>
          params.topic === orphan
            ? backendError(404, 'NotFoundError', `topic ${orphan} not found`)
            : HttpResponse.json(settlementsLag),
        ),
      );
      const getEntities = jest.fn().mockResolvedValue({
        items: [topicEntity(settlements), topicEntity(orphan)],
      });

      await renderAt('/kafka', { catalog: { getEntities } }).rendered;

      expect(await screen.findByText('Not on any cluster')).toBeInTheDocument();
      expect(
        screen.getByText(
          /Could not read where your topics live: partitions are unknown/,
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByText(/The lag of 1 topic could not be read/),
      ).toBeInTheDocument();
      expect(screen.getAllByText('1 of 2 topics read')).toHaveLength(2);
      expect(
        within(screen.getByRole('group', { name: 'Total lag' })).getByText(
          '9,007,199,254,741,000',
        ),
      ).toBeInTheDocument();
    });

    it('shows progress while the catalog answers, then each topic’s lag as it comes', async () => {
      let answerLag: () => void = () => {};
      const lagAnswered = new Promise<void>(resolve => {
        answerLag = resolve;
      });
      server.use(
        http.get(`${baseUrl}/topics`, () => HttpResponse.json(inventory)),
        http.get(`${baseUrl}/topics/:topic/lag`, async () => {
          await lagAnswered;
          return HttpResponse.json(settlementsLag);
        }),
      );
      let answerCatalog: () => void = () => {};
      const getEntities = jest.fn(
        () =>
          new Promise<{ items: Entity[] }>(resolve => {
            answerCatalog = () =>
              resolve({ items: [topicEntity(settlements)] });
          }),
      );

      await renderAt('/kafka', { catalog: { getEntities } }).rendered;

      expect(await screen.findByTestId('progress')).toBeInTheDocument();
      answerCatalog();
      expect(
        await screen.findByLabelText(`Reading ${settlements}`),
      ).toBeInTheDocument();
      answerLag();
      expect(await screen.findByText('Stopped')).toBeInTheDocument();
    });

    it('shows how to create a topic when the user’s groups own none', async () => {
      server.use(
        http.get(`${baseUrl}/topics`, () => HttpResponse.json(inventory)),
      );
      const getEntities = jest.fn().mockResolvedValue({ items: [] });

      await renderAt('/kafka', { catalog: { getEntities } }).rendered;

      expect(
        await screen.findByText('Your groups own no Kafka topic yet'),
      ).toBeInTheDocument();
      expect(screen.getByText(/Topics owned by team-payments/)).toBeTruthy();
      expect(
        screen.getByRole('link', { name: 'Create Kafka topic' }),
      ).toHaveAttribute('href', '/create/templates/default/create-kafka-topic');
    });

    it('tells a user without catalog access whom to ask', async () => {
      server.use(
        http.get(`${baseUrl}/topics`, () => HttpResponse.json(inventory)),
      );
      const error = await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message: 'Not allowed.' },
            request: { method: 'POST', url: '/entities/by-query' },
            response: { statusCode: 403 },
          }),
          { status: 403, headers: { 'Content-Type': 'application/json' } },
        ),
      );
      const getEntities = jest.fn().mockRejectedValue(error);

      await renderAt('/kafka', { catalog: { getEntities } }).rendered;

      expect(
        await screen.findByText('You may not see your topics in the catalog'),
      ).toBeInTheDocument();
      expect(screen.getByText(/catalog.entity.read permission/)).toBeTruthy();
    });

    it('shows a catalog failure and reads again on retry', async () => {
      server.use(
        http.get(`${baseUrl}/topics`, () => HttpResponse.json(inventory)),
        http.get(`${baseUrl}/topics/:topic/lag`, () =>
          HttpResponse.json(settlementsLag),
        ),
      );
      const getEntities = jest
        .fn()
        .mockRejectedValueOnce(new Error('catalog is down'))
        .mockResolvedValue({ items: [topicEntity(settlements)] });

      await renderAt('/kafka', { catalog: { getEntities } }).rendered;

      expect(
        (await screen.findAllByText(/catalog is down/))[0],
      ).toBeInTheDocument();
      fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
      expect(
        await screen.findByRole('link', { name: settlements }),
      ).toBeInTheDocument();
    });
  });

  describe('My requests', () => {
    it('lists the user’s requests with kind, environment, status and a link to each', async () => {
      let query = '';
      server.use(
        http.get(`${baseUrl}/topic-requests`, ({ request: req }) => {
          query = new URL(req.url).search;
          return HttpResponse.json({
            items: [
              request({ status: 'ready', environment: 'dev' }),
              request({
                id: '1e2d3c4b-5a69-4788-9abc-def012345678',
                kind: 'delete',
                status: 'rejected',
              }),
            ],
            totalCount: 2,
          });
        }),
      );

      await renderAt('/kafka/my-requests').rendered;

      const table = await screen.findByRole('table', { name: 'My requests' });
      expect(query).toBe('?mine=true');
      const rows = within(table).getAllByRole('row').slice(1);
      expect(within(rows[0]).getByText('New topic')).toBeInTheDocument();
      expect(within(rows[0]).getByText('dev')).toBeInTheDocument();
      expect(within(rows[0]).getByText('Ready')).toBeInTheDocument();
      expect(within(rows[1]).getByText('Deletion')).toBeInTheDocument();
      expect(within(rows[1]).getByText('Rejected')).toBeInTheDocument();
      expect(
        within(rows[1]).getByRole('link', {
          name: 'Open the request for banking.payments.refunds',
        }),
      ).toHaveAttribute(
        'href',
        '/kafka/requests/1e2d3c4b-5a69-4788-9abc-def012345678',
      );
    });

    it('points to the template when the user has requested nothing', async () => {
      server.use(
        http.get(`${baseUrl}/topic-requests`, () =>
          HttpResponse.json({ items: [], totalCount: 0 }),
        ),
      );

      await renderAt('/kafka/my-requests').rendered;

      expect(
        await screen.findByText('You have not requested anything yet'),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('link', { name: 'Create Kafka topic' }),
      ).toBeInTheDocument();
    });

    it('says which permission is missing on a 403', async () => {
      server.use(
        http.get(`${baseUrl}/topic-requests`, () =>
          backendError(
            403,
            'NotAllowedError',
            'You are not allowed to do this: permission kafka-taas.topic-request.read was denied',
          ),
        ),
      );

      await renderAt('/kafka/my-requests').rendered;

      expect(
        await screen.findByText('You may not see your topic requests'),
      ).toBeInTheDocument();
      expect(
        screen.getByText(/Ask a Backstage admin for the kafka-taas/),
      ).toBeInTheDocument();
    });

    it('shows a failure and reads again on retry', async () => {
      let calls = 0;
      server.use(
        http.get(`${baseUrl}/topic-requests`, () => {
          calls += 1;
          return calls === 1
            ? backendError(500, 'Error', 'database is locked')
            : HttpResponse.json({ items: [request()], totalCount: 1 });
        }),
      );

      await renderAt('/kafka/my-requests').rendered;

      expect(
        (await screen.findAllByText(/database is locked/))[0],
      ).toBeInTheDocument();
      fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
      expect(
        await screen.findByRole('table', { name: 'My requests' }),
      ).toBeInTheDocument();
    });
  });

  describe('Approvals', () => {
    it('approves for the role chosen among those the user holds, and reads the inbox again', async () => {
      const bodies: unknown[] = [];
      let decided = false;
      server.use(
        http.get(`${baseUrl}/topic-requests`, ({ request: req }) => {
          expect(new URL(req.url).search).toBe('?awaitingMyApproval=true');
          return HttpResponse.json(
            decided
              ? { items: [], totalCount: 0 }
              : { items: [request()], totalCount: 1 },
          );
        }),
        http.post(
          `${baseUrl}/topic-requests/:id/approve`,
          async ({ request: req }) => {
            bodies.push(await req.json());
            decided = true;
            return HttpResponse.json(request());
          },
        ),
      );

      await renderAt('/kafka/approvals', { ownershipEntityRefs: bob }).rendered;

      const section = await screen.findByRole('region', {
        name: 'Kafka topic banking.payments.refunds',
      });
      // The plan and what the request asks are there to judge it.
      expect(
        within(section).getByText(
          'Create topic banking.payments.refunds on cluster local-dev',
        ),
      ).toBeInTheDocument();
      expect(
        within(section).getByText(
          'Refunds issued to card holders, one event each',
        ),
      ).toBeInTheDocument();

      // Bob holds platform and team lead, not security.
      fireEvent.mouseDown(within(section).getByLabelText('Approve as'));
      const options = screen.getAllByRole('option').map(o => o.textContent);
      expect(options).toEqual(['Platform team', 'Team lead']);
      fireEvent.click(screen.getByRole('option', { name: 'Team lead' }));

      fireEvent.click(within(section).getByRole('button', { name: 'Approve' }));
      const dialog = await screen.findByRole('dialog');
      fireEvent.change(within(dialog).getByLabelText('Comment (optional)'), {
        target: { value: 'Partitions fit the load' },
      });
      fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));

      expect(await screen.findByText('Nothing waits for you')).toBeTruthy();
      expect(bodies).toEqual([
        { role: 'team-lead', comment: 'Partitions fit the load' },
      ]);
    });

    it('approves without a choice when one role is left', async () => {
      const bodies: unknown[] = [];
      server.use(
        http.get(`${baseUrl}/topic-requests`, () =>
          HttpResponse.json({
            items: [
              request({
                approvals: [
                  {
                    role: 'team-lead',
                    by: 'user:default/erin',
                    at: '2026-11-24T10:00:00.000Z',
                  },
                ],
              }),
            ],
            totalCount: 1,
          }),
        ),
        http.post(
          `${baseUrl}/topic-requests/:id/approve`,
          async ({ request: req }) => {
            bodies.push(await req.json());
            return HttpResponse.json(request());
          },
        ),
      );

      await renderAt('/kafka/approvals', { ownershipEntityRefs: bob }).rendered;

      const approve = await screen.findByRole('button', { name: 'Approve' });
      expect(screen.queryByLabelText('Approve as')).not.toBeInTheDocument();
      fireEvent.click(approve);
      const dialog = await screen.findByRole('dialog');
      fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));

      await waitFor(() => expect(bodies).toEqual([{ role: 'platform' }]));
    });

    it('rejects only with a reason, sends it, and keeps the dialog open with the backend’s refusal', async () => {
      const bodies: unknown[] = [];
      server.use(
        http.get(`${baseUrl}/topic-requests`, () =>
          HttpResponse.json({ items: [request()], totalCount: 1 }),
        ),
        http.post(
          `${baseUrl}/topic-requests/:id/reject`,
          async ({ request: req }) => {
            bodies.push(await req.json());
            return backendError(
              409,
              'ConflictError',
              'The request is no longer pending: it was approved',
            );
          },
        ),
      );

      await renderAt('/kafka/approvals', { ownershipEntityRefs: bob }).rendered;

      fireEvent.click(await screen.findByRole('button', { name: 'Reject' }));
      const dialog = await screen.findByRole('dialog');
      const confirm = within(dialog).getByRole('button', { name: 'Reject' });
      expect(confirm).toBeDisabled();
      fireEvent.change(within(dialog).getByLabelText(/Reason/), {
        target: { value: '  Use the existing refunds topic  ' },
      });
      fireEvent.click(confirm);

      expect(
        await within(dialog).findByText(
          'The request is no longer pending: it was approved',
        ),
      ).toBeInTheDocument();
      expect(bodies).toEqual([{ reason: 'Use the existing refunds topic' }]);
    });

    it('says nothing waits when the inbox is empty', async () => {
      server.use(
        http.get(`${baseUrl}/topic-requests`, () =>
          HttpResponse.json({ items: [], totalCount: 0 }),
        ),
      );

      await renderAt('/kafka/approvals').rendered;

      expect(
        await screen.findByText('Nothing waits for you'),
      ).toBeInTheDocument();
    });

    it('shows a failure and reads again on retry', async () => {
      let calls = 0;
      server.use(
        http.get(`${baseUrl}/topic-requests`, () => {
          calls += 1;
          return calls === 1
            ? backendError(503, 'ServiceUnavailableError', 'catalog timeout')
            : HttpResponse.json({ items: [], totalCount: 0 });
        }),
      );

      await renderAt('/kafka/approvals').rendered;

      expect(
        (await screen.findAllByText(/catalog timeout/))[0],
      ).toBeInTheDocument();
      fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
      expect(
        await screen.findByText('Nothing waits for you'),
      ).toBeInTheDocument();
    });
  });

  describe('Unowned topics', () => {
    it('is a tab only for platform admins, as Drifted topics is', async () => {
      server.use(
        http.get(`${baseUrl}/topic-requests`, () =>
          HttpResponse.json({ items: [], totalCount: 0 }),
        ),
      );

      await renderAt('/kafka/approvals').rendered;

      expect(await screen.findByText('Nothing waits for you')).toBeTruthy();
      expect(screen.getByRole('tab', { name: 'Clusters' })).toBeInTheDocument();
      expect(
        screen.queryByRole('tab', { name: 'Unowned topics' }),
      ).not.toBeInTheDocument();
      expect(
        screen.queryByRole('tab', { name: 'Drifted topics' }),
      ).not.toBeInTheDocument();
    });

    it('lists the unowned topics with where they live and how to own them', async () => {
      const getEntities = jest.fn().mockResolvedValue({
        items: [
          topicEntity(orphan, {
            'kafka-taas/unowned': 'true',
            'kafka-taas/clusters': 'local-dev',
            'kafka-taas/environments': 'dev,prod',
          }),
        ],
      });

      await renderAt('/kafka/unowned', {
        admin: true,
        ownershipEntityRefs: bob,
        catalog: { getEntities },
      }).rendered;

      const table = await screen.findByRole('table', {
        name: 'Unowned topics',
      });
      expect(
        screen.getByRole('tab', { name: 'Unowned topics' }),
      ).toBeInTheDocument();
      expect(getEntities).toHaveBeenCalledWith(
        expect.objectContaining({
          filter: {
            kind: 'Resource',
            'spec.type': 'kafka-topic',
            'metadata.annotations.kafka-taas/unowned': 'true',
          },
        }),
      );
      expect(within(table).getByText('local-dev')).toBeInTheDocument();
      expect(within(table).getByText('dev, prod')).toBeInTheDocument();
      expect(
        screen.getByText('How to give a topic an owner'),
      ).toBeInTheDocument();
    });

    it('says when every topic has an owner', async () => {
      const getEntities = jest.fn().mockResolvedValue({ items: [] });

      await renderAt('/kafka/unowned', {
        admin: true,
        catalog: { getEntities },
      }).rendered;

      expect(
        await screen.findByText('Every topic has an owner'),
      ).toBeInTheDocument();
    });
  });

  describe('Drifted topics', () => {
    it('lists the drifted topics with their owner and what drifted where', async () => {
      const drifted = topicEntity(settlements, {
        'kafka-taas/drift': 'retention.ms@local-dev,partitions@local-prod',
      });
      const getEntities = jest.fn().mockResolvedValue({ items: [drifted] });

      await renderAt('/kafka/drifted', {
        admin: true,
        ownershipEntityRefs: bob,
        catalog: { getEntities },
      }).rendered;

      const table = await screen.findByRole('table', {
        name: 'Drifted topics',
      });
      expect(getEntities).toHaveBeenCalledWith(
        expect.objectContaining({
          filter: {
            kind: 'Resource',
            'spec.type': 'kafka-topic',
            'metadata.labels.kafka-taas/drift': 'true',
          },
        }),
      );
      expect(within(table).getByText(settlements)).toBeInTheDocument();
      expect(within(table).getByText('team-payments')).toBeInTheDocument();
      expect(
        within(table).getByText(
          'retention.ms on local-dev, partitions on local-prod',
        ),
      ).toBeInTheDocument();
      expect(screen.getByText('1 drifted topic')).toBeInTheDocument();
    });

    it('says when no topic has drifted', async () => {
      const getEntities = jest.fn().mockResolvedValue({ items: [] });

      await renderAt('/kafka/drifted', {
        admin: true,
        catalog: { getEntities },
      }).rendered;

      expect(
        await screen.findByText('No topic has drifted'),
      ).toBeInTheDocument();
    });
  });
});
