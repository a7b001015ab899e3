import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
// The kafka-taas backend plugin, and its own test harness (its policy for the local stack and
// unique names), which the backend package does not export: the package-boundary rules are off
// for these test-only imports, as in the scaffolder module's tests.
/* eslint-disable @backstage/no-forbidden-package-imports, @backstage/no-mixed-plugin-imports */
import kafkaTaasPlugin, {
  KafkaClientPool,
} from '@kafka-taas/plugin-kafka-taas-backend';
import { testKafkaTaasConfig } from '@kafka-taas/plugin-kafka-taas-backend/src/__testUtils__/testBackend';
import {
  localClusterConfig,
  localStack,
  uniqueName,
} from '@kafka-taas/plugin-kafka-taas-backend/src/__testUtils__/localStack';
/* eslint-enable @backstage/no-forbidden-package-imports, @backstage/no-mixed-plugin-imports */
import { Parser } from '@asyncapi/parser';
import {
  ConfigResourceTypes,
  IncrementalAlterConfigOperationTypes,
} from '@platformatic/kafka';
import request from 'supertest';
import { PROVIDER_NAME } from './KafkaTopicEntityProvider';
import { catalogModuleKafkaTaas } from './module';

// The module end to end: Backstage's test backend with the real catalog (SQLite), the real
// kafka-taas backend on the local Kafka and registry, and this module. The organisation comes
// from a YAML file through a catalog location, as in the app.

const kafkaTaas = testKafkaTaasConfig({
  // Two environments on the one local broker, through two cluster entries.
  clusters: [
    localClusterConfig('local', 'dev'),
    localClusterConfig('local-staging', 'staging'),
  ],
  environments: {
    dev: { cluster: 'local', tier: 'dev' },
    staging: { cluster: 'local-staging', tier: 'staging' },
  },
});

type Server = Awaited<ReturnType<typeof startTestBackend>>['server'];

/** GET on the catalog until `ready` accepts the answer, or fails with the last answer. */
async function pollCatalog(
  server: Server,
  path: string,
  ready: (res: request.Response) => boolean,
  timeoutMs = 30_000,
): Promise<request.Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(server)
      .get(`/api/catalog${path}`)
      .set('Authorization', mockCredentials.user.header('user:default/alice'));
    if (ready(res)) return res;
    if (Date.now() > deadline) {
      throw new Error(
        `GET /api/catalog${path} did not answer as expected within ${timeoutMs} ms; last answer ${
          res.status
        } ${JSON.stringify(res.body)}`,
      );
    }
    await new Promise(r => setTimeout(r, 200));
  }
}

function topicRequest(name: string, environment: string) {
  return {
    domain: 'banking',
    subdomain: 'payments',
    name,
    environment,
    owner: 'group:default/team-payments',
    system: 'system:default/payments',
    description: 'Authorized card payments, one event per authorization.',
    partitions: 1,
    replicationFactor: 1,
    criticality: 'low',
    classification: 'confidential',
    // Staging needs a schema; both environments share the local registry and this subject.
    schema: {
      type: 'json',
      value: JSON.stringify({
        type: 'object',
        properties: { id: { type: 'string' } },
        required: ['id'],
      }),
    },
    consumers: [
      {
        group: 'group:default/team-payments',
        consumerGroup: 'ledger',
        component: 'component:default/ledger',
      },
    ],
  };
}

async function submit(server: Server, body: object) {
  const res = await request(server)
    .post('/api/kafka-taas/topic-requests')
    .set('Authorization', mockCredentials.user.header('user:default/alice'))
    .send(body);
  if (res.status !== 202) {
    throw new Error(
      `topic request refused: ${res.status} ${JSON.stringify(res.body)}`,
    );
  }
  return res.body as { id: string; topicName: string };
}

/**
 * Records every catalog conflict event (an entity claimed by two sources), for the tests to
 * assert none, and lets the tests register file locations.
 */
const conflicts: unknown[] = [];
const conflictRecorder = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-conflict-recorder',
  register(reg) {
    reg.registerInit({
      deps: {
        events: eventsServiceRef,
        locations: catalogLocationsExtensionPoint,
      },
      async init({ events, locations }) {
        // Teams register their catalog-info.yaml files; here from a temporary directory.
        locations.setAllowedLocationTypes(['url', 'file']);
        await events.subscribe({
          id: 'test-conflict-recorder',
          topics: ['experimental.catalog.conflict'],
          onEvent: async event => {
            conflicts.push(event.eventPayload);
          },
        });
      },
    });
  },
});

