import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessorResult,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  DEFAULT_POLICY,
  KafkaTaasPolicy,
  KafkaTopicInventory,
  KafkaTopicSummary,
  TopicRequest,
} from '@kafka-taas/plugin-kafka-taas-common';
import { PROVIDER_ANNOTATION, PROVIDER_NAME } from './KafkaTopicEntityProvider';
import { KafkaTopicIndex } from './KafkaTopicIndex';
import { KafkaTopicProcessor } from './KafkaTopicProcessor';

// The processor's own logic with the kafka-taas backend faked (policy and inventory);
// module.integration.test.ts runs it in the real catalog against the real backends.

const location: LocationSpec = {
  type: 'url',
  target: 'https://git.example.com/payments/catalog-info.yaml',
};

const policy: KafkaTaasPolicy = {
  ...DEFAULT_POLICY,
  environments: {
    dev: { cluster: 'dev-cluster', tier: 'dev' },
    prod: { cluster: 'prod-cluster', tier: 'prod' },
  },
  principals: { 'group:default/team-payments': 'User:payments-svc' },
};

function live(
  name: string,
  clusters: Array<[string, string, string[]?]>,
  extra: Partial<KafkaTopicSummary> = {},
): KafkaTopicSummary {
  return {
    name,
    clusters: clusters.map(([cluster, environment, groups = []]) => ({
      cluster,
      environment,
      partitions: 6,
      replicationFactor: 3,
      consumerGroups: groups,
    })),
    requests: [],
    ...extra,
  };
}

/** A ready request of a topic, read by `consumers` (component refs). */
function readyRequest(topicName: string, consumers: string[]): TopicRequest {
  const owner = 'group:default/team-payments';
  const description = `The ${topicName} topic, for tests of the processor.`;
  return {
    id: `request-${topicName}`,
    kind: 'create',
    topicName,
    environment: 'dev',
    cluster: 'dev-cluster',
    owner,
    status: 'ready',
    requestedBy: 'user:default/alice',
    input: {
      domain: topicName.split('.')[0],
      name: topicName,
      environment: 'dev',
      owner,
      description,
    },
    resolved: {
      topicName,
      environment: 'dev',
      cluster: 'dev-cluster',
      tier: 'dev',
      owner,
      description,
      partitions: 6,
      replicationFactor: 3,
      retentionMs: 604800000,
      cleanupPolicy: 'delete',
      classification: 'internal',
      criticality: 'low',
      quotaTier: 'bronze',
      configs: {},
      consumers: consumers.map((ref, i) => ({
        group: owner,
        consumerGroup: `group-${i}`,
        component: ref,
      })),
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

function setup(
  options: {
    inventory?: KafkaTopicInventory;
    readPolicy?: () => Promise<KafkaTaasPolicy>;
  } = {},
) {
  let now = Date.parse('2025-06-01T12:00:00Z');
  const logger = mockServices.logger.mock();
  const readInventory = jest.fn(async () => {
    if (!options.inventory) throw new Error('no inventory in this test');
    return options.inventory;
  });
  const readPolicy = jest.fn(options.readPolicy ?? (async () => policy));
  const index = KafkaTopicIndex.create({
    source: { readInventory },
    logger,
    now: () => now,
  });
  const processor = KafkaTopicProcessor.create({
    source: { readPolicy },
    index,
    logger,
    now: () => now,
  });
  const emitted: CatalogProcessorResult[] = [];
  const emit = (result: CatalogProcessorResult) => {
    emitted.push(result);
  };
  return {
    processor,
    index,
    logger,
    readInventory,
    readPolicy,
    emitted,
    emit,
    advance(ms: number) {
      now += ms;
    },
  };
}

function declaredTopic(
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      description: 'Authorized card payments, one per event.',
      labels: { 'kafka-taas/criticality': 'low' },
      annotations: { 'kafka-taas/replication-factor': '3', ...annotations },
    },
    spec: { type: 'kafka-topic', owner: 'group:default/team-payments' },
  };
}

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-payments',
    },
  };
}

