import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  ClusterStatus,
  DEFAULT_POLICY,
  TopicRequest,
  TopicRequestEvent,
  TopicRequestInput,
  TopicRequestPlan,
} from '@kafka-taas/plugin-kafka-taas-common';
import { KafkaTaasClient } from './KafkaTaasClient';

const baseUrl = 'http://localhost:7007/api/kafka-taas';

const cluster: ClusterStatus = {
  name: 'local',
  environment: 'dev',
  reachable: true,
  clusterId: 'abc',
  brokerCount: 1,
  checkedAt: '2024-01-01T00:00:00.000Z',
};

const requestId = '5a1c9e2b-3d4f-4a6b-8c7d-9e0f1a2b3c4d';
const request: TopicRequest = {
  id: requestId,
  kind: 'create',
  topicName: 'banking.payments.authorized',
  environment: 'dev',
  cluster: 'local-dev',
  owner: 'group:default/team-payments',
  status: 'pending_approval',
  requestedBy: 'user:default/alice',
  input: {
    domain: 'banking',
    subdomain: 'payments',
    name: 'authorized',
    environment: 'dev',
    owner: 'group:default/team-payments',
    description: 'Payments authorized by the card gateway, one event each',
    criticality: 'critical',
  },
  resolved: {
    topicName: 'banking.payments.authorized',
    environment: 'dev',
    cluster: 'local-dev',
    tier: 'dev',
    owner: 'group:default/team-payments',
    description: 'Payments authorized by the card gateway, one event each',
    partitions: 6,
    replicationFactor: 1,
    retentionMs: 604800000,
    cleanupPolicy: 'delete',
    classification: 'internal',
    criticality: 'critical',
    quotaTier: 'bronze',
    configs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' },
    consumers: [],
  },
  plan: [
    {
      id: 'done',
      title:
        'Record the result, add the topic to the catalog and notify the requester',
    },
  ],
  approval: {
    required: true,
    roles: [
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
};
const events: TopicRequestEvent[] = [
  {
    id: 1,
    requestId,
    type: 'created',
    actor: 'user:default/alice',
    at: '2026-11-24T09:15:00.000Z',
    details: { kind: 'create', status: 'pending_approval' },
  },
];

describe('KafkaTaasClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new KafkaTaasClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: new MockFetchApi(),
  });

  it('lists the clusters the backend reports', async () => {
    server.use(
      http.get(`${baseUrl}/clusters`, () =>
        HttpResponse.json({ items: [cluster] }),
      ),
    );

    await expect(client.listClusters()).resolves.toEqual([cluster]);
  });

  it('throws a ResponseError that names the status when the backend fails', async () => {
    server.use(
      http.get(`${baseUrl}/clusters`, () =>
        HttpResponse.json(
          {
            error: { name: 'Error', message: 'kaboom' },
            request: { method: 'GET', url: '/clusters' },
            response: { statusCode: 500 },
          },
          { status: 500, statusText: 'Internal Server Error' },
        ),
      ),
    );

    const error = await client.listClusters().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(500);
    expect(error.message).toMatch(/500/);
    expect(error.cause.message).toBe('kaboom');
  });

  it('fetches the policy once and shares it between callers', async () => {
    let calls = 0;
    server.use(
      http.get(`${baseUrl}/policy`, () => {
        calls += 1;
        return HttpResponse.json(DEFAULT_POLICY);
      }),
    );

    await expect(client.getPolicy()).resolves.toEqual(DEFAULT_POLICY);
    await expect(client.getPolicy()).resolves.toEqual(DEFAULT_POLICY);
    expect(calls).toBe(1);
  });

  it('asks for the policy again after a failed fetch', async () => {
    const fresh = new KafkaTaasClient({
      discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
      fetchApi: new MockFetchApi(),
    });
    server.use(
      http.get(
        `${baseUrl}/policy`,
        () => new HttpResponse(null, { status: 503 }),
        {
          once: true,
        },
      ),
      http.get(`${baseUrl}/policy`, () => HttpResponse.json(DEFAULT_POLICY)),
    );

    await expect(fresh.getPolicy()).rejects.toBeInstanceOf(ResponseError);
    await expect(fresh.getPolicy()).resolves.toEqual(DEFAULT_POLICY);
  });

  it('posts a topic request to plan and returns the verdict as the backend gives it', async () => {
    const input: TopicRequestInput = {
      domain: 'banking',
      name: 'authorized',
      environment: 'dev',
      owner: 'group:default/team-payments',
      description: 'Payments authorized by the card gateway, one event each',
      schema: { type: 'avro', value: '{"type": "strin"}' },
    };
    const plan: TopicRequestPlan = {
      violations: [
        {
          field: 'schema.value',
          rule: 'parse',
          allowed: 'a valid Avro schema',
          message: 'The value schema is not valid Avro: unknown type: strin',
        },
      ],
      topicName: 'banking.authorized',
      steps: [],
    };
    const received: Array<{ type: string | null; body: unknown }> = [];
    server.use(
      http.post(`${baseUrl}/topic-requests/plan`, async ({ request: req }) => {
        received.push({
          type: req.headers.get('content-type'),
          body: await req.json(),
        });
        return HttpResponse.json(plan);
      }),
    );

    await expect(client.planTopicRequest(input)).resolves.toEqual(plan);
    expect(received).toEqual([{ type: 'application/json', body: input }]);
  });

  it('reads a topic request with its audit trail', async () => {
    server.use(
      http.get(`${baseUrl}/topic-requests/${requestId}`, () =>
        HttpResponse.json({ request, events }),
      ),
    );

    await expect(client.getTopicRequest(requestId)).resolves.toEqual({
      request,
      events,
    });
  });

  it('keeps the status of a missing request on the error, for a not-found page', async () => {
    server.use(
      http.get(`${baseUrl}/topic-requests/${requestId}`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: `No topic request ${requestId}`,
            },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );

    const error = await client.getTopicRequest(requestId).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.body.error.message).toBe(`No topic request ${requestId}`);
  });

  it('posts decisions as JSON and returns the request as the backend left it', async () => {
    const received: Array<{ path: string; type: string | null; body: string }> =
      [];
    const record =
      (answer: TopicRequest, status = 200) =>
      async ({ request: req }: { request: Request }) => {
        received.push({
          path: new URL(req.url).pathname,
          type: req.headers.get('content-type'),
          body: await req.text(),
        });
        return HttpResponse.json(answer, { status });
      };
    const approved = {
      ...request,
      status: 'approved' as const,
      approvals: [
        {
          role: 'team-lead',
          by: 'user:default/bob',
          at: '2026-11-24T10:00:00.000Z',
          comment: 'ok',
        },
      ],
    };
    const rejected = {
      ...request,
      status: 'rejected' as const,
      rejectionReason: 'Use the existing topic',
    };
    const provisioning = { ...request, status: 'provisioning' as const };
    server.use(
      http.post(
        `${baseUrl}/topic-requests/${requestId}/approve`,
        record(approved),
      ),
      http.post(
        `${baseUrl}/topic-requests/${requestId}/reject`,
        record(rejected),
      ),
      http.post(
        `${baseUrl}/topic-requests/${requestId}/retry`,
        record(provisioning, 202),
      ),
    );

    await expect(
      client.approveTopicRequest(requestId, { comment: 'ok' }),
    ).resolves.toEqual(approved);
    await expect(client.approveTopicRequest(requestId)).resolves.toEqual(
      approved,
    );
    await expect(
      client.rejectTopicRequest(requestId, {
        reason: 'Use the existing topic',
      }),
    ).resolves.toEqual(rejected);
    await expect(client.retryTopicRequest(requestId)).resolves.toEqual(
      provisioning,
    );

    const path = `/api/kafka-taas/topic-requests/${requestId}`;
    expect(received).toEqual([
      {
        path: `${path}/approve`,
        type: 'application/json',
        body: '{"comment":"ok"}',
      },
      { path: `${path}/approve`, type: 'application/json', body: '{}' },
      {
        path: `${path}/reject`,
        type: 'application/json',
        body: '{"reason":"Use the existing topic"}',
      },
      { path: `${path}/retry`, type: null, body: '' },
    ]);
  });

  it("surfaces the backend's refusal of a decision", async () => {
    const message =
      'You may not approve your own request: another member of the role must';
    server.use(
      http.post(`${baseUrl}/topic-requests/${requestId}/approve`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );

    const error = await client.approveTopicRequest(requestId).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.body.error.message).toBe(message);
  });

  it('asks for a topic’s lag, its history and a group’s lag at their encoded paths, with the options as query', async () => {
    const seen: string[] = [];
    const record = ({ request: req }: { request: Request }) => {
      const url = new URL(req.url);
      seen.push(`${url.pathname}${url.search}`);
      return HttpResponse.json({});
    };
    server.use(
      http.get(`${baseUrl}/topics/:topic/lag`, record),
      http.get(`${baseUrl}/topics/:topic/lag/history`, record),
      http.get(`${baseUrl}/consumer-groups/:cluster/:group/lag`, record),
    );

    await client.getTopicLag('orders.created');
    await client.getTopicLag('orders.created', { cluster: 'local-dev' });
    await client.getTopicLagHistory('orders.created', {
      group: 'ledger v2',
      since: '6h',
    });
    await client.getConsumerGroupLag('local-dev', 'ledger/v2');

    expect(seen).toEqual([
      '/api/kafka-taas/topics/orders.created/lag',
      '/api/kafka-taas/topics/orders.created/lag?cluster=local-dev',
      '/api/kafka-taas/topics/orders.created/lag/history?group=ledger+v2&since=6h',
      '/api/kafka-taas/consumer-groups/local-dev/ledger%2Fv2/lag',
    ]);
  });

  it('asks for a topic’s details at its encoded path and lists requests with every filter as query', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${baseUrl}/topics/:topic`, ({ request: req }) => {
        const url = new URL(req.url);
        seen.push(`${url.pathname}${url.search}`);
        return HttpResponse.json({ name: 'orders.created' });
      }),
      http.get(`${baseUrl}/topic-requests`, ({ request: req }) => {
        const url = new URL(req.url);
        seen.push(`${url.pathname}${url.search}`);
        return HttpResponse.json({ items: [request], totalCount: 1 });
      }),
    );

    expect(await client.getTopicDetails('orders.created')).toEqual({
      name: 'orders.created',
    });
    expect(
      await client.listTopicRequests({ topic: 'banking.payments.authorized' }),
    ).toEqual({ items: [request], totalCount: 1 });
    await client.listTopicRequests({
      kind: 'access',
      status: ['pending_approval', 'failed'],
      mine: true,
      awaitingMyApproval: false,
      limit: 20,
      offset: 40,
    });
    await client.listTopicRequests();

    expect(seen).toEqual([
      '/api/kafka-taas/topics/orders.created',
      '/api/kafka-taas/topic-requests?topic=banking.payments.authorized',
      '/api/kafka-taas/topic-requests?kind=access&status=pending_approval%2Cfailed&mine=true&limit=20&offset=40',
      '/api/kafka-taas/topic-requests',
    ]);
  });

  it('lists every topic of every cluster with its placements, unreachable clusters included', async () => {
    const inventory = {
      items: [
        {
          name: 'banking.payments.authorized',
          clusters: [
            {
              cluster: 'local-dev',
              environment: 'dev',
              partitions: 6,
              replicationFactor: 1,
              consumerGroups: ['ledger'],
            },
          ],
          requests: [],
        },
      ],
      unreachableClusters: [
        { cluster: 'prod', environment: 'prod', error: 'connect ECONNREFUSED' },
      ],
      warnings: [],
    };
    server.use(
      http.get(`${baseUrl}/topics`, () => HttpResponse.json(inventory)),
    );

    expect(await client.listTopics()).toEqual(inventory);
  });

  it('asks for a schema version at its encoded path with the cluster as query, and surfaces a 404', async () => {
    const topic = 'orders.created';
    const version = {
      cluster: 'local-dev',
      subject: `${topic}-value`,
      version: 2,
      id: 17,
      schemaType: 'AVRO',
      schema: '"string"',
    };
    const seen: string[] = [];
    server.use(
      http.get(
        `${baseUrl}/topics/:topic/schemas/:subject/versions/:version`,
        ({ request: req, params }) => {
          const url = new URL(req.url);
          seen.push(`${url.pathname}${url.search}`);
          return params.version === '2'
            ? HttpResponse.json(version)
            : HttpResponse.json(
                {
                  error: {
                    name: 'NotFoundError',
                    message: `Subject "${topic}-value" has no version 9; its versions: 1, 2`,
                  },
                },
                { status: 404 },
              );
        },
      ),
    );

    expect(
      await client.getTopicSchemaVersion(topic, `${topic}-value`, 2, {
        cluster: 'local-dev',
      }),
    ).toEqual(version);
    const error = await client
      .getTopicSchemaVersion(topic, `${topic}-value`, 9)
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(seen).toEqual([
      '/api/kafka-taas/topics/orders.created/schemas/orders.created-value/versions/2?cluster=local-dev',
      '/api/kafka-taas/topics/orders.created/schemas/orders.created-value/versions/9',
    ]);
  });
});