function clientPool() {
  return KafkaClientPool.create({
    config: mockServices.rootConfig({ data: { kafkaTaas } }),
    logger: mockServices.logger.mock(),
  });
}

/** Commits offset 0 of a topic's partition 0 for a consumer group, as a consumer would. */
async function commitOffsets(groupId: string, topicName: string) {
  const pool = clientPool();
  try {
    await pool.admin('local').alterConsumerGroupOffsets({
      groupId,
      topics: [
        { name: topicName, partitionOffsets: [{ partition: 0, offset: 0n }] },
      ],
    });
  } finally {
    await pool.close();
  }
}

type Relation = { type: string; targetRef: string };

/** Sets a topic's retention on the broker, as someone working around Kafka TaaS would. */
async function setRetentionOnBroker(topicName: string, retentionMs: string) {
  const pool = clientPool();
  try {
    await pool.admin('local').incrementalAlterConfigs({
      resources: [
        {
          resourceType: ConfigResourceTypes.TOPIC,
          resourceName: topicName,
          configs: [
            {
              name: 'retention.ms',
              configOperation: IncrementalAlterConfigOperationTypes.SET,
              value: retentionMs,
            },
          ],
        },
      ],
    });
  } finally {
    await pool.close();
  }
}

/** Creates a topic directly on the broker, as a team outside Kafka TaaS would. */
async function createOnBroker(topicName: string) {
  const pool = clientPool();
  try {
    await pool.admin('local').createTopics({
      topics: [topicName],
      partitions: 1,
      replicas: 1,
    });
  } finally {
    await pool.close();
  }
}

async function deleteOnBroker(topicName: string) {
  const pool = clientPool();
  try {
    const admin = pool.admin('local');
    await admin.deleteTopics({ topics: [topicName] });
    const deadline = Date.now() + 15_000;
    while ((await admin.listTopics()).includes(topicName)) {
      if (Date.now() > deadline)
        throw new Error(`topic ${topicName} still listed after deletion`);
      await new Promise(r => setTimeout(r, 200));
    }
  } finally {
    await pool.close();
  }
}

/** A catalog-info.yaml in a new temporary directory; its path. */
function writeCatalogInfo(yaml: string): string {
  const path = join(
    mkdtempSync(join(tmpdir(), 'kafka-taas-catalog-')),
    'catalog-info.yaml',
  );
  writeFileSync(path, yaml);
  return path;
}

async function registerLocation(
  server: Server,
  target: string,
  dryRun = false,
) {
  return request(server)
    .post(`/api/catalog/locations${dryRun ? '?dryRun=true' : ''}`)
    .set('Authorization', mockCredentials.user.header('user:default/alice'))
    .send({ type: 'file', target });
}

/** A unique topic name of the policy's form. */
function uniqueTopic(name: string) {
  return `banking.payments.${uniqueName(name).replace(/[^a-z0-9-]/g, '')}`;
}

// Each test waits on the real broker and catalog.
jest.setTimeout(60_000);

// The test backend's scheduler runs tasks only when told to: the tests run the provider's
// scheduled refresh themselves, where its schedule would.
const scheduler = mockServices.scheduler();
const schedulerFactory = createServiceFactory({
  service: coreServices.scheduler,
  deps: {},
  factory: () => scheduler,
});
const refreshTopics = () => scheduler.triggerTask(`${PROVIDER_NAME}:refresh`);

