import { mockServices } from '@backstage/backend-test-utils';
import {
  CompatibilityLevel,
  ResolvedTopicRequest,
} from '@kafka-taas/plugin-kafka-taas-common';
import { KafkaClientPool } from '../services/KafkaClientPool';
import {
  eventually,
  localClusterConfig,
  uniqueName,
} from '../__testUtils__/localStack';
import { ProvisioningSteps } from './ProvisioningSteps';
import { SchemaChecker } from './SchemaChecker';

// Runs against the real broker and registry started by scripts/test.sh (or local-stack.sh).
type SchemaType = 'avro' | 'json' | 'protobuf';

const avro = (fields: object[]) =>
  JSON.stringify({
    type: 'record',
    name: 'CustomerUpdated',
    namespace: 'marketing.crm',
    fields,
  });
const V1_FIELDS = [
  { name: 'customerId', type: 'string' },
  { name: 'email', type: 'string' },
];

function requestWith(options: {
  type: SchemaType;
  value: string;
  key?: string;
  compatibility?: CompatibilityLevel;
  cluster?: string;
}): ResolvedTopicRequest {
  const topicName = uniqueName('marketing.crm.customer-updated');
  return {
    topicName,
    environment: 'dev',
    cluster: options.cluster ?? 'local',
    tier: 'dev',
    owner: 'group:default/team-crm',
    description: 'Customer profile changes from the CRM',
    partitions: 1,
    replicationFactor: 1,
    retentionMs: 604_800_000,
    cleanupPolicy: 'delete',
    classification: 'internal',
    criticality: 'medium',
    quotaTier: 'bronze',
    configs: {},
    schema: {
      type: options.type,
      compatibility: options.compatibility ?? 'BACKWARD',
      subjects: {
        value: `${topicName}-value`,
        ...(options.key !== undefined ? { key: `${topicName}-key` } : {}),
      },
      value: options.value,
      ...(options.key !== undefined ? { key: options.key } : {}),
    },
    consumers: [],
  };
}

/** The same request with a new value schema: the next version a team proposes. */
function withValue(
  request: ResolvedTopicRequest,
  value: string,
): ResolvedTopicRequest {
  if (!request.schema) throw new Error('the request has no schema');
  return { ...request, schema: { ...request.schema, value } };
}

