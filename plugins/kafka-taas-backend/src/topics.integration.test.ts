import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  KafkaTopicDetails,
  KafkaTopicInventoryWithWarnings,
  KafkaTopicSummary,
} from '@kafka-taas/plugin-kafka-taas-common';
import {
  AclOperations,
  AclPermissionTypes,
  Admin,
  ConfigResourceTypes,
  Consumer,
  IncrementalAlterConfigOperationTypes,
  MessagesStreamModes,
  Producer,
  ResourcePatternTypes,
  ResourceTypes,
  stringDeserializers,
  stringSerializers,
} from '@platformatic/kafka';
import request from 'supertest';
import {
  eventually,
  localClusterConfig,
  localStack,
  uniqueName,
  upsertScramUser,
} from './__testUtils__/localStack';
import {
  as,
  startKafkaTaasBackend,
  testKafkaTaasConfig,
} from './__testUtils__/testBackend';

// GET /topics and GET /topics/{topic} end to end: the real plugin in Backstage's test backend
// on the real local Kafka and Apicurio Registry. Three clusters: the local broker, the same
// broker again with a registry that is down (`local-mirror`), and a closed port (`gone`).

const avroSchema = JSON.stringify({
  type: 'record',
  name: 'LedgerEntry',
  namespace: 'com.example.ledger',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amountCents', type: 'long' },
  ],
});

const suffix = uniqueName('inv').replace(/[^a-z0-9-]/g, '');
/** Requested through the API. */
const requestedName = `ledger-${suffix}`;
const requestedTopic = `banking.payments.${requestedName}`;
/** Created straight on the broker; declared by a catalog entity that asks 6 partitions. */
const directTopic = `analytics.found.direct-${suffix}`;
/** Created on the broker, left out by `kafkaTaas.topics.exclude`. */
const excludedTopic = `analytics.found.excluded-${suffix}.scratch`;
const consumerGroup = `inventory-reader-${suffix}`;

const declaredTopic: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: `direct-${suffix}`,
    namespace: 'default',
    annotations: {
      'kafka-taas/topic-name': directTopic,
      'kafka-taas/partitions': '6',
      'kafka-taas/replication-factor': '1',
      'backstage.io/managed-by-location':
        'url:https://git.example.com/analytics/found/blob/main/catalog-info.yaml',
      'backstage.io/managed-by-origin-location':
        'url:https://git.example.com/analytics/found/blob/main/catalog-info.yaml',
    },
  },
  spec: { type: 'kafka-topic', owner: 'team-analytics' },
};

const admin = new Admin({
  clientId: 'test-topics',
  bootstrapBrokers: localStack().plaintextBrokers,
});

afterAll(() => admin.close());

type Backend = Awaited<ReturnType<typeof startKafkaTaasBackend>>;

async function waitForReady(backend: Backend, id: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await request(backend.server)
      .get(`/api/kafka-taas/topic-requests/${id}`)
      .set('Authorization', as('alice'));
    const status = res.body.request?.status;
    if (status === 'ready') return res.body.request;
    if (status === 'failed' || Date.now() > deadline) {
      throw new Error(
        `request ${id} did not become ready: ${JSON.stringify(res.body)}`,
      );
    }
    await new Promise(r => setTimeout(r, 200));
  }
}

/** Produces one message on the topic and commits it with a real consumer group. */
async function consumeAndCommit(topic: string, groupId: string) {
  const plaintext = { bootstrapBrokers: localStack().plaintextBrokers };
  const producer = new Producer({
    clientId: 'test-inventory-producer',
    ...plaintext,
    serializers: stringSerializers,
  });
  const consumer = new Consumer({
    clientId: 'test-inventory-consumer',
    groupId,
    ...plaintext,
    deserializers: stringDeserializers,
    retries: 20,
    retryDelay: 500,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
  });
  try {
    await producer.send({ messages: [{ topic, key: 'k', value: 'v' }] });
    const stream = await consumer.consume({
      topics: [topic],
      mode: MessagesStreamModes.EARLIEST,
      autocommit: false,
    });
    try {
      for await (const message of stream) {
        await message.commit();
        break;
      }
    } finally {
      await stream.close();
    }
  } finally {
    await Promise.allSettled([producer.close(), consumer.close(true)]);
  }
}

