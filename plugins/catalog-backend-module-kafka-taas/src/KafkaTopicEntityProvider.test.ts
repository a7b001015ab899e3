import { DiscoveryService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  KafkaTopicInventory,
  TopicRequest,
} from '@kafka-taas/plugin-kafka-taas-common';
import { KafkaTaasClient } from './KafkaTaasClient';
import { KafkaTopicEntityProvider } from './KafkaTopicEntityProvider';
import { KafkaTopicIndex } from './KafkaTopicIndex';

// The provider's own logic (owned and unowned topics, declared topics left out, unreachable
// clusters, what happens when the kafka-taas backend cannot be read) with the HTTP layer and the
// catalog faked; module.integration.test.ts runs it against the real backends.

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

/** A fake of the kafka-taas backend's `GET /topics?include=schemas,configs`. */
function kafkaTaasApi(inventory: KafkaTopicInventory) {
  const calls: Array<{ url: string; authorization: string | null }> = [];
  let failure: (() => Promise<Response>) | undefined;
  const fetchImpl: typeof fetch = async (input, init) => {
    calls.push({
      url: String(input),
      authorization: new Headers(init?.headers).get('authorization'),
    });
    if (failure) return failure();
    return Response.json(inventory);
  };
  return {
    fetch: fetchImpl,
    calls,
    failWith(next: () => Promise<Response>) {
      failure = next;
    },
  };
}

function live(
  name: string,
  clusters: Array<[string, string, string[]?]>,
  requests: TopicRequest[] = [],
) {
  return {
    name,
    clusters: clusters.map(([cluster, environment, groups = []]) => ({
      cluster,
      environment,
      partitions: 1,
      replicationFactor: 1,
      consumerGroups: groups,
    })),
    requests,
  };
}

function setup(
  inventory: KafkaTopicInventory,
  catalogEntities: Parameters<typeof catalogServiceMock>[0] = {},
  now?: () => number,
) {
  const api = kafkaTaasApi(inventory);
  const logger = mockServices.logger.mock();
  const source = KafkaTaasClient.create({
    discovery,
    auth: mockServices.auth({ pluginId: 'catalog' }),
    fetch: api.fetch,
  });
  const index = KafkaTopicIndex.create({ source, logger, now });
  const provider = KafkaTopicEntityProvider.create({
    source,
    index,
    catalog: catalogServiceMock(catalogEntities),
    auth: mockServices.auth({ pluginId: 'catalog' }),
    logger,
    unownedOwner: 'group:default/platform-team',
  });
  const mutations: EntityProviderMutation[] = [];
  // What the provider's mutations have written, as the catalog would hold it.
  const written = new Map<string, Entity>();
  const connection: EntityProviderConnection = {
    applyMutation: async mutation => {
      if (mutation.type !== 'delta')
        throw new Error('expected delta mutations');
      for (const { entity, locationKey } of mutation.added) {
        // Without a location key, a catalog-info.yaml declaring the topic takes the entity over.
        expect(locationKey).toBeUndefined();
        written.set(stringifyEntityRef(entity), entity);
      }
      for (const removed of mutation.removed) {
        if (!('entityRef' in removed)) throw new Error('expected entity refs');
        written.delete(removed.entityRef);
      }
      mutations.push(mutation);
    },
    refresh: async () => {},
  };
  const entities = () => [...written.values()];
  return { api, logger, provider, mutations, connection, index, entities };
}

