import {
  createFrontendPlugin,
  createRouteRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
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
  ClusterStatus,
  TopicRequest,
} from '@kafka-taas/plugin-kafka-taas-common';
import plugin from '../../alpha';
import { kafkaTaasApiRef, KafkaTaasClient } from '../../api';

// The page loads lazily through the app: allow for a busy machine (CI runs Jest in parallel).
const PAGE_LOAD = { timeout: 15_000 };

const baseUrl = 'http://localhost:7007/api/kafka-taas';
const id = '8d4c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a';
const topic = 'marketing.campaigns.clicked';

const request: TopicRequest = {
  id,
  kind: 'delete',
  topicRequestId: '1e2d3c4b-5a69-4788-9abc-def012345678',
  topicName: topic,
  environment: 'dev',
  cluster: 'local-dev',
  owner: 'group:default/team-payments',
  status: 'pending_approval',
  requestedBy: 'user:default/alice',
  input: {
    kind: 'delete',
    topic,
    environment: 'dev',
    reason: 'The campaign service moved to the analytics topic',
  },
  resolved: {
    topicName: topic,
    environment: 'dev',
    cluster: 'local-dev',
    tier: 'dev',
    owner: 'group:default/team-payments',
    description: 'One event per click on a campaign link',
    partitions: 6,
    replicationFactor: 1,
    retentionMs: 604800000,
    cleanupPolicy: 'delete',
    classification: 'internal',
    criticality: 'medium',
    quotaTier: 'bronze',
    configs: { 'retention.ms': '604800000' },
    consumers: [],
  },
  plan: [
    {
      id: 'consumers',
      title: `Check that no consumer group is active on ${topic}`,
      cluster: 'local-dev',
      topic,
      force: false,
    },
    {
      id: 'delete-topic',
      title: `Delete topic ${topic} from cluster local-dev`,
      cluster: 'local-dev',
      topic,
    },
    {
      id: 'done',
      title:
        'Record the deletion, remove the topic from the catalog and notify the requester',
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

// Stands in for the catalog plugin: the route our entity links bind to by default.
const entityRouteRef = createRouteRef({
  params: ['namespace', 'kind', 'name'],
});
const catalogStandIn = createFrontendPlugin({
  pluginId: 'catalog',
  routes: { catalogEntity: entityRouteRef },
  extensions: [
    PageBlueprint.make({
      params: {
        path: '/catalog/:namespace/:kind/:name',
        routeRef: entityRouteRef,
        loader: async () => <div>entity page</div>,
      },
    }),
  ],
});

describe('the Kafka page in the new frontend system', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const renderAt = (path: string) =>
    renderTestApp({
      features: [plugin, catalogStandIn],
      initialRouteEntries: [path],
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

  it('shows a topic request at /kafka/requests/:id, linked to the catalog', async () => {
    server.use(
      http.get(`${baseUrl}/topic-requests/${id}`, () =>
        HttpResponse.json({ request, events: [] }),
      ),
    );

    renderAt(`/kafka/requests/${id}`);

    expect(
      await screen.findByRole(
        'heading',
        { name: `Deletion of ${topic}` },
        PAGE_LOAD,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The campaign service moved to the analytics topic'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByRole('link', { name: 'team-payments' })[0],
    ).toHaveAttribute('href', '/catalog/default/group/team-payments');
  });

  it('shows the clusters on the Clusters tab, /kafka/clusters', async () => {
    const cluster: ClusterStatus = {
      name: 'local-dev',
      environment: 'dev',
      reachable: true,
      clusterId: 'q1Sh-9_ISia_zwGINzRvyQ',
      brokerCount: 1,
      checkedAt: '2026-11-24T09:00:00.000Z',
    };
    server.use(
      http.get(`${baseUrl}/clusters`, () =>
        HttpResponse.json({ items: [cluster] }),
      ),
    );

    renderAt('/kafka/clusters');

    expect(
      await screen.findByText('q1Sh-9_ISia_zwGINzRvyQ', {}, PAGE_LOAD),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'My topics' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Clusters' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });
});