describe('topic inventory and details', () => {
  let backend: Backend;
  let requestId: string;

  beforeAll(async () => {
    backend = await startKafkaTaasBackend({
      kafkaTaas: testKafkaTaasConfig({
        clusters: [
          localClusterConfig('local', 'dev'),
          {
            ...localClusterConfig('local-mirror', 'staging'),
            schemaRegistry: { url: 'http://127.0.0.1:1/apis/ccompat/v7' },
          },
          {
            name: 'gone',
            environment: 'prod-eu',
            brokers: ['127.0.0.1:1'],
            requestTimeoutMs: 2_000,
          },
        ],
        topics: { exclude: ['\\.scratch$'] },
      }),
      entities: [declaredTopic],
    });

    const submitted = await request(backend.server)
      .post('/api/kafka-taas/topic-requests')
      .set('Authorization', as('alice'))
      .send({
        domain: 'banking',
        subdomain: 'payments',
        name: requestedName,
        environment: 'dev',
        owner: 'group:default/team-payments',
        description: 'Ledger entries, one event per booking on an account.',
        partitions: 2,
        replicationFactor: 1,
        schema: { type: 'avro', value: avroSchema },
      });
    if (submitted.status !== 202) {
      throw new Error(
        `the topic request was refused: ${JSON.stringify(submitted.body)}`,
      );
    }
    requestId = submitted.body.id;
    await waitForReady(backend, requestId);

    await admin.createTopics({
      topics: [directTopic, excludedTopic],
      partitions: 3,
      replicas: 1,
    });
    await consumeAndCommit(directTopic, consumerGroup);
  }, 90_000);

  afterAll(() => backend?.stop());

  async function inventory(query = '') {
    const res = await request(backend.server)
      .get(`/api/kafka-taas/topics${query}`)
      .set('Authorization', as('alice'));
    expect(res.status).toBe(200);
    return res.body as KafkaTopicInventoryWithWarnings;
  }

  async function details(topic: string) {
    const res = await request(backend.server)
      .get(`/api/kafka-taas/topics/${encodeURIComponent(topic)}`)
      .set('Authorization', as('alice'));
    expect(res.status).toBe(200);
    return res.body as KafkaTopicDetails;
  }

  const item = (body: KafkaTopicInventoryWithWarnings, name: string) =>
    body.items.find(i => i.name === name);

  it('lists a requested topic with its request and a topic found on the broker with its consumer group', async () => {
    const body = await inventory();

    const requested = item(body, requestedTopic);
    expect(requested?.requests.map(r => r.id)).toEqual([requestId]);
    expect(requested?.requests[0].status).toBe('ready');
    expect(requested?.clusters).toEqual([
      {
        cluster: 'local',
        environment: 'dev',
        partitions: 2,
        replicationFactor: 1,
        consumerGroups: [],
      },
      {
        cluster: 'local-mirror',
        environment: 'staging',
        partitions: 2,
        replicationFactor: 1,
        consumerGroups: [],
      },
    ]);
    expect(requested?.schemas).toBeUndefined();

    const direct = item(body, directTopic);
    expect(direct?.requests).toEqual([]);
    expect(direct?.clusters[0]).toEqual({
      cluster: 'local',
      environment: 'dev',
      partitions: 3,
      replicationFactor: 1,
      consumerGroups: [consumerGroup],
    });

    const names = body.items.map(i => i.name);
    expect(names).not.toContain('__consumer_offsets');
    expect(names.filter(n => n.startsWith('_'))).toEqual([]);
    expect(names).not.toContain(excludedTopic);
    expect(names).toEqual([...names].sort());
  });

  it('lists an unreachable cluster with its error while the other clusters still answer', async () => {
    const body = await inventory();
    expect(body.unreachableClusters).toEqual([
      {
        cluster: 'gone',
        environment: 'prod-eu',
        error: expect.stringMatching(
          /^Could not list the topics on Kafka cluster "gone": connection refused by 127\.0\.0\.1:1/,
        ),
      },
    ]);
    expect(item(body, requestedTopic)).toBeDefined();
    expect(JSON.stringify(body)).not.toContain(localStack().admin.password);
  });

  it('includes the latest value schema per cluster when asked, and reports a registry that is down', async () => {
    const body = await inventory('?include=schemas');
    const requested = item(body, requestedTopic);
    expect(requested?.schemas).toEqual([
      {
        cluster: 'local',
        subject: `${requestedTopic}-value`,
        version: 1,
        id: expect.any(Number),
        schemaType: 'AVRO',
        schema: expect.stringContaining('LedgerEntry'),
      },
    ]);
    expect(item(body, directTopic)?.schemas).toEqual([]);
    expect(body.warnings).toEqual([
      {
        cluster: 'local-mirror',
        environment: 'staging',
        section: 'schemas',
        error: expect.stringContaining(
          'Schema registry http://127.0.0.1:1/apis/ccompat/v7 is unreachable',
        ),
      },
    ]);
  });

  it('answers other backend plugins (service tokens)', async () => {
    const res = await request(backend.server)
      .get('/api/kafka-taas/topics')
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(
      (res.body.items as KafkaTopicSummary[]).some(i => i.name === directTopic),
    ).toBe(true);
  });

  it('details a requested topic: configs, subjects, ACLs, quotas and owner; no drift', async () => {
    const prefix = requestedTopic.slice(0, -3);
    const prefixReader = `User:prefix-reader-${suffix}`;
    await admin.createAcls({
      creations: [
        {
          resourceType: ResourceTypes.TOPIC,
          resourceName: prefix,
          resourcePatternType: ResourcePatternTypes.PREFIXED,
          principal: prefixReader,
          host: '*',
          operation: AclOperations.READ,
          permissionType: AclPermissionTypes.ALLOW,
        },
      ],
    });

    const body = await eventually(async () => {
      const found = await details(requestedTopic);
      expect(found.clusters[0]?.acls.map(a => a.principal)).toContain(
        prefixReader,
      );
      return found;
    });
    expect(body).toMatchObject({
      name: requestedTopic,
      owner: 'group:default/team-payments',
      ownerSource: 'request',
      unowned: false,
      drift: [],
      errors: [],
    });
    expect(body.requests.map(r => r.id)).toEqual([requestId]);
    expect(body.unreachableClusters.map(c => c.cluster)).toEqual(['gone']);

    const [local, mirror] = body.clusters;
    expect(local).toMatchObject({
      cluster: 'local',
      environment: 'dev',
      partitions: 2,
      replicationFactor: 1,
      errors: [],
    });
    expect(local.configs.find(c => c.name === 'retention.ms')).toEqual({
      name: 'retention.ms',
      value: '604800000',
      isDefault: false,
      source: 'DYNAMIC_TOPIC_CONFIG',
      readOnly: false,
      sensitive: false,
    });
    expect(local.configs.find(c => c.name === 'segment.bytes')).toMatchObject({
      isDefault: true,
    });
    expect(local.subjects).toEqual([
      {
        subject: `${requestedTopic}-value`,
        versions: [1],
        compatibility: 'BACKWARD',
        latest: {
          version: 1,
          id: expect.any(Number),
          schemaType: 'AVRO',
          schema: expect.stringContaining('LedgerEntry'),
        },
      },
    ]);
    expect(local.acls).toEqual(
      expect.arrayContaining([
        {
          resourceName: requestedTopic,
          patternType: 'LITERAL',
          principal: 'User:payments-svc',
          host: '*',
          operation: 'WRITE',
          permissionType: 'ALLOW',
        },
        {
          resourceName: prefix,
          patternType: 'PREFIXED',
          principal: prefixReader,
          host: '*',
          operation: 'READ',
          permissionType: 'ALLOW',
        },
      ]),
    );
    expect(local.quotas).toEqual({
      principal: 'User:payments-svc',
      values: expect.objectContaining({
        producer_byte_rate: expect.any(Number),
        consumer_byte_rate: expect.any(Number),
      }),
    });

    // The same broker behind a registry that is down: the schemas section says so, the rest is there.
    expect(mirror.cluster).toBe('local-mirror');
    expect(mirror.subjects).toEqual([]);
    expect(mirror.errors).toEqual([
      {
        section: 'schemas',
        error: expect.stringContaining(
          'Schema registry http://127.0.0.1:1/apis/ccompat/v7 is unreachable',
        ),
      },
    ]);
    expect(mirror.configs.length).toBeGreaterThan(0);
  });

  it('shows a retention changed on the broker as drift from what was approved', async () => {
    await admin.incrementalAlterConfigs({
      resources: [
        {
          resourceType: ConfigResourceTypes.TOPIC,
          resourceName: requestedTopic,
          configs: [
            {
              name: 'retention.ms',
              configOperation: IncrementalAlterConfigOperationTypes.SET,
              value: '3600000',
            },
          ],
        },
      ],
    });
    const body = await eventually(async () => {
      const found = await details(requestedTopic);
      expect(found.drift.length).toBeGreaterThan(0);
      return found;
    });
    expect(body.drift).toEqual([
      {
        cluster: 'local',
        environment: 'dev',
        field: 'retention.ms',
        expected: '604800000',
        live: '3600000',
        source: 'approved',
      },
    ]);

    // The inventory reads the same value for the catalog (`include=configs`), on each cluster.
    const listed = await inventory('?include=schemas,configs');
    const requested = item(listed, requestedTopic);
    expect(requested?.clusters.map(c => c.configs)).toEqual([
      expect.objectContaining({
        'retention.ms': '3600000',
        'cleanup.policy': 'delete',
      }),
      expect.objectContaining({
        'retention.ms': '3600000',
        'cleanup.policy': 'delete',
      }),
    ]);
    expect(requested?.schemas).toHaveLength(1);
    // A topic nobody requested gets the configs a declaration can set.
    expect(
      Object.keys(item(listed, directTopic)?.clusters[0].configs ?? {}),
    ).toEqual(expect.arrayContaining(['retention.ms', 'cleanup.policy']));
  });

  it('shows a declared partition count that differs as drift, and takes the owner from the declaration', async () => {
    const body = await details(directTopic);
    expect(body).toMatchObject({
      name: directTopic,
      owner: 'group:default/team-analytics',
      ownerSource: 'declared',
      unowned: false,
      declaredBy: `resource:default/direct-${suffix}`,
      requests: [],
    });
    expect(body.drift).toEqual([
      {
        cluster: 'local',
        environment: 'dev',
        field: 'partitions',
        expected: '6',
        live: '3',
        source: 'declared',
      },
      {
        cluster: 'local-mirror',
        environment: 'staging',
        field: 'partitions',
        expected: '6',
        live: '3',
        source: 'declared',
      },
    ]);
    expect(body.clusters[0].quotas?.principal).toBe('User:analytics-svc');
  });

  it('marks a topic nobody requested or declared as unowned', async () => {
    const body = await details(excludedTopic);
    expect(body).toMatchObject({ unowned: true, requests: [], drift: [] });
    expect(body.owner).toBeUndefined();
    expect(body.clusters[0].quotas).toBeUndefined();
  });

  it('answers 404 naming the topic when no cluster has it and nothing names it', async () => {
    const missing = `analytics.found.missing-${suffix}`;
    const res = await request(backend.server)
      .get(`/api/kafka-taas/topics/${missing}`)
      .set('Authorization', as('alice'));
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(
      new RegExp(
        `^Topic "${missing.replace(
          /\./g,
          '\\.',
        )}" is on none of the configured Kafka clusters \\(local, local-mirror, gone\\); could not read "gone"`,
      ),
    );
  });

  it('refuses an include it does not know with 400 naming the parameter and what it accepts', async () => {
    const res = await request(backend.server)
      .get('/api/kafka-taas/topics?include=schemas,everything')
      .set('Authorization', as('alice'));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('include');
    expect(res.body.error.message).toContain('schemas, configs');
  });

  it('refuses a name Kafka would not accept with 400', async () => {
    const res = await request(backend.server)
      .get('/api/kafka-taas/topics/not%20a%20topic')
      .set('Authorization', as('alice'));
    expect(res.status).toBe(400);
  });
});

