import { mockServices } from '@backstage/backend-test-utils';
import {
  ProvisioningStep,
  QuotaTier,
  ResolvedTopicRequest,
} from '@kafka-taas/plugin-kafka-taas-common';
import {
  AclOperations,
  AclPermissionTypes,
  Consumer,
  MessagesStreamModes,
  Producer,
  ResourcePatternTypes,
  ResourceTypes,
  stringDeserializers,
  stringSerializers,
} from '@platformatic/kafka';
import { KafkaClientPool } from '../services/KafkaClientPool';
import { kafkaErrorMessages } from '../services/errors';
import {
  eventually,
  localClusterConfig,
  localSaslClient,
  localStack,
  uniqueName,
  upsertScramUser,
} from '../__testUtils__/localStack';
import { ProvisioningSteps } from './ProvisioningSteps';

// Runs against the real broker and registry started by scripts/test.sh (or local-stack.sh).
const BRONZE: QuotaTier = {
  producerByteRate: 5_242_880,
  consumerByteRate: 10_485_760,
  requestPercentage: 10,
};
const PASSWORD = 'provisioning-test-password';

const AVRO_V1 = JSON.stringify({
  type: 'record',
  name: 'PaymentAuthorized',
  namespace: 'banking.payments',
  fields: [
    { name: 'paymentId', type: 'string' },
    { name: 'amountCents', type: 'long' },
  ],
});

/** A request as the policy resolves it, with its own topic, subject and SCRAM users, and its plan. */
async function newRequest() {
  const topicName = uniqueName('banking.payments.authorized');
  const owner = uniqueName('payments-svc');
  const consumer = uniqueName('fraud-svc');
  await upsertScramUser(owner, PASSWORD);
  await upsertScramUser(consumer, PASSWORD);
  const consumerGroup = `${consumer}-group`;
  const request: ResolvedTopicRequest = {
    topicName,
    environment: 'dev',
    cluster: 'local',
    tier: 'dev',
    owner: 'group:default/team-payments',
    description: 'Payments authorized by the card processor',
    partitions: 3,
    replicationFactor: 1,
    retentionMs: 604_800_000,
    cleanupPolicy: 'delete',
    classification: 'internal',
    criticality: 'medium',
    quotaTier: 'bronze',
    configs: {
      'retention.ms': '604800000',
      'cleanup.policy': 'delete',
      'min.insync.replicas': '1',
    },
    schema: {
      type: 'avro',
      compatibility: 'BACKWARD',
      subjects: { value: `${topicName}-value` },
      value: AVRO_V1,
    },
    ownerPrincipal: `User:${owner}`,
    consumers: [
      {
        group: 'group:default/team-fraud',
        consumerGroup,
        principal: `User:${consumer}`,
      },
    ],
  };
  const plan: ProvisioningStep[] = [
    {
      id: 'topic',
      title: 'Create the topic',
      cluster: 'local',
      topic: topicName,
      partitions: 3,
      replicationFactor: 1,
      configs: request.configs,
    },
    {
      id: 'schema',
      title: 'Register the schema',
      cluster: 'local',
      subjects: [
        {
          subject: `${topicName}-value`,
          type: 'avro',
          compatibility: 'BACKWARD',
        },
      ],
    },
    {
      id: 'acls',
      title: 'Grant access',
      cluster: 'local',
      acls: [
        {
          principal: `User:${owner}`,
          resourceType: 'topic',
          resourceName: topicName,
          operation: 'write',
        },
        {
          principal: `User:${owner}`,
          resourceType: 'topic',
          resourceName: topicName,
          operation: 'read',
        },
        {
          principal: `User:${consumer}`,
          resourceType: 'topic',
          resourceName: topicName,
          operation: 'read',
        },
        {
          principal: `User:${consumer}`,
          resourceType: 'group',
          resourceName: consumerGroup,
          operation: 'read',
        },
      ],
    },
    {
      id: 'quotas',
      title: 'Set quotas',
      cluster: 'local',
      principal: `User:${owner}`,
      tier: 'bronze',
      quota: BRONZE,
    },
    { id: 'done', title: 'Done' },
  ];
  return { request, plan, topicName, owner, consumer, consumerGroup };
}