describe('KafkaTopicEntityProvider', () => {
  it('reads the topics as the catalog plugin and emits requested topics where they live', async () => {
    const inventory: KafkaTopicInventory = {
      items: [
        live(
          'banking.orders',
          [
            ['dev-cluster', 'dev'],
            ['prod-cluster', 'prod'],
          ],
          [readyRequest('1', 'banking.orders')],
        ),
      ],
      unreachableClusters: [],
    };
    const { api, provider, entities, connection } = setup(inventory);
    await provider.connect(connection);
    await provider.refresh();

    expect(api.calls.map(c => c.url)).toEqual([
      `${BASE_URL}/topics?include=schemas,configs`,
    ]);
    expect(api.calls[0].authorization).toContain('"sub":"plugin:catalog"');
    expect(api.calls[0].authorization).toContain('"target":"kafka-taas"');
    const [orders] = entities();
    expect(orders.metadata.annotations).toEqual({
      'kafka-taas/topic-name': 'banking.orders',
      // Where it lives, not where it was requested (dev only).
      'kafka-taas/clusters': 'dev-cluster,prod-cluster',
      'kafka-taas/environments': 'dev,prod',
      'kafka-taas/request-ids': '1',
      'kafka-taas/provider': 'kafka-taas-topics',
      'backstage.io/managed-by-location': `url:${EXTERNAL_URL}/topic-requests/1`,
      'backstage.io/managed-by-origin-location': `url:${EXTERNAL_URL}/topic-requests/1`,
    });
    expect(orders.spec).toEqual({
      type: 'kafka-topic',
      owner: 'group:default/team-payments',
    });
  });

  it('emits a topic nobody requested as unowned, owned by the configured group', async () => {
    const { provider, entities, connection } = setup({
      items: [live('legacy.clicks', [['dev-cluster', 'dev']])],
      unreachableClusters: [],
    });
    await provider.connect(connection);
    await provider.refresh();

    const [clicks] = entities();
    expect(clicks.spec).toEqual({
      type: 'kafka-topic',
      owner: 'group:default/platform-team',
    });
    expect(clicks.metadata.annotations).toMatchObject({
      'kafka-taas/unowned': 'true',
      'kafka-taas/clusters': 'dev-cluster',
      'backstage.io/managed-by-location': `url:${EXTERNAL_URL}/topics/legacy.clicks`,
    });
    expect(clicks.metadata.description).toContain(
      'Found on dev-cluster (dev) by Kafka TaaS; nobody owns it yet',
    );
  });

  it('leaves out the topics declared in the catalog, and emits its own again', async () => {
    const { provider, entities, connection, index } = setup(
      {
        items: [
          live('banking.declared', [['dev-cluster', 'dev']]),
          live('banking.renamed', [['dev-cluster', 'dev']]),
          live('banking.ours', [['dev-cluster', 'dev']]),
        ],
        unreachableClusters: [],
      },
      {
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: { name: 'banking.declared' },
            spec: { type: 'kafka-topic', owner: 'team-payments' },
          },
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: {
              name: 'renamed-topic',
              annotations: { 'kafka-taas/topic-name': 'banking.renamed' },
            },
            spec: { type: 'kafka-topic', owner: 'team-payments' },
          },
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: {
              name: 'banking.ours',
              annotations: { 'kafka-taas/provider': 'kafka-taas-topics' },
            },
            spec: { type: 'kafka-topic', owner: 'group:default/platform-team' },
          },
        ],
      },
    );
    await provider.connect(connection);
    await provider.refresh();

    expect(entities().map(e => e.metadata.name)).toEqual(['banking.ours']);
    expect(index.topicRef('banking.renamed')).toBe(
      'resource:default/renamed-topic',
    );
  });

  it('leaves out a topic whose declaration the processor saw but the catalog does not list yet', async () => {
    const { provider, entities, connection, index } = setup({
      items: [live('banking.failing', [['dev-cluster', 'dev']])],
      unreachableClusters: [],
    });
    index.noteDeclared('banking.failing', 'resource:default/banking.failing');
    await provider.connect(connection);
    await provider.refresh();
    expect(entities()).toEqual([]);
  });

  it('removes a topic deleted from its cluster with the next refresh', async () => {
    const inventory: KafkaTopicInventory = {
      items: [
        live('banking.kept', [['dev-cluster', 'dev']]),
        live('banking.deleted', [['dev-cluster', 'dev']]),
      ],
      unreachableClusters: [],
    };
    const { provider, entities, connection } = setup(inventory);
    await provider.connect(connection);
    await provider.refresh();
    expect(entities().map(e => e.metadata.name)).toEqual([
      'banking.deleted',
      'banking.kept',
    ]);

    inventory.items.pop();
    await provider.refresh();
    expect(entities().map(e => e.metadata.name)).toEqual(['banking.kept']);
  });

  it('keeps the last known topics of an unreachable cluster, with a warning naming it', async () => {
    const inventory: KafkaTopicInventory = {
      items: [
        live('banking.both', [
          ['dev-cluster', 'dev'],
          ['prod-cluster', 'prod'],
        ]),
        live('banking.prod-only', [['prod-cluster', 'prod']]),
      ],
      unreachableClusters: [],
    };
    const { logger, provider, entities, connection } = setup(inventory);
    await provider.connect(connection);
    await provider.refresh();

    inventory.items = [live('banking.both', [['dev-cluster', 'dev']])];
    inventory.unreachableClusters = [
      {
        cluster: 'prod-cluster',
        environment: 'prod',
        error: 'no answer within 5000 ms',
      },
    ];
    await provider.refresh();

    const second = entities();
    expect(second.map(e => e.metadata.name)).toEqual([
      'banking.both',
      'banking.prod-only',
    ]);
    expect(second[0].metadata.annotations?.['kafka-taas/clusters']).toBe(
      'dev-cluster,prod-cluster',
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'Kafka cluster prod-cluster (environment prod) could not be read: no answer within 5000 ms. The catalog keeps the 2 topics it had at its last read until the cluster answers again.',
    );

    // Once it answers again without them, they go.
    inventory.items = [live('banking.both', [['dev-cluster', 'dev']])];
    inventory.unreachableClusters = [];
    await provider.refresh();
    expect(entities().map(e => e.metadata.name)).toEqual(['banking.both']);
  });

  it('keeps the previous entities and says what to check when the kafka-taas backend is unreachable', async () => {
    const { api, logger, provider, mutations, connection } = setup({
      items: [live('banking.orders', [['dev-cluster', 'dev']])],
      unreachableClusters: [],
    });
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
    expect(logger.warn.mock.calls[0][0]).toBe(
      `Kafka topic entities not refreshed, the catalog keeps the last ones it read: could not reach the kafka-taas backend at GET ${BASE_URL}/topics?include=schemas,configs: fetch failed (ECONNREFUSED connect ECONNREFUSED 10.0.0.7:7007). Check that the kafka-taas backend plugin is installed and running and that discovery resolves plugin id kafka-taas; the next refresh retries.`,
    );
  });

  it('never logs the token it calls the kafka-taas backend with', async () => {
    const { api, logger, provider, connection } = setup({
      items: [],
      unreachableClusters: [],
    });
    await provider.connect(connection);
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
    const { logger, provider, entities, connection } = setup({
      items: [
        live('banking.orders', [['dev-cluster', 'dev']]),
        live('banking.Orders', [['dev-cluster', 'dev']]),
      ],
      unreachableClusters: [],
    });
    await provider.connect(connection);
    await provider.refresh();

    expect(entities().map(e => e.metadata.name)).toEqual(['banking.Orders']);
    expect(logger.warn).toHaveBeenCalledWith(
      'Kafka topic banking.orders is left out of the catalog: its entity name banking.orders is already that of topic banking.Orders. Entity names are case-insensitive and long names are shortened; rename one of the topics to tell them apart.',
    );
  });

  it('runs one more refresh for calls made while one runs, however many', async () => {
    const { api, provider, connection } = setup({
      items: [],
      unreachableClusters: [],
    });
    await provider.connect(connection);
    await Promise.all([
      provider.refresh(),
      provider.refresh(),
      provider.refresh(),
      provider.refresh(),
    ]);
    expect(api.calls).toHaveLength(2);
  });

  it('reads nothing before the catalog connects it', async () => {
    const { api, provider, mutations } = setup({
      items: [],
      unreachableClusters: [],
    });
    await provider.refresh();
    expect(api.calls).toEqual([]);
    expect(mutations).toEqual([]);
  });
  it('emits the AsyncAPI API entity of a declared topic with a schema, owned and named as the declaration says', async () => {
    const { provider, entities, connection, index } = setup(
      {
        items: [
          {
            ...live('banking.declared', [['dev-cluster', 'dev']]),
            schemas: [
              {
                cluster: 'dev-cluster',
                subject: 'banking.declared-value',
                version: 3,
                id: 7,
                schemaType: 'JSON',
                schema: JSON.stringify({ type: 'object', title: 'Declared' }),
              },
            ],
          },
        ],
        unreachableClusters: [],
      },
      {
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: {
              name: 'declared-topic',
              namespace: 'banking',
              description: 'Declared in a catalog-info.yaml.',
              annotations: { 'kafka-taas/topic-name': 'banking.declared' },
            },
            spec: {
              type: 'kafka-topic',
              owner: 'group:banking/team-ledger',
              system: 'ledger',
            },
          },
        ],
      },
    );
    await provider.connect(connection);
    await provider.refresh();

    const [api, ...others] = entities();
    expect(others).toEqual([]);
    expect(api).toMatchObject({
      kind: 'API',
      metadata: {
        name: 'declared-topic',
        namespace: 'banking',
        description: 'Declared in a catalog-info.yaml.',
        annotations: {
          'kafka-taas/topic-name': 'banking.declared',
          'kafka-taas/schema-version': '3',
          'kafka-taas/provider': 'kafka-taas-topics',
        },
      },
      spec: {
        type: 'asyncapi',
        owner: 'group:banking/team-ledger',
        system: 'ledger',
      },
    });
    expect(index.apiRef('banking.declared')).toBe('api:banking/declared-topic');
    expect(index.topicRef('banking.declared')).toBe(
      'resource:banking/declared-topic',
    );
  });

  it('emits the AsyncAPI API entity of each topic with a schema, and tells the processor which', async () => {
    const schema = (cluster: string, schemaType: string) => ({
      cluster,
      subject: 'banking.orders-value',
      version: 2,
      id: 41,
      schemaType,
      schema: JSON.stringify({ type: 'object', title: 'Order' }),
    });
    const { provider, entities, connection, index, logger } = setup({
      items: [
        {
          ...live(
            'banking.orders',
            [['dev-cluster', 'dev']],
            [readyRequest('1', 'banking.orders')],
          ),
          schemas: [schema('dev-cluster', 'JSON')],
        },
        live('banking.plain', [['dev-cluster', 'dev']]),
        {
          ...live('banking.odd', [['dev-cluster', 'dev']]),
          schemas: [schema('dev-cluster', 'THRIFT')],
        },
      ],
      unreachableClusters: [],
    });
    await provider.connect(connection);
    await provider.refresh();

    const emitted = entities();
    expect(emitted.map(e => `${e.kind}:${e.metadata.name}`)).toEqual([
      'Resource:banking.odd',
      'Resource:banking.orders',
      'API:banking.orders',
      'Resource:banking.plain',
    ]);
    const api = emitted[2];
    expect(api.spec).toMatchObject({
      type: 'asyncapi',
      lifecycle: 'experimental',
      owner: 'group:default/team-payments',
    });
    expect(api.metadata.annotations).toMatchObject({
      'kafka-taas/topic-name': 'banking.orders',
      'kafka-taas/schema-subject': 'banking.orders-value',
      'kafka-taas/provider': 'kafka-taas-topics',
      'backstage.io/managed-by-location': `url:${EXTERNAL_URL}/topic-requests/1`,
    });
    expect(index.apiRef('banking.orders')).toBe('api:default/banking.orders');
    expect(index.apiRef('banking.plain')).toBeUndefined();
    expect(index.apiRef('banking.odd')).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^The AsyncAPI entity of Kafka topic banking\.odd is left out of the catalog: .*schemaType "THRIFT" is not supported; allowed: AVRO, JSON, PROTOBUF$/,
      ),
    );
  });

  it('writes only what changed, and nothing when nothing did', async () => {
    const inventory: KafkaTopicInventory = {
      items: [
        live('banking.a', [['dev-cluster', 'dev']]),
        live('banking.b', [['dev-cluster', 'dev']]),
      ],
      unreachableClusters: [],
    };
    const { provider, mutations, connection, entities } = setup(inventory);
    await provider.connect(connection);
    await provider.refresh();
    expect(mutations).toHaveLength(1);

    await provider.refresh();
    expect(mutations).toHaveLength(1);

    inventory.items[1] = live('banking.b', [
      ['dev-cluster', 'dev'],
      ['prod-cluster', 'prod'],
    ]);
    await provider.refresh();
    expect(mutations).toHaveLength(2);
    expect(mutations[1]).toMatchObject({ type: 'delta', removed: [] });
    expect(
      mutations[1].type === 'delta' &&
        mutations[1].added.map(a => a.entity.metadata.name),
    ).toEqual(['banking.b']);
    expect(
      entities()[1].metadata.annotations?.['kafka-taas/environments'],
    ).toBe('dev,prod');
  });

  it('marks a requested topic drifted once a live config differs from its request, and unmarks it once it is back', async () => {
    const withRetention = (retention: string) => {
      const item = live(
        'banking.orders',
        [['dev-cluster', 'dev']],
        [readyRequest('1', 'banking.orders')],
      );
      return {
        ...item,
        clusters: [
          {
            ...item.clusters[0],
            configs: { 'retention.ms': retention, 'cleanup.policy': 'delete' },
          },
        ],
      };
    };
    const request = readyRequest('1', 'banking.orders');
    request.resolved.configs = { 'retention.ms': '604800000' };
    const inventory: KafkaTopicInventory = {
      items: [{ ...withRetention('604800000'), requests: [request] }],
      unreachableClusters: [],
    };
    const { provider, mutations, connection, entities } = setup(inventory);
    await provider.connect(connection);
    await provider.refresh();
    expect(entities()[0].metadata.labels?.['kafka-taas/drift']).toBeUndefined();

    inventory.items[0] = { ...withRetention('86400000'), requests: [request] };
    await provider.refresh();
    expect(mutations).toHaveLength(2);
    expect(entities()[0].metadata.labels?.['kafka-taas/drift']).toBe('true');
    expect(entities()[0].metadata.annotations?.['kafka-taas/drift']).toBe(
      'retention.ms@dev-cluster',
    );

    inventory.items[0] = { ...withRetention('604800000'), requests: [request] };
    await provider.refresh();
    expect(mutations).toHaveLength(3);
    expect(entities()[0].metadata.labels?.['kafka-taas/drift']).toBeUndefined();
  });

  it('writes again after a failed write, though nothing changed since', async () => {
    const { provider, mutations, connection, entities } = setup({
      items: [live('banking.a', [['dev-cluster', 'dev']])],
      unreachableClusters: [],
    });
    const applyMutation = connection.applyMutation;
    connection.applyMutation = async () => {
      throw new Error('database is locked');
    };
    await provider.connect(connection);
    await expect(provider.refresh()).rejects.toThrow('database is locked');

    connection.applyMutation = applyMutation;
    await provider.refresh();
    expect(mutations).toHaveLength(1);
    expect(entities().map(e => e.metadata.name)).toEqual(['banking.a']);

    await provider.refresh();
    expect(mutations).toHaveLength(1);
  });

  it('removes the entity of a topic once it is declared, and emits it again when the declaration goes', async () => {
    let now = 0;
    const inventory: KafkaTopicInventory = {
      items: [live('banking.a', [['dev-cluster', 'dev']])],
      unreachableClusters: [],
    };
    const { provider, connection, entities, index } = setup(
      inventory,
      {},
      () => now,
    );
    await provider.connect(connection);
    await provider.refresh();
    expect(entities().map(e => e.metadata.name)).toEqual(['banking.a']);

    index.noteDeclared('banking.a', 'resource:default/banking.a');
    await provider.refresh();
    expect(entities()).toEqual([]);

    // The processor's note lasts 10 minutes: a declaration that is gone stops holding the place.
    now += 11 * 60 * 1000;
    await provider.refresh();
    expect(entities().map(e => e.metadata.name)).toEqual(['banking.a']);
  });

  it('writes at most 1,000 entities per mutation', async () => {
    const { provider, mutations, connection, entities } = setup({
      items: Array.from({ length: 2_500 }, (_, i) =>
        live(`banking.topic-${String(i).padStart(4, '0')}`, [
          ['dev-cluster', 'dev'],
        ]),
      ),
      unreachableClusters: [],
    });
    await provider.connect(connection);
    await provider.refresh();
    expect(
      mutations.map(m => (m.type === 'delta' ? m.added.length : -1)),
    ).toEqual([1_000, 1_000, 500]);
    expect(entities()).toHaveLength(2_500);
  });

  it('after a start, removes the entities it wrote before for topics deleted since', async () => {
    const ours = (name: string) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name,
        namespace: 'default',
        annotations: { 'kafka-taas/provider': 'kafka-taas-topics' },
      },
      spec: { type: 'kafka-topic', owner: 'group:default/platform-team' },
    });
    const { provider, mutations, connection } = setup(
      {
        items: [live('banking.kept', [['dev-cluster', 'dev']])],
        unreachableClusters: [],
      },
      { entities: [ours('banking.kept'), ours('banking.gone')] },
    );
    await provider.connect(connection);
    await provider.refresh();

    // The kept one is written again once (the catalog skips it when unchanged); the gone one
    // is removed.
    expect(mutations).toEqual([
      {
        type: 'delta',
        added: [{ entity: expect.objectContaining({ kind: 'Resource' }) }],
        removed: [],
      },
      {
        type: 'delta',
        added: [],
        removed: [{ entityRef: 'resource:default/banking.gone' }],
      },
    ]);
  });
});