/** The relations among emitted results, as `source type target` lines. */
function relationsOf(emitted: CatalogProcessorResult[]): string[] {
  return emitted.flatMap(result =>
    result.type === 'relation'
      ? [
          `${result.relation.source.kind.toLocaleLowerCase('en-US')}:${
            result.relation.source.namespace
          }/${result.relation.source.name} ${
            result.relation.type
          } ${result.relation.target.kind.toLocaleLowerCase('en-US')}:${
            result.relation.target.namespace
          }/${result.relation.target.name}`,
        ]
      : [],
  );
}

function errorsOf(emitted: CatalogProcessorResult[]): string[] {
  return emitted.flatMap(result =>
    result.type === 'error' ? [result.error.message] : [],
  );
}

describe('KafkaTopicProcessor.preProcessEntity', () => {
  it('links a declared topic to where it lives and reports nothing when it follows the policy', async () => {
    const { processor, index, emitted, emit } = setup({
      inventory: {
        items: [
          live('banking.payments.card', [
            ['dev-cluster', 'dev'],
            ['prod-cluster', 'prod'],
          ]),
        ],
        unreachableClusters: [],
      },
    });
    const entity = declaredTopic('banking.payments.card');

    const result = await processor.preProcessEntity(entity, location, emit);

    expect(emitted).toEqual([]);
    expect(result.metadata.annotations).toEqual({
      'kafka-taas/replication-factor': '3',
      'kafka-taas/topic-name': 'banking.payments.card',
      'kafka-taas/clusters': 'dev-cluster,prod-cluster',
      'kafka-taas/environments': 'dev,prod',
    });
    expect(result.spec).toEqual(entity.spec);
    // The provider leaves the topic out from now on.
    expect(index.declaredTopics()).toEqual(
      new Map([
        ['banking.payments.card', 'resource:default/banking.payments.card'],
      ]),
    );
  });

  it('marks a declared topic whose live values differ from its declaration as drifted, and only then', async () => {
    const placement = (retention: string, replicationFactor: number) => ({
      ...live('banking.payments.card', [['dev-cluster', 'dev']]).clusters[0],
      replicationFactor,
      configs: { 'retention.ms': retention, 'cleanup.policy': 'delete' },
    });
    const declared = declaredTopic('banking.payments.card', {
      'kafka-taas/retention-ms': '604800000',
    });
    const inventoryWith = (retention: string, replicationFactor: number) => ({
      items: [
        {
          ...live('banking.payments.card', []),
          clusters: [placement(retention, replicationFactor)],
        },
      ],
      unreachableClusters: [],
    });

    const drifted = setup({ inventory: inventoryWith('86400000', 1) });
    const result = await drifted.processor.preProcessEntity(
      declared,
      location,
      drifted.emit,
    );
    expect(result.metadata.labels).toEqual({
      'kafka-taas/criticality': 'low',
      'kafka-taas/drift': 'true',
    });
    expect(result.metadata.annotations?.['kafka-taas/drift']).toBe(
      'replicationFactor@dev-cluster,retention.ms@dev-cluster',
    );

    const asDeclared = setup({ inventory: inventoryWith('604800000', 3) });
    const same = await asDeclared.processor.preProcessEntity(
      declared,
      location,
      asDeclared.emit,
    );
    expect(same.metadata.labels).toEqual({ 'kafka-taas/criticality': 'low' });
    expect(same.metadata.annotations?.['kafka-taas/drift']).toBeUndefined();
  });

  it('reports each policy violation as an input error at the declaration’s location', async () => {
    const { processor, emitted, emit } = setup({
      inventory: {
        items: [live('banking.payments.card', [['prod-cluster', 'prod']])],
        unreachableClusters: [],
      },
    });
    const entity = declaredTopic('banking.payments.card', {
      'kafka-taas/replication-factor': '1',
      'kafka-taas/partitions': '500',
    });

    await processor.preProcessEntity(entity, location, emit);

    // Input errors: the catalog keeps the entity's last good version and shows the errors.
    for (const result of emitted) {
      expect(result).toMatchObject({
        type: 'error',
        location,
        error: { name: 'InputError' },
      });
    }
    expect(errorsOf(emitted)).toEqual([
      expect.stringContaining(
        'Kafka topic banking.payments.card in prod: metadata.annotations.kafka-taas/partitions breaks the policy rule "max" (allowed: 1-100)',
      ),
      expect.stringContaining(
        'Kafka topic banking.payments.card in prod: metadata.annotations.kafka-taas/replication-factor breaks the policy rule "prodMin" (allowed: 3 in prod)',
      ),
    ]);
  });

  it('checks a declared topic that is on no cluster yet as a dev topic, and adds no clusters', async () => {
    const { processor, emitted, emit } = setup({
      inventory: { items: [], unreachableClusters: [] },
    });
    const result = await processor.preProcessEntity(
      declaredTopic('banking.payments.card', {
        'kafka-taas/replication-factor': '1',
      }),
      location,
      emit,
    );
    // Replication factor 1 is allowed in dev.
    expect(emitted).toEqual([]);
    expect(result.metadata.annotations).toEqual({
      'kafka-taas/replication-factor': '1',
      'kafka-taas/topic-name': 'banking.payments.card',
    });
  });

  it('reads the policy once for many declarations, and again after 5 minutes', async () => {
    const { processor, readPolicy, emit, advance } = setup({
      inventory: { items: [], unreachableClusters: [] },
    });
    await Promise.all([
      processor.preProcessEntity(declaredTopic('banking.one'), location, emit),
      processor.preProcessEntity(declaredTopic('banking.two'), location, emit),
    ]);
    await processor.preProcessEntity(
      declaredTopic('banking.three'),
      location,
      emit,
    );
    expect(readPolicy).toHaveBeenCalledTimes(1);
    advance(5 * 60 * 1000);
    await processor.preProcessEntity(
      declaredTopic('banking.four'),
      location,
      emit,
    );
    expect(readPolicy).toHaveBeenCalledTimes(2);
  });

  it('links a declaration without checking it, with a warning, while the policy cannot be read', async () => {
    const { processor, logger, emitted, emit } = setup({
      inventory: {
        items: [live('banking.payments.card', [['dev-cluster', 'dev']])],
        unreachableClusters: [],
      },
      readPolicy: async () => {
        throw new Error('kafka-taas backend unreachable');
      },
    });
    const result = await processor.preProcessEntity(
      declaredTopic('banking.payments.card', {
        'kafka-taas/partitions': '500',
      }),
      location,
      emit,
    );
    expect(emitted).toEqual([]);
    expect(result.metadata.annotations?.['kafka-taas/clusters']).toBe(
      'dev-cluster',
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'Declared Kafka topics are not checked against the policy until it can be read: kafka-taas backend unreachable',
    );
  });

  it('leaves the entities the provider emitted, and other entities, as they are', async () => {
    const { processor, readPolicy, readInventory, emitted, emit } = setup();
    const provided = declaredTopic('banking.payments.card', {
      [PROVIDER_ANNOTATION]: PROVIDER_NAME,
      'kafka-taas/partitions': '500',
    });
    const database: Entity = {
      ...declaredTopic('banking.payments.card'),
      spec: { type: 'database', owner: 'group:default/team-payments' },
    };
    const other = component('ledger', {});
    for (const entity of [provided, database, other]) {
      expect(await processor.preProcessEntity(entity, location, emit)).toBe(
        entity,
      );
    }
    expect(emitted).toEqual([]);
    expect(readPolicy).not.toHaveBeenCalled();
    expect(readInventory).not.toHaveBeenCalled();
  });
});

