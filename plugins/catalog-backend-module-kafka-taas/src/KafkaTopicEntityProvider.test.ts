import { DiscoveryService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { TopicRequest } from '@kafka-taas/plugin-kafka-taas-common';
import { KafkaTaasClient } from './KafkaTaasClient';
import { KafkaTopicEntityProvider } from './KafkaTopicEntityProvider';

// The provider's own logic (paging, grouping, what happens when the kafka-taas backend cannot be
// read) with the HTTP layer faked; module.integration.test.ts runs it against the real backends.

const BASE_URL = 'http://kafka-taas.internal:7007/api/kafka-taas';
const EXTERNAL_URL = 'https://portal.example.com/api/kafka-taas';

const discovery: DiscoveryService = {
  getBaseUrl: async () => BASE_URL,
  getExternalBaseUrl: async () => EXTERNAL_URL,
};

function readyRequest(
  id: string,
  topicName: string,
  environment = 'dev',
): TopicRequest {
  const owner = 'group:default/team-payments';
  const description = `The ${topicName} topic, for tests of the provider.`;
  return {
    id,
    kind: 'create',
    topicName,
    environment,
    cluster: `${environment}-cluster`,
    owner,
    status: 'ready',
    requestedBy: 'user:default/alice',
    input: {
      domain: topicName.split('.')[0],
      name: topicName,
      environment,
      owner,
      description,
    },
    resolved: {
      topicName,
      environment,
      cluster: `${environment}-cluster`,
      tier: environment === 'prod' ? 'prod' : 'dev',
      owner,
      description,
      partitions: 1,
      replicationFactor: 1,
      retentionMs: 604800000,
      cleanupPolicy: 'delete',
      classification: 'internal',
      criticality: 'low',
      quotaTier: 'bronze',
      configs: {},
      consumers: [],
    },
    plan: [],
    approval: { required: false, roles: [] },
    approvals: [],
    completedSteps: [],
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-02T00:00:00.000Z',
    expiresAt: '2025-01-08T00:00:00.000Z',
  };
}

/** A fake of the kafka-taas backend's `GET /topic-requests`, paging as the real one does. */
function kafkaTaasApi(ready: TopicRequest[]) {
  const calls: Array<{ url: string; authorization: string | null }> = [];
  let failure: (() => Promise<Response>) | undefined;
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    calls.push({
      url: url.toString(),
      authorization: new Headers(init?.headers).get('authorization'),
    });
    if (failure) return failure();
    const limit = Number(url.searchParams.get('limit'));
    const offset = Number(url.searchParams.get('offset'));
    return Response.json({
      items: ready.slice(offset, offset + limit),
      totalCount: ready.length,
    });
  };
  return {
    fetch: fetchImpl,
    calls,
    failWith(next: () => Promise<Response>) {
      failure = next;
    },
  };
}

function setup(ready: TopicRequest[]) {
  const api = kafkaTaasApi(ready);
  const logger = mockServices.logger.mock();
  const provider = KafkaTopicEntityProvider.create({
    source: KafkaTaasClient.create({
      discovery,
      auth: mockServices.auth({ pluginId: 'catalog' }),
      fetch: api.fetch,
    }),
    logger,
  });
  const mutations: EntityProviderMutation[] = [];
  const connection: EntityProviderConnection = {
    applyMutation: async mutation => {
      mutations.push(mutation);
    },
    refresh: async () => {},
  };
  return { api, logger, provider, mutations, connection };
}

function entitiesOf(mutation: EntityProviderMutation | undefined) {
  if (mutation?.type !== 'full') throw new Error('expected a full mutation');
  return mutation.entities.map(e => e.entity);
}