describe('catalog module kafka-taas', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let kafkaTaasUrl: string;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        kafkaTaasPlugin,
        catalogModuleKafkaTaas,
        // The real events service: one in-process bus for all plugins, as in the app (the
        // test backend's default gives each plugin a bus of its own).
        eventsServiceFactory,
        schedulerFactory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              // Components are processed again every few seconds: their relations follow the
              // consumer groups' offsets.
              processingInterval: { seconds: 2 },
              rules: [{ allow: ['Component', 'Resource', 'Location'] }],
              locations: [
                {
                  type: 'file',
                  target: resolve(__dirname, '__fixtures__/org.yaml'),
                  rules: [{ allow: ['User', 'Group'] }],
                },
              ],
            },
            kafkaTaas: {
              ...kafkaTaas,
              catalog: { unownedOwner: 'group:default/team-payments' },
            },
          },
        }),
        conflictRecorder,
      ],
    });
    const address = backend.server.address();
    if (address === null || typeof address === 'string') {
      throw new Error(`unexpected server address ${address}`);
    }
    kafkaTaasUrl = `http://localhost:${address.port}/api/kafka-taas`;
    // The owner-membership check needs alice and her group in the catalog.
    await pollCatalog(
      backend.server,
      '/entities/by-name/user/default/alice',
      res =>
        res.status === 200 &&
        res.body.relations?.some(
          (r: { type: string; targetRef: string }) =>
            r.type === 'memberOf' &&
            r.targetRef === 'group:default/team-payments',
        ),
    );
  });
  afterAll(() => backend?.stop());

  it('puts a topic alice requested into the catalog as soon as it is provisioned, listing every cluster it lives on', async () => {
    const name = uniqueName('card-authorized').replace(/[^a-z0-9-]/g, '');
    const dev = await submit(backend.server, topicRequest(name, 'dev'));
    const topicName = dev.topicName;
    expect(topicName).toBe(`banking.payments.${name}`);

    const created = await pollCatalog(
      backend.server,
      `/entities/by-name/resource/default/${topicName}`,
      res => res.status === 200,
    );
    const entity = created.body;
    expect(entity.spec).toEqual({
      type: 'kafka-topic',
      owner: 'group:default/team-payments',
      system: 'system:default/payments',
      dependencyOf: ['component:default/ledger'],
    });
    expect(entity.metadata).toMatchObject({
      name: topicName,
      title: topicName,
      description: 'Authorized card payments, one event per authorization.',
      labels: {
        'kafka-taas/domain': 'banking',
        'kafka-taas/classification': 'confidential',
        'kafka-taas/criticality': 'low',
      },
      annotations: {
        'kafka-taas/topic-name': topicName,
        // Where it lives: the local broker serves both cluster entries.
        'kafka-taas/clusters': 'local,local-staging',
        'kafka-taas/environments': 'dev,staging',
        'kafka-taas/request-ids': dev.id,
        'backstage.io/managed-by-location': `url:${kafkaTaasUrl}/topic-requests/${dev.id}`,
        'backstage.io/managed-by-origin-location': `url:${kafkaTaasUrl}/topic-requests/${dev.id}`,
      },
    });
    // The catalog processed it: the owner relation is there.
    expect(entity.relations).toContainEqual({
      type: 'ownedBy',
      targetRef: 'group:default/team-payments',
    });

    // Where it lives: the local broker serves both cluster entries.
    expect(entity.metadata.annotations).toMatchObject({
      'kafka-taas/clusters': 'local,local-staging',
      'kafka-taas/environments': 'dev,staging',
    });
    expect(entity.metadata.annotations['kafka-taas/unowned']).toBeUndefined();
  });

  it('marks a requested topic drifted once its retention is changed on the broker, findable by label, and unmarks it once restored', async () => {
    const name = uniqueName('drifting').replace(/[^a-z0-9-]/g, '');
    const { topicName } = await submit(
      backend.server,
      topicRequest(name, 'dev'),
    );
    const path = `/entities/by-name/resource/default/${topicName}`;
    const provisioned = await pollCatalog(
      backend.server,
      path,
      res => res.status === 200,
    );
    expect(
      provisioned.body.metadata.labels['kafka-taas/drift'],
    ).toBeUndefined();

    await setRetentionOnBroker(topicName, '3600000');
    await refreshTopics();
    const drifted = await pollCatalog(
      backend.server,
      path,
      res => res.body?.metadata?.labels?.['kafka-taas/drift'] === 'true',
    );
    // Requested in dev, which cluster `local` serves.
    expect(drifted.body.metadata.annotations['kafka-taas/drift']).toBe(
      'retention.ms@local',
    );
    const byLabel = await request(backend.server)
      .get('/api/catalog/entities/by-query')
      .query({ filter: 'kind=resource,metadata.labels.kafka-taas/drift=true' })
      .set('Authorization', mockCredentials.user.header('user:default/alice'));
    expect(
      byLabel.body.items.map(
        (e: { metadata: { name: string } }) => e.metadata.name,
      ),
    ).toContain(topicName);

    // Back to the approved 7 days.
    await setRetentionOnBroker(topicName, '604800000');
    await refreshTopics();
    const restored = await pollCatalog(
      backend.server,
      path,
      res =>
        res.status === 200 &&
        res.body.metadata.labels?.['kafka-taas/drift'] === undefined,
    );
    expect(
      restored.body.metadata.annotations['kafka-taas/drift'],
    ).toBeUndefined();
  });

  it('shows a topic created directly on the broker as unowned, and removes it once deleted there', async () => {
    const topicName = uniqueTopic('legacy');
    await createOnBroker(topicName);
    await refreshTopics();
    const found = await pollCatalog(
      backend.server,
      `/entities/by-name/resource/default/${topicName}`,
      res => res.status === 200,
    );
    expect(found.body.spec).toEqual({
      type: 'kafka-topic',
      owner: 'group:default/team-payments',
    });
    expect(found.body.metadata.annotations).toMatchObject({
      'kafka-taas/topic-name': topicName,
      'kafka-taas/unowned': 'true',
      'kafka-taas/clusters': 'local,local-staging',
      'backstage.io/managed-by-location': `url:${kafkaTaasUrl}/topics/${topicName}`,
    });
    expect(found.body.metadata.description).toMatch(/nobody owns it yet/);

    await deleteOnBroker(topicName);
    await refreshTopics();
    await pollCatalog(
      backend.server,
      `/entities/by-name/resource/default/${topicName}`,
      res => res.status === 404,
    );
  });

  it('lets a topic declared in a catalog-info.yaml win over the unowned entity, without conflict, linked to the live topic', async () => {
    const topicName = uniqueTopic('declared');
    await createOnBroker(topicName);
    await refreshTopics();
    await pollCatalog(
      backend.server,
      `/entities/by-name/resource/default/${topicName}`,
      res => res.body?.metadata?.annotations?.['kafka-taas/unowned'] === 'true',
    );

    const target = writeCatalogInfo(`apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: ${topicName}
  description: Declared by team-payments in their own repository.
  labels:
    kafka-taas/classification: internal
    kafka-taas/criticality: low
  annotations:
    kafka-taas/partitions: "1"
    kafka-taas/replication-factor: "1"
spec:
  type: kafka-topic
  owner: group:default/team-payments
  system: payments
`);
    const registered = await registerLocation(backend.server, target);
    expect(registered.status).toBe(201);

    const declared = await pollCatalog(
      backend.server,
      `/entities/by-name/resource/default/${topicName}`,
      res =>
        res.body?.metadata?.annotations?.[
          'backstage.io/managed-by-location'
        ] === `file:${target}`,
    );
    expect(declared.body.spec).toEqual({
      type: 'kafka-topic',
      owner: 'group:default/team-payments',
      system: 'payments',
    });
    // Linked to the live topic by the processor.
    expect(declared.body.metadata.annotations).toMatchObject({
      'kafka-taas/topic-name': topicName,
      'kafka-taas/clusters': 'local,local-staging',
      'kafka-taas/environments': 'dev,staging',
    });
    expect(
      declared.body.metadata.annotations['kafka-taas/provider'],
    ).toBeUndefined();
    expect(
      declared.body.metadata.annotations['kafka-taas/unowned'],
    ).toBeUndefined();
    expect(declared.body.status?.items ?? []).toEqual([]);

    // Provider refreshes later: still the declaration, one entity, no conflict.
    await refreshTopics();
    await refreshTopics();
    const later = await request(backend.server)
      .get('/api/catalog/entities/by-query')
      .query({
        filter: `kind=resource,metadata.annotations.kafka-taas/topic-name=${topicName}`,
      })
      .set('Authorization', mockCredentials.user.header('user:default/alice'));
    expect(later.body.items).toHaveLength(1);
    expect(
      later.body.items[0].metadata.annotations[
        'backstage.io/managed-by-location'
      ],
    ).toBe(`file:${target}`);
    expect(later.body.items[0].status?.items ?? []).toEqual([]);
    expect(conflicts).toEqual([]);

    // A schema registered for the declared topic: its AsyncAPI entity follows the declaration.
    const schemaRegistered = await fetch(
      `${localStack().registryUrl}/subjects/${topicName}-value/versions`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
        body: JSON.stringify({
          schemaType: 'JSON',
          // Apicurio tells a JSON schema from other types by its keywords.
          schema: JSON.stringify({
            type: 'object',
            title: 'Settlement',
            properties: { id: { type: 'string' } },
          }),
        }),
      },
    );
    expect(schemaRegistered.status).toBe(200);
    await refreshTopics();
    // Processed: related to the declared topic.
    const api = await pollCatalog(
      backend.server,
      `/entities/by-name/api/default/${topicName}`,
      res =>
        res.status === 200 &&
        res.body.relations?.some(
          (r: { type: string; targetRef: string }) =>
            r.type === 'dependsOn' &&
            r.targetRef === `resource:default/${topicName}`,
        ),
    );
    expect(api.body.spec).toMatchObject({
      type: 'asyncapi',
      owner: 'group:default/team-payments',
      system: 'payments',
    });
    expect(conflicts).toEqual([]);
  });

  it('shows every policy violation of a declaration when it is registered, and keeps it out of the catalog', async () => {
    const topicName = 'Banking.payments.card_events';
    const target = writeCatalogInfo(`apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: bad-topic-${uniqueName('x').replace(/[^a-z0-9-]/g, '')}
  description: Too short.
  annotations:
    kafka-taas/topic-name: ${topicName}
    kafka-taas/partitions: "500"
spec:
  type: kafka-topic
  owner: group:default/team-payments
`);
    const analysed = await registerLocation(backend.server, target, true);
    expect(analysed.status).toBe(400);
    const message: string = analysed.body.error.message;
    expect(message).toContain(
      'Kafka topic Banking.payments.card_events in dev: metadata.name breaks the policy rule "enum" (allowed: one of',
    );
    expect(message).toContain(
      'metadata.name breaks the policy rule "pattern" (allowed: lowercase letters, digits and hyphens, starting with a letter): name must not contain "_"',
    );
    expect(message).toContain(
      'metadata.description breaks the policy rule "minLength"',
    );
    expect(message).toContain(
      'metadata.annotations.kafka-taas/partitions breaks the policy rule "max" (allowed: 1-100)',
    );
  });

  it('relates a component to the topics its consumer groups read and the topics it produces', async () => {
    const consumed = uniqueTopic('consumed');
    const produced = uniqueTopic('produced');
    const group = uniqueName('ledger-group');
    await createOnBroker(consumed);
    await commitOffsets(group, consumed);
    // The provider's inventory now knows the group reads the topic.
    await refreshTopics();
    const component = uniqueName('ledger').replace(/[^a-z0-9-]/g, '');
    const target = writeCatalogInfo(`apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${component}
  annotations:
    kafka.apache.org/consumer-groups: local/${group}
    kafka-taas/produces: ${produced}
spec:
  type: service
  lifecycle: production
  owner: group:default/team-payments
`);
    expect((await registerLocation(backend.server, target)).status).toBe(201);

    const related = await pollCatalog(
      backend.server,
      `/entities/by-name/component/default/${component}`,
      res =>
        res.status === 200 &&
        res.body.relations?.some(
          (r: { type: string; targetRef: string }) =>
            r.type === 'dependsOn' &&
            r.targetRef === `resource:default/${consumed}`,
        ),
    );
    expect(related.body.relations).toEqual(
      expect.arrayContaining([
        { type: 'dependsOn', targetRef: `resource:default/${consumed}` },
        { type: 'dependsOn', targetRef: `resource:default/${produced}` },
      ]),
    );
    const topic = await pollCatalog(
      backend.server,
      `/entities/by-name/resource/default/${consumed}`,
      res =>
        res.status === 200 &&
        res.body.relations?.some(
          (r: { type: string; targetRef: string }) =>
            r.type === 'dependencyOf' &&
            r.targetRef === `component:default/${component}`,
        ),
    );
    expect(topic.body.spec.owner).toBe('group:default/team-payments');
  });
  it('describes a requested topic with a schema as an AsyncAPI API entity, owned like the topic and related to its topic, consumers and producers', async () => {
    const name = uniqueName('card-settled').replace(/[^a-z0-9-]/g, '');
    const { topicName } = await submit(
      backend.server,
      topicRequest(name, 'dev'),
    );
    const group = uniqueName('settlement-group');
    const consumer = uniqueName('settlement').replace(/[^a-z0-9-]/g, '');
    const producer = uniqueName('gateway').replace(/[^a-z0-9-]/g, '');
    const apiRef = `api:default/${topicName}`;

    const created = await pollCatalog(
      backend.server,
      `/entities/by-name/api/default/${topicName}`,
      res => res.status === 200,
    );
    expect(created.body.spec).toMatchObject({
      type: 'asyncapi',
      lifecycle: 'experimental',
      owner: 'group:default/team-payments',
      system: 'system:default/payments',
    });
    expect(created.body.metadata.annotations).toMatchObject({
      'kafka-taas/topic-name': topicName,
      'kafka-taas/schema-subject': `${topicName}-value`,
    });
    // The definition is a valid AsyncAPI document, as the api-docs plugin parses it.
    const { document, diagnostics } = await new Parser().parse(
      created.body.spec.definition,
    );
    expect(diagnostics.filter(d => d.severity === 0)).toEqual([]);
    expect(
      document
        ?.channels()
        .all()
        .map(c => c.address()),
    ).toEqual([topicName]);

    // A component whose consumer group reads the topic, and one that produces to it.
    await commitOffsets(group, topicName);
    await refreshTopics();
    const target = writeCatalogInfo(`apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${consumer}
  annotations:
    kafka-taas/consumer-groups: local/${group}
spec:
  type: service
  lifecycle: production
  owner: group:default/team-payments
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${producer}
  annotations:
    kafka-taas/produces: ${topicName}
spec:
  type: service
  lifecycle: production
  owner: group:default/team-payments
`);
    expect((await registerLocation(backend.server, target)).status).toBe(201);

    const hasAll = (expected: Relation[]) => (res: request.Response) =>
      res.status === 200 &&
      expected.every(e =>
        (res.body.relations ?? []).some(
          (r: Relation) => r.type === e.type && r.targetRef === e.targetRef,
        ),
      );
    const apiRelations: Relation[] = [
      { type: 'dependsOn', targetRef: `resource:default/${topicName}` },
      // The consumer named in the topic's request.
      { type: 'apiConsumedBy', targetRef: 'component:default/ledger' },
      { type: 'apiConsumedBy', targetRef: `component:default/${consumer}` },
      { type: 'apiProvidedBy', targetRef: `component:default/${producer}` },
      { type: 'ownedBy', targetRef: 'group:default/team-payments' },
    ];
    const api = await pollCatalog(
      backend.server,
      `/entities/by-name/api/default/${topicName}`,
      hasAll(apiRelations),
    );
    expect(api.body.relations).toEqual(expect.arrayContaining(apiRelations));

    const consumerEntity = await pollCatalog(
      backend.server,
      `/entities/by-name/component/default/${consumer}`,
      hasAll([{ type: 'consumesApi', targetRef: apiRef }]),
    );
    expect(consumerEntity.body.relations).toEqual(
      expect.arrayContaining([
        { type: 'consumesApi', targetRef: apiRef },
        { type: 'dependsOn', targetRef: `resource:default/${topicName}` },
      ]),
    );
    expect(consumerEntity.body.relations).not.toContainEqual({
      type: 'providesApi',
      targetRef: apiRef,
    });
    const producerEntity = await pollCatalog(
      backend.server,
      `/entities/by-name/component/default/${producer}`,
      hasAll([{ type: 'providesApi', targetRef: apiRef }]),
    );
    expect(producerEntity.body.relations).not.toContainEqual({
      type: 'consumesApi',
      targetRef: apiRef,
    });

    const topic = await pollCatalog(
      backend.server,
      `/entities/by-name/resource/default/${topicName}`,
      hasAll([{ type: 'dependencyOf', targetRef: apiRef }]),
    );
    expect(topic.body.spec.owner).toBe(api.body.spec.owner);
    expect(conflicts).toEqual([]);
  });
});