describe('KafkaTopicProcessor.postProcessEntity', () => {
  const inventory: KafkaTopicInventory = {
    items: [
      live('banking.payments.card', [
        ['dev-cluster', 'dev', ['ledger', 'audit']],
        ['prod-cluster', 'prod', ['ledger']],
      ]),
      live('banking.payments.refund', [['prod-cluster', 'prod', ['ledger']]]),
      live('banking.payments.other', [['dev-cluster', 'dev', ['other']]]),
    ],
    unreachableClusters: [],
  };

  it('relates a component to the topics its consumer groups read on their cluster, both ways', async () => {
    const { processor, emitted, emit } = setup({ inventory });
    const entity = component('ledger', {
      'kafka-taas/consumer-groups': 'prod-cluster/ledger',
    });

    expect(await processor.postProcessEntity(entity, location, emit)).toBe(
      entity,
    );

    expect(relationsOf(emitted)).toEqual([
      'component:default/ledger dependsOn resource:default/banking.payments.card',
      'resource:default/banking.payments.card dependencyOf component:default/ledger',
      'component:default/ledger dependsOn resource:default/banking.payments.refund',
      'resource:default/banking.payments.refund dependencyOf component:default/ledger',
    ]);
  });

  it('reads the community plugin’s consumer-groups annotation the same way, with ours', async () => {
    const { processor, emitted, emit } = setup({ inventory });
    await processor.postProcessEntity(
      component('auditor', {
        'kafka.apache.org/consumer-groups': 'dev-cluster/audit',
        'kafka-taas/consumer-groups': 'dev-cluster/other',
      }),
      location,
      emit,
    );
    expect(relationsOf(emitted)).toEqual([
      'component:default/auditor dependsOn resource:default/banking.payments.card',
      'resource:default/banking.payments.card dependencyOf component:default/auditor',
      'component:default/auditor dependsOn resource:default/banking.payments.other',
      'resource:default/banking.payments.other dependencyOf component:default/auditor',
    ]);
  });

  it('relates a component to the topics it produces, without reading the inventory', async () => {
    const { processor, readInventory, emitted, emit } = setup({ inventory });
    await processor.postProcessEntity(
      component('gateway', {
        'kafka-taas/produces': 'banking.payments.card, banking.payments.new',
      }),
      location,
      emit,
    );
    expect(readInventory).not.toHaveBeenCalled();
    expect(relationsOf(emitted)).toEqual([
      'component:default/gateway dependsOn resource:default/banking.payments.card',
      'resource:default/banking.payments.card dependencyOf component:default/gateway',
      'component:default/gateway dependsOn resource:default/banking.payments.new',
      'resource:default/banking.payments.new dependencyOf component:default/gateway',
    ]);
  });

  it('targets the declared entity of a topic declared in a catalog-info.yaml', async () => {
    const { processor, index, emitted, emit } = setup({ inventory });
    index.setDeclaredInCatalog(
      new Map([['banking.payments.card', 'resource:payments/card']]),
    );
    await processor.postProcessEntity(
      component('gateway', { 'kafka-taas/produces': 'banking.payments.card' }),
      location,
      emit,
    );
    expect(relationsOf(emitted)).toEqual([
      'component:default/gateway dependsOn resource:payments/card',
      'resource:payments/card dependencyOf component:default/gateway',
    ]);
  });

  it('consumes and provides the API of each topic that has one', async () => {
    const { processor, index, emitted, emit } = setup({ inventory });
    index.setApiEntities(
      new Map([['banking.payments.card', 'api:default/banking.payments.card']]),
    );
    await processor.postProcessEntity(
      component('ledger', {
        'kafka-taas/consumer-groups': 'prod-cluster/ledger',
        'kafka-taas/produces': 'banking.payments.card',
      }),
      location,
      emit,
    );
    expect(relationsOf(emitted)).toEqual([
      'component:default/ledger dependsOn resource:default/banking.payments.card',
      'resource:default/banking.payments.card dependencyOf component:default/ledger',
      'component:default/ledger providesApi api:default/banking.payments.card',
      'api:default/banking.payments.card apiProvidedBy component:default/ledger',
      'component:default/ledger consumesApi api:default/banking.payments.card',
      'api:default/banking.payments.card apiConsumedBy component:default/ledger',
      // The refund topic has no schema, so no API.
      'component:default/ledger dependsOn resource:default/banking.payments.refund',
      'resource:default/banking.payments.refund dependencyOf component:default/ledger',
    ]);
  });

  it('reports consumer-group entries that are not <cluster>/<group> as an input error, and relates the valid ones', async () => {
    const { processor, emitted, emit } = setup({ inventory });
    await processor.postProcessEntity(
      component('ledger', {
        'kafka-taas/consumer-groups': 'prod-cluster/ledger, ledger',
        'kafka.apache.org/consumer-groups': '/audit',
      }),
      location,
      emit,
    );
    expect(emitted).toContainEqual(
      processingResult.inputError(
        location,
        'kafka-taas/consumer-groups / kafka.apache.org/consumer-groups: "ledger", "/audit" is not a <cluster>/<group> pair (allowed: comma-separated <cluster>/<group>, e.g. local-dev/ledger)',
      ),
    );
    expect(errorsOf(emitted)).toHaveLength(1);
    expect(relationsOf(emitted)).toHaveLength(4);
  });

  it('relates nothing for a component without Kafka annotations, nor for other kinds', async () => {
    const { processor, readInventory, emitted, emit } = setup({ inventory });
    await processor.postProcessEntity(
      component('web', { 'backstage.io/techdocs-ref': 'dir:.' }),
      location,
      emit,
    );
    const resource: Entity = {
      ...declaredTopic('banking.payments.card'),
      metadata: {
        name: 'banking.payments.card',
        annotations: { 'kafka-taas/produces': 'banking.payments.card' },
      },
    };
    await processor.postProcessEntity(resource, location, emit);
    expect(emitted).toEqual([]);
    expect(readInventory).not.toHaveBeenCalled();
  });

  it('relates a topic’s API entity to its topic and to the consumers of its requests', async () => {
    const { processor, emitted, emit } = setup({
      inventory: {
        items: [
          live('banking.payments.card', [['dev-cluster', 'dev']], {
            requests: [
              readyRequest('banking.payments.card', [
                'component:default/ledger',
                'component:payments/auditor',
              ]),
            ],
          }),
        ],
        unreachableClusters: [],
      },
    });
    const api: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: {
        name: 'banking.payments.card',
        namespace: 'default',
        annotations: {
          'kafka-taas/topic-name': 'banking.payments.card',
          [PROVIDER_ANNOTATION]: PROVIDER_NAME,
        },
      },
      spec: {
        type: 'asyncapi',
        lifecycle: 'experimental',
        owner: 'group:default/team-payments',
        definition: '{}',
      },
    };
    await processor.postProcessEntity(api, location, emit);
    expect(relationsOf(emitted)).toEqual([
      'api:default/banking.payments.card dependsOn resource:default/banking.payments.card',
      'resource:default/banking.payments.card dependencyOf api:default/banking.payments.card',
      'component:default/ledger consumesApi api:default/banking.payments.card',
      'api:default/banking.payments.card apiConsumedBy component:default/ledger',
      'component:payments/auditor consumesApi api:default/banking.payments.card',
      'api:default/banking.payments.card apiConsumedBy component:payments/auditor',
    ]);
  });

  it('leaves API entities it did not emit alone', async () => {
    const { processor, readInventory, emitted, emit } = setup({ inventory });
    await processor.postProcessEntity(
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'API',
        metadata: {
          name: 'banking.payments.card',
          annotations: { 'kafka-taas/topic-name': 'banking.payments.card' },
        },
        spec: { type: 'openapi', lifecycle: 'production', owner: 'x' },
      },
      location,
      emit,
    );
    expect(emitted).toEqual([]);
    expect(readInventory).not.toHaveBeenCalled();
  });
});