describe('ProvisioningSteps against the local Kafka and Apicurio Registry', () => {
  const pool = KafkaClientPool.create({
    config: mockServices.rootConfig({
      data: { kafkaTaas: { clusters: [localClusterConfig('local', 'dev')] } },
    }),
    logger: mockServices.logger.mock(),
  });
  const steps = ProvisioningSteps.create({
    pool,
    logger: mockServices.logger.mock(),
  });
  const admin = () => pool.admin('local');

  async function runAll(
    plan: ProvisioningStep[],
    request: ResolvedTopicRequest,
  ) {
    const details: Record<string, Record<string, unknown>> = {};
    for (const step of plan) details[step.id] = await steps.run(step, request);
    return details;
  }

  async function quotasOf(user: string) {
    const entries = await admin().describeClientQuotas({
      components: [
        { entityType: 'user', matchType: 0 /* EXACT */, match: user },
      ],
      strict: true,
    });
    return Object.fromEntries(
      entries.flatMap(e => e.values.map(v => [v.key, v.value])),
    );
  }

  afterAll(() => pool.close());

  it('creates the topic, schema, ACLs and quotas that the admin API then reads back', async () => {
    const { request, plan, topicName, owner, consumer, consumerGroup } =
      await newRequest();

    const details = await runAll(plan, request);

    expect(details.topic).toMatchObject({
      alreadyExisted: false,
      partitions: 3,
      replicationFactor: 1,
    });
    const metadata = await admin().metadata({
      topics: [topicName],
      forceUpdate: true,
    });
    const topic = metadata.topics.get(topicName);
    expect(topic?.partitionsCount).toBe(3);
    expect(topic?.partitions.map(p => p.replicas.length)).toEqual([1, 1, 1]);
    expect(topic?.id).toBe(details.topic.topicId);

    const [described] = await admin().describeConfigs({
      resources: [
        {
          resourceType: 2 /* TOPIC */,
          resourceName: topicName,
          configurationKeys: [],
        },
      ],
      includeSynonyms: false,
      includeDocumentation: false,
    });
    const configs = Object.fromEntries(
      described.configs.map(c => [c.name, c.value]),
    );
    expect(configs).toMatchObject({
      'retention.ms': '604800000',
      'cleanup.policy': 'delete',
      'min.insync.replicas': '1',
    });

    const subject = `${topicName}-value`;
    const [registered] = details.schema.subjects as Array<{
      subject: string;
      id: number;
      version: number;
    }>;
    expect(registered).toMatchObject({ subject, version: 1 });
    const config = await fetch(
      `${localStack().registryUrl}/config/${subject}`,
    ).then(r => r.json());
    expect(config).toEqual({ compatibilityLevel: 'BACKWARD' });
    const schema = await pool.schemaRegistry('local').getSchema(registered.id);
    expect(JSON.parse(JSON.stringify(schema))).toMatchObject({
      name: 'banking.payments.PaymentAuthorized',
      fields: [{ name: 'paymentId' }, { name: 'amountCents' }],
    });
    expect(await pool.schemaRegistry('local').getLatestSchemaId(subject)).toBe(
      registered.id,
    );

    expect(details.acls).toMatchObject({ created: 4 });
    const bindings = await eventually(async () => {
      const resources = await admin().describeAcls({
        filter: {
          resourceType: ResourceTypes.ANY,
          resourceName: null,
          resourcePatternType: ResourcePatternTypes.ANY,
          principal: null,
          host: null,
          operation: AclOperations.ANY,
          permissionType: AclPermissionTypes.ANY,
        },
      });
      const found = resources
        .filter(
          r => r.resourceName === topicName || r.resourceName === consumerGroup,
        )
        .flatMap(r =>
          r.acls.map(a => ({
            resource: `${r.resourceType}:${r.resourceName}:${r.resourcePatternType}`,
            principal: a.principal,
            host: a.host,
            operation: a.operation,
            permissionType: a.permissionType,
          })),
        );
      expect(found).toHaveLength(4);
      return found;
    });
    const topicResource = `${ResourceTypes.TOPIC}:${topicName}:${ResourcePatternTypes.LITERAL}`;
    const groupResource = `${ResourceTypes.GROUP}:${consumerGroup}:${ResourcePatternTypes.LITERAL}`;
    const allow = { host: '*', permissionType: AclPermissionTypes.ALLOW };
    expect(bindings).toEqual(
      expect.arrayContaining([
        {
          resource: topicResource,
          principal: `User:${owner}`,
          operation: AclOperations.WRITE,
          ...allow,
        },
        {
          resource: topicResource,
          principal: `User:${owner}`,
          operation: AclOperations.READ,
          ...allow,
        },
        {
          resource: topicResource,
          principal: `User:${consumer}`,
          operation: AclOperations.READ,
          ...allow,
        },
        {
          resource: groupResource,
          principal: `User:${consumer}`,
          operation: AclOperations.READ,
          ...allow,
        },
      ]),
    );

    expect(details.quotas).toEqual({
      user: owner,
      tier: 'bronze',
      quotas: {
        producer_byte_rate: 5_242_880,
        consumer_byte_rate: 10_485_760,
        request_percentage: 10,
      },
    });
    await eventually(async () =>
      expect(await quotasOf(owner)).toEqual({
        producer_byte_rate: 5_242_880,
        consumer_byte_rate: 10_485_760,
        request_percentage: 10,
      }),
    );
    expect(details.done).toEqual({});
  }, 60_000);

  it('lets the owner produce and the consumer read with its group, and denies a user without ACLs', async () => {
    const { request, plan, topicName, owner, consumer, consumerGroup } =
      await newRequest();
    await runAll(plan, request);
    const outsider = uniqueName('outsider');
    await upsertScramUser(outsider, PASSWORD);

    const producer = new Producer({
      clientId: 'test-owner-producer',
      ...localSaslClient(owner, PASSWORD),
      serializers: stringSerializers,
      retries: 0,
    });
    const intruder = new Producer({
      clientId: 'test-outsider-producer',
      ...localSaslClient(outsider, PASSWORD),
      serializers: stringSerializers,
      retries: 0,
    });
    const reader = new Consumer({
      clientId: 'test-consumer',
      groupId: consumerGroup,
      ...localSaslClient(consumer, PASSWORD),
      deserializers: stringDeserializers,
      // The group coordinator may still be loading (COORDINATOR_NOT_AVAILABLE) on a young broker.
      retries: 20,
      retryDelay: 500,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
    try {
      // ACLs reach the broker's authorizer a moment after CreateAcls returns.
      const sent = await eventually(() =>
        producer.send({
          messages: [
            { topic: topicName, key: 'p-1', value: 'authorized 1200 cents' },
          ],
        }),
      );
      expect(sent.offsets?.[0]).toMatchObject({ topic: topicName, offset: 0n });

      const denied = await intruder
        .send({ messages: [{ topic: topicName, key: 'p-2', value: 'forged' }] })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(kafkaErrorMessages(denied).join(' ')).toMatch(
        /topic authorization failed/i,
      );

      // autocommit off: message.commit() then commits at once instead of on the next timer tick.
      const stream = await reader.consume({
        topics: [topicName],
        mode: MessagesStreamModes.EARLIEST,
        autocommit: false,
      });
      try {
        for await (const message of stream) {
          expect(message).toMatchObject({
            topic: topicName,
            key: 'p-1',
            value: 'authorized 1200 cents',
          });
          await message.commit();
          break;
        }
      } finally {
        await stream.close();
      }
      const [committed] = await admin().listConsumerGroupOffsets({
        groups: [consumerGroup],
      });
      const offsets =
        committed.topics.find(t => t.name === topicName)?.partitions ?? [];
      expect(offsets.some(p => p.committedOffset === 1n)).toBe(true);
    } finally {
      await Promise.allSettled([
        producer.close(),
        intruder.close(),
        reader.close(true),
      ]);
    }
  }, 60_000);

  it('succeeds when every step runs a second time, as a resumed request does', async () => {
    const { request, plan } = await newRequest();
    const first = await runAll(plan, request);

    const second = await runAll(plan, request);

    expect(second.topic).toMatchObject({
      alreadyExisted: true,
      topicId: first.topic.topicId,
      partitions: 3,
      replicationFactor: 1,
    });
    expect(second.topic).not.toHaveProperty('configDrift');
    expect(second.schema).toEqual(first.schema);
    expect(second.acls).toEqual(first.acls);
    expect(second.quotas).toEqual(first.quotas);
  }, 60_000);

  it('registers value and key subjects of a 2020-12 JSON Schema under NONE, which Apicurio takes only once a version exists', async () => {
    const { request, topicName } = await newRequest();
    const value = JSON.stringify({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { paymentId: { type: 'string' } },
      required: ['paymentId'],
    });
    const subjects = { value: `${topicName}-value`, key: `${topicName}-key` };
    const jsonRequest: ResolvedTopicRequest = {
      ...request,
      // Apicurio recognises a JSON Schema only by `$schema` or `properties`: `{"type": "string"}` alone is refused (42201).
      schema: {
        type: 'json',
        compatibility: 'NONE',
        subjects,
        value,
        key: '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "string"}',
      },
    };
    const step: ProvisioningStep = {
      id: 'schema',
      title: 'Register the schemas',
      cluster: 'local',
      subjects: [
        { subject: subjects.value, type: 'json', compatibility: 'NONE' },
        { subject: subjects.key, type: 'json', compatibility: 'NONE' },
      ],
    };

    const first = await steps.run(step, jsonRequest);
    const again = await steps.run(step, jsonRequest);

    expect(first.subjects).toEqual([
      {
        subject: subjects.value,
        id: expect.any(Number),
        version: 1,
        compatibility: 'NONE',
      },
      {
        subject: subjects.key,
        id: expect.any(Number),
        version: 1,
        compatibility: 'NONE',
      },
    ]);
    expect(again).toEqual(first);
    for (const subject of [subjects.value, subjects.key]) {
      const config = await fetch(
        `${localStack().registryUrl}/config/${subject}`,
      ).then(r => r.json());
      expect(config).toEqual({ compatibilityLevel: 'NONE' });
      const latest = await fetch(
        `${localStack().registryUrl}/subjects/${subject}/versions/latest`,
      ).then(r => r.json());
      expect(latest).toMatchObject({ version: 1, schemaType: 'JSON' });
    }
  }, 30_000);

  it('refuses an existing topic whose partitions differ, saying what differs', async () => {
    const { request, plan, topicName } = await newRequest();
    const [topicStep] = plan;
    await steps.run(topicStep, request);

    const wider = { ...topicStep, partitions: 6 };
    await expect(
      steps.run(wider, { ...request, partitions: 6 }),
    ).rejects.toThrow(
      `Topic "${topicName}" already exists on Kafka cluster "local" with 3 partitions instead of 6`,
    );
  }, 30_000);

  it('says which cluster and which config when the broker rejects the topic', async () => {
    const { request, plan, topicName } = await newRequest();
    const [topicStep] = plan;
    const invalid = { ...topicStep, configs: { 'retention.ms': 'a week' } };

    await expect(steps.run(invalid, request)).rejects.toThrow(
      new RegExp(
        `Could not create topic "${topicName.replace(
          /\./g,
          '\\.',
        )}" on Kafka cluster "local": .*Invalid value a week for configuration retention\\.ms`,
      ),
    );
  }, 30_000);

  it('removes every quota of the user when the owner moves to platinum', async () => {
    const { request, plan, owner } = await newRequest();
    const quotaStep = plan.find(s => s.id === 'quotas');
    if (quotaStep?.id !== 'quotas')
      throw new Error('the plan has no quotas step');
    await steps.run(quotaStep, request);
    await eventually(async () =>
      expect(Object.keys(await quotasOf(owner))).toHaveLength(3),
    );

    const platinum = await steps.run(
      { ...quotaStep, tier: 'platinum', quota: {} },
      request,
    );

    expect(platinum).toEqual({
      user: owner,
      tier: 'platinum',
      quotas: {
        producer_byte_rate: null,
        consumer_byte_rate: null,
        request_percentage: null,
      },
    });
    await eventually(async () => expect(await quotasOf(owner)).toEqual({}));
  }, 30_000);

  it('refuses quotas for a principal that is not a user', async () => {
    const { request, plan } = await newRequest();
    const quotaStep = plan.find(s => s.id === 'quotas');
    if (quotaStep?.id !== 'quotas')
      throw new Error('the plan has no quotas step');

    await expect(
      steps.run({ ...quotaStep, principal: 'Group:payments' }, request),
    ).rejects.toThrow(
      'principal "Group:payments" is not of the form User:<name>',
    );
  }, 30_000);
});