describe('SchemaChecker against the local Kafka and Apicurio Registry', () => {
  const pool = KafkaClientPool.create({
    config: mockServices.rootConfig({
      data: {
        kafkaTaas: {
          clusters: [
            localClusterConfig('local', 'dev'),
            {
              ...localClusterConfig('no-registry', 'staging'),
              schemaRegistry: { url: 'http://127.0.0.1:1/apis/ccompat/v7' },
            },
          ],
        },
      },
    }),
    logger: mockServices.logger.mock(),
  });
  const checker = SchemaChecker.create({ pool });
  const steps = ProvisioningSteps.create({
    pool,
    logger: mockServices.logger.mock(),
  });

  /** Registers v1 of the request's value schema, as provisioning does. */
  async function registerV1(request: ResolvedTopicRequest) {
    if (!request.schema) throw new Error('the request has no schema');
    const { type, compatibility, subjects } = request.schema;
    await steps.run(
      {
        id: 'schema',
        title: 'Register v1',
        cluster: 'local',
        subjects: [{ subject: subjects.value, type, compatibility }],
      },
      request,
    );
  }

  afterAll(() => pool.close());

  it.each([
    [
      'avro',
      '{"type": "record", "name": "Broken", "fields": [{"name": "id", "type": "strin"}]}',
      /not valid Avro: undefined type name: strin/,
    ],
    ['avro', '{"type": "record", "name": "Broken",', /not valid Avro: .*JSON/],
    [
      'json',
      '{"type": "objekt", "properties": {}}',
      /not valid JSON Schema: schema is invalid: data\/type/,
    ],
    [
      'json',
      '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "minProperties": "two"}',
      /not valid JSON Schema: schema is invalid/,
    ],
    [
      'protobuf',
      'syntax = "proto3";\nmessage Broken { string id = 1 }',
      /not valid Protobuf: illegal token '}'/,
    ],
    [
      'protobuf',
      'syntax = "proto3";\nmessage Order { Money total = 1; }',
      /not valid Protobuf: no such Type or Enum 'Money'/,
    ],
  ] as const)(
    'reports a %s schema its parser rejects as a parse violation: %s',
    async (type, value, message) => {
      const violations = await checker.check(requestWith({ type, value }));

      expect(violations).toEqual([
        expect.objectContaining({
          field: 'schema.value',
          rule: 'parse',
          message: expect.stringMatching(message),
        }),
      ]);
    },
  );

  it('reports a broken key schema on schema.key and leaves the valid value schema alone', async () => {
    const violations = await checker.check(
      requestWith({
        type: 'avro',
        value: avro(V1_FIELDS),
        key: '{"type": "strin"}',
      }),
    );

    expect(violations).toEqual([
      expect.objectContaining({
        field: 'schema.key',
        rule: 'parse',
        message: expect.stringContaining('The key schema is not valid Avro'),
      }),
    ]);
  });

  it.each([
    ['avro', avro(V1_FIELDS)],
    [
      'json',
      JSON.stringify({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { customerId: { type: 'string', format: 'uuid' } },
        required: ['customerId'],
        javaType: 'com.example.CustomerUpdated',
      }),
    ],
    [
      'json',
      JSON.stringify({
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
      }),
    ],
    [
      'protobuf',
      'syntax = "proto3";\npackage marketing.crm;\nimport "google/protobuf/timestamp.proto";\n' +
        'message CustomerUpdated { string customer_id = 1; google.protobuf.Timestamp at = 2; }',
    ],
  ] as const)(
    'accepts a valid first %s version of a new subject',
    async (type, value) => {
      expect(await checker.check(requestWith({ type, value }))).toEqual([]);
    },
  );

  it('reports a change that adds a required field without default under BACKWARD as incompatible', async () => {
    const request = requestWith({ type: 'avro', value: avro(V1_FIELDS) });
    await registerV1(request);
    const subject = `${request.topicName}-value`;

    const v2 = avro([...V1_FIELDS, { name: 'loyaltyTier', type: 'string' }]);
    const violations = await checker.check(withValue(request, v2));

    expect(violations).toEqual([
      {
        field: 'schema.value',
        rule: 'compatible',
        allowed: `a schema BACKWARD-compatible with the latest version of subject ${subject}`,
        message: expect.stringContaining(
          `The value schema is not compatible with the latest version of subject "${subject}" under BACKWARD compatibility`,
        ),
      },
    ]);
  }, 30_000);

  it('accepts a compatible change: an optional field with a default', async () => {
    const request = requestWith({ type: 'avro', value: avro(V1_FIELDS) });
    await registerV1(request);

    const v2 = avro([
      ...V1_FIELDS,
      { name: 'loyaltyTier', type: ['null', 'string'], default: null },
    ]);
    expect(await checker.check(withValue(request, v2))).toEqual([]);
  }, 30_000);

  it('skips the registry check under NONE, where any next version is accepted', async () => {
    const request = requestWith({
      type: 'avro',
      value: avro(V1_FIELDS),
      compatibility: 'NONE',
    });
    await registerV1(request);

    const unrelated = avro([{ name: 'somethingElse', type: 'int' }]);
    expect(await checker.check(withValue(request, unrelated))).toEqual([]);
  }, 30_000);

  it('throws an error naming the registry when it is unreachable, instead of a violation', async () => {
    const request = requestWith({
      type: 'avro',
      value: avro(V1_FIELDS),
      cluster: 'no-registry',
    });

    await expect(checker.check(request)).rejects.toThrow(
      'Schema registry http://127.0.0.1:1/apis/ccompat/v7 is unreachable',
    );
  });

  it('tells whether a topic exists on the cluster', async () => {
    const topic = uniqueName('marketing.crm.exists');
    await pool
      .admin('local')
      .createTopics({ topics: [topic], partitions: 1, replicas: 1 });

    // The broker's metadata catches up with the controller a moment after the create.
    await eventually(async () =>
      expect(await checker.topicExists('local', topic)).toBe(true),
    );
    expect(
      await checker.topicExists('local', uniqueName('marketing.crm.missing')),
    ).toBe(false);
  }, 30_000);
});