describe('KafkaTopicEntityProvider', () => {
  it('reads every page of ready requests as the catalog plugin and replaces its entities with one per topic', async () => {
    const ready = [
      ...Array.from({ length: 501 }, (_, i) =>
        readyRequest(String(i), `banking.topic-${i}`),
      ),
      readyRequest('prod-0', 'banking.topic-0', 'prod'),
    ];
    const { api, provider, mutations, connection } = setup(ready);
    await provider.connect(connection);
    await provider.refresh();

    expect(api.calls.map(c => c.url)).toEqual([
      `${BASE_URL}/topic-requests?status=ready&limit=500&offset=0`,
      `${BASE_URL}/topic-requests?status=ready&limit=500&offset=500`,
    ]);
    for (const { authorization } of api.calls) {
      expect(authorization).toMatch(/^Bearer mock-service-token:/);
      expect(authorization).toContain('"sub":"plugin:catalog"');
      expect(authorization).toContain('"target":"kafka-taas"');
    }

    expect(mutations).toHaveLength(1);
    const entities = entitiesOf(mutations[0]);
    expect(entities).toHaveLength(501);
    const topic0 = entities.find(e => e.metadata.name === 'banking.topic-0');
    expect(topic0?.metadata.annotations).toEqual({
      'kafka-taas/topic-name': 'banking.topic-0',
      'kafka-taas/clusters': 'dev-cluster,prod-cluster',
      'kafka-taas/environments': 'dev,prod',
      'kafka-taas/request-ids': '0,prod-0',
      'backstage.io/managed-by-location': `url:${EXTERNAL_URL}/topic-requests/0`,
      'backstage.io/managed-by-origin-location': `url:${EXTERNAL_URL}/topic-requests/0`,
    });
    expect(topic0?.spec).toEqual({
      type: 'kafka-topic',
      owner: 'group:default/team-payments',
    });
  });

  it('removes the topics that are no longer ready with the next full mutation', async () => {
    const ready = [
      readyRequest('1', 'banking.kept'),
      readyRequest('2', 'banking.deleted'),
    ];
    const { provider, mutations, connection } = setup(ready);
    await provider.connect(connection);
    await provider.refresh();
    ready.pop();
    await provider.refresh();

    expect(entitiesOf(mutations[0]).map(e => e.metadata.name)).toEqual([
      'banking.deleted',
      'banking.kept',
    ]);
    expect(entitiesOf(mutations[1]).map(e => e.metadata.name)).toEqual([
      'banking.kept',
    ]);
  });

  it('keeps the previous entities and says what to check when the kafka-taas backend is unreachable', async () => {
    const { api, logger, provider, mutations, connection } = setup([
      readyRequest('1', 'banking.orders'),
    ]);
    await provider.connect(connection);
    await provider.refresh();
    expect(mutations).toHaveLength(1);

    const refused = Object.assign(
      new Error('connect ECONNREFUSED 10.0.0.7:7007'),
      { code: 'ECONNREFUSED' },
    );
    api.failWith(async () => {
      throw new TypeError('fetch failed', { cause: refused });
    });
    await provider.refresh();

    expect(mutations).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    const [message] = logger.warn.mock.calls[0];
    expect(message).toBe(
      `Kafka topic entities not refreshed, the catalog keeps the last ones it read: could not reach the kafka-taas backend at GET ${BASE_URL}/topic-requests?status=ready&limit=500&offset=0: fetch failed (ECONNREFUSED connect ECONNREFUSED 10.0.0.7:7007). Check that the kafka-taas backend plugin is installed and running and that discovery resolves plugin id kafka-taas; the next refresh retries.`,
    );
  });

  it('keeps the previous entities when the kafka-taas backend refuses, naming the status and its reason', async () => {
    const { api, logger, provider, mutations, connection } = setup([
      readyRequest('1', 'banking.orders'),
    ]);
    await provider.connect(connection);
    await provider.refresh();

    api.failWith(async () =>
      Response.json(
        {
          error: { name: 'NotAllowedError', message: 'service not allowed' },
          request: { method: 'GET', url: '/topic-requests' },
          response: { statusCode: 403 },
        },
        { status: 403 },
      ),
    );
    await provider.refresh();

    expect(mutations).toHaveLength(1);
    expect(logger.warn.mock.calls[0][0]).toContain(
      `the kafka-taas backend refused GET ${BASE_URL}/topic-requests?status=ready&limit=500&offset=0 with 403: service not allowed`,
    );
  });

  it('never logs the token it calls the kafka-taas backend with', async () => {
    const { api, logger, provider, connection } = setup([
      readyRequest('1', 'banking.orders'),
    ]);
    await provider.connect(connection);
    await provider.refresh();
    api.failWith(async () => new Response('upstream down', { status: 502 }));
    await provider.refresh();

    const token = api.calls[0].authorization?.replace('Bearer ', '');
    expect(token).toBeTruthy();
    const logged = JSON.stringify([
      logger.debug.mock.calls,
      logger.info.mock.calls,
      logger.warn.mock.calls,
      logger.error.mock.calls,
    ]);
    expect(logged).toContain('502');
    expect(logged).not.toContain(String(token));
  });

  it('keeps one of two topics whose entity names differ only in case, and says which was left out', async () => {
    const { logger, provider, mutations, connection } = setup([
      readyRequest('1', 'banking.Orders'),
      readyRequest('2', 'banking.orders'),
    ]);
    await provider.connect(connection);
    await provider.refresh();

    expect(entitiesOf(mutations[0]).map(e => e.metadata.name)).toEqual([
      'banking.Orders',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      'Kafka topic banking.orders is left out of the catalog: its entity name banking.orders is already that of topic banking.Orders. Entity names are case-insensitive and long names are shortened; rename one of the topics to tell them apart.',
    );
  });

  it('runs one more refresh for calls made while one runs, however many', async () => {
    const { api, provider, mutations, connection } = setup([
      readyRequest('1', 'banking.orders'),
    ]);
    await provider.connect(connection);
    await Promise.all([
      provider.refresh(),
      provider.refresh(),
      provider.refresh(),
      provider.refresh(),
    ]);
    expect(api.calls).toHaveLength(2);
    expect(mutations).toHaveLength(2);
  });

  it('reads nothing before the catalog connects it', async () => {
    const { api, provider, mutations } = setup([
      readyRequest('1', 'banking.orders'),
    ]);
    await provider.refresh();
    expect(api.calls).toEqual([]);
    expect(mutations).toEqual([]);
  });
});