describe('topic configs the portal principal may not describe', () => {
  const username = `narrow-${suffix}`;
  const password = 'narrow-password';
  const readable = `analytics.found.configs-${suffix}`;
  const hidden = `operations.found.configs-${suffix}`;
  let backend: Backend;

  beforeAll(async () => {
    await admin.createTopics({
      topics: [readable, hidden],
      partitions: 1,
      replicas: 1,
    });
    await upsertScramUser(username, password);
    const allow = (
      resourceName: string,
      operation: (typeof AclOperations)[keyof typeof AclOperations],
    ) => ({
      resourceType: ResourceTypes.TOPIC,
      resourceName,
      resourcePatternType: ResourcePatternTypes.LITERAL,
      principal: `User:${username}`,
      host: '*',
      operation,
      permissionType: AclPermissionTypes.ALLOW,
    });
    // It may see every topic, but read the configs of one.
    await admin.createAcls({
      creations: [
        allow('*', AclOperations.DESCRIBE),
        allow(readable, AclOperations.DESCRIBE_CONFIGS),
      ],
    });
    backend = await startKafkaTaasBackend({
      kafkaTaas: testKafkaTaasConfig({
        clusters: [
          {
            ...localClusterConfig('narrow', 'dev'),
            sasl: { mechanism: 'scram-sha-512', username, password },
          },
        ],
        environments: {
          dev: { cluster: 'narrow', tier: 'dev' },
          prod: { cluster: 'narrow', tier: 'prod' },
        },
      }),
    });
  }, 60_000);

  afterAll(() => backend?.stop());

  it('keeps the configs it may read and warns how many topics it could not read', async () => {
    const body = await eventually(async () => {
      const res = await request(backend.server)
        .get('/api/kafka-taas/topics?include=configs')
        .set('Authorization', as('alice'));
      expect(res.status).toBe(200);
      const found = res.body as KafkaTopicInventoryWithWarnings;
      const names = found.items.map(i => i.name);
      expect(names).toEqual(expect.arrayContaining([readable, hidden]));
      expect(
        found.items.find(i => i.name === readable)?.clusters[0].configs,
      ).toBeDefined();
      return found;
    });
    const placement = (topic: string) =>
      body.items.find(i => i.name === topic)?.clusters[0];
    expect(placement(readable)?.configs).toEqual({
      'cleanup.policy': 'delete',
      'retention.ms': expect.stringMatching(/^\d+$/),
    });
    expect(placement(hidden)?.configs).toBeUndefined();
    expect(body.unreachableClusters).toEqual([]);
    expect(body.warnings).toEqual([
      {
        cluster: 'narrow',
        environment: 'dev',
        section: 'configs',
        error: expect.stringMatching(
          /^Could not read the configs of \d+ of \d+ topics on Kafka cluster "narrow" \(.+\): deleted since they were listed, or the principal may not DescribeConfigs them\./,
        ),
      },
    ]);
  });
});
