import { mockServices } from '@backstage/backend-test-utils';
import { Admin } from '@platformatic/kafka';
import { KafkaClientPool } from './KafkaClientPool';
import { kafkaErrorMessages } from './errors';
import {
  localClusterConfig,
  localStack,
  uniqueName,
  upsertScramUser,
} from '../__testUtils__/localStack';

// Runs against the real broker and registry started by scripts/test.sh (or local-stack.sh).
describe('KafkaClientPool against the local Kafka and Apicurio Registry', () => {
  const pool = KafkaClientPool.create({
    config: mockServices.rootConfig({
      data: { kafkaTaas: { clusters: [localClusterConfig('local', 'dev')] } },
    }),
    logger: mockServices.logger.mock(),
  });

  afterAll(() => pool.close());

  it('creates a topic on the SASL listener and reads its config back', async () => {
    const topic = uniqueName('foundation.pool');
    const admin = pool.admin('local');
    await admin.createTopics({
      topics: [topic],
      partitions: 3,
      replicas: 1,
      configs: [
        { name: 'retention.ms', value: '604800000' },
        { name: 'cleanup.policy', value: 'compact,delete' },
      ],
    });

    const [described] = await admin.describeConfigs({
      resources: [
        {
          resourceType: 2 /* TOPIC */,
          resourceName: topic,
          configurationKeys: [],
        },
      ],
      includeSynonyms: false,
      includeDocumentation: false,
    });
    const configs = Object.fromEntries(
      described.configs.map(c => [c.name, c.value]),
    );
    expect(configs['retention.ms']).toBe('604800000');
    expect(configs['cleanup.policy']).toBe('compact,delete');

    const metadata = await admin.metadata({
      topics: [topic],
      forceUpdate: true,
    });
    expect(metadata.topics.get(topic)?.partitionsCount).toBe(3);
  });

  it('denies an unprivileged SCRAM user (default deny, no ACLs)', async () => {
    const username = uniqueName('outsider');
    await upsertScramUser(username, 'outsider-password');
    const outsider = new Admin({
      clientId: 'test-outsider',
      bootstrapBrokers: localStack().saslBrokers,
      sasl: {
        mechanism: 'SCRAM-SHA-512',
        username,
        password: 'outsider-password',
      },
      retries: 0,
    });
    try {
      // Authentication succeeds (the user exists), authorization does not.
      const denied = await outsider
        .createTopics({
          topics: [uniqueName('foundation.denied')],
          partitions: 1,
          replicas: 1,
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(kafkaErrorMessages(denied)).toContain(
        'Topic authorization failed.',
      );
      expect(await outsider.listTopics()).toEqual([]);
    } finally {
      await outsider.close();
    }
  });

  it('rejects a wrong SCRAM password', async () => {
    const intruder = new Admin({
      clientId: 'test-intruder',
      bootstrapBrokers: localStack().saslBrokers,
      sasl: {
        mechanism: 'SCRAM-SHA-512',
        username: 'admin',
        password: 'not-the-password',
      },
      retries: 0,
    });
    try {
      const refused = await intruder.listTopics().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(kafkaErrorMessages(refused).join(' ')).toMatch(
        /authentication failed/i,
      );
    } finally {
      await intruder.close();
    }
  });

  it('registers an Avro schema in the registry and reads it back by id', async () => {
    const registry = pool.schemaRegistry('local');
    const subject = `${uniqueName('foundation.registry')}-value`;
    const schema = {
      type: 'record',
      name: 'PaymentAuthorized',
      namespace: 'banking.payments',
      fields: [
        { name: 'paymentId', type: 'string' },
        { name: 'amountCents', type: 'long' },
      ],
    };
    const { id } = await registry.register(
      { type: 'AVRO' as never, schema: JSON.stringify(schema) },
      { subject },
    );
    expect(id).toBeGreaterThan(0);

    const read = await registry.getSchema(id);
    expect(JSON.parse(JSON.stringify(read))).toMatchObject({
      name: 'banking.payments.PaymentAuthorized',
      fields: [{ name: 'paymentId' }, { name: 'amountCents' }],
    });
    expect(await registry.getLatestSchemaId(subject)).toBe(id);
  });
});
