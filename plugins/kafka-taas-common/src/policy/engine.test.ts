import { DEFAULT_POLICY } from './defaults';
import {
  approvalFor,
  evaluateTopicRequest,
  normalizeEntityRef,
  planProvisioning,
  topicNameOf,
} from './engine';
import {
  Criticality,
  EnvironmentTier,
  KafkaTaasPolicy,
  ResolvedTopicRequest,
  TopicRequestInput,
} from './types';

const policy: KafkaTaasPolicy = {
  ...DEFAULT_POLICY,
  environments: {
    dev: { cluster: 'local-dev', tier: 'dev' },
    staging: { cluster: 'local-staging', tier: 'staging' },
    prod: { cluster: 'local-prod', tier: 'prod' },
  },
  principals: {
    'group:default/team-payments': 'User:payments-svc',
    'group:default/team-analytics': 'User:analytics-svc',
  },
  approvals: {
    ...DEFAULT_POLICY.approvals,
    roles: {
      'team-lead': { title: 'Team lead', groups: ['group:default/team-leads'] },
      platform: {
        title: 'Platform team',
        groups: ['group:default/platform-team'],
      },
      data: {
        title: 'Data governance',
        groups: ['group:default/data-governance'],
      },
      security: { title: 'Security', groups: ['group:default/security-team'] },
    },
  },
};

/** The test policy with some keys of one section replaced. */
function policyWith<K extends keyof KafkaTaasPolicy>(
  section: K,
  change: Partial<KafkaTaasPolicy[K]>,
): KafkaTaasPolicy {
  return { ...policy, [section]: { ...policy[section], ...change } };
}

const AVRO = JSON.stringify({
  type: 'record',
  name: 'CardPayment',
  fields: [{ name: 'id', type: 'string' }],
});

/** A compliant request for dev; `change` replaces fields (undefined removes one). */
function request(
  change: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    domain: 'banking',
    subdomain: 'cards',
    name: 'payments',
    environment: 'dev',
    owner: 'group:default/team-payments',
    description: 'Card payments captured by the checkout service',
    schema: { type: 'avro', value: AVRO },
    ...change,
  };
}

/** The input comes from HTTP and forms: the engine must take anything. */
function evaluate(input: unknown, p: KafkaTaasPolicy = policy) {
  return evaluateTopicRequest(input as TopicRequestInput, p);
}

function resolve(
  change: Record<string, unknown> = {},
  p: KafkaTaasPolicy = policy,
): ResolvedTopicRequest {
  const { violations, resolved } = evaluate(request(change), p);
  expect(violations).toEqual([]);
  if (!resolved) throw new Error('expected a resolved request');
  return resolved;
}

const DOMAINS = 'one of banking, marketing, analytics, operations';
const NAME_WORDS =
  'lowercase letters, digits and hyphens, starting with a letter';
const VERSION = 'a whole number of at least 1';
const RESERVED = 'a name not starting with _, __, connect-, kafka-, confluent';
const RETENTION = '3600000-94608000000 ms (1 hour to 1095 days)';
const GROUP_REF = 'a group entity ref such as group:default/team-payments';
const PRINCIPAL_GROUPS =
  'a group with a Kafka principal: group:default/team-payments, group:default/team-analytics';
const AVRO_TEXT = 'the avro schema text, at most 200000 characters';
const SCHEMA_TYPES = 'avro, json, protobuf; none only in dev';
const CONSUMER_GROUP_ID = 'letters, digits, ".", "_" and "-", 1-249 characters';
const REQUEST_FIELDS =
  'domain, subdomain, name, version, environment, owner, system, description, partitions, replicationFactor, retentionPreset, retentionMs, cleanupPolicy, classification, criticality, quotaTier, schema, consumers';
const CONSUMER = {
  group: 'group:default/team-analytics',
  consumerGroup: 'analytics-loader',
};

describe('evaluateTopicRequest', () => {
  it('accepts a compliant request with no violations', () => {
    expect(evaluate(request()).violations).toEqual([]);
  });

  describe('refuses each broken rule, naming the field, the rule and what is allowed', () => {
    // prettier-ignore
    it.each<[string, Record<string, unknown>, string, string, string, KafkaTaasPolicy?]>([
      // required
      ['a missing domain', { domain: undefined }, 'domain', 'required', DOMAINS],
      ['a missing name', { name: undefined }, 'name', 'required', `${NAME_WORDS}; 3-64 characters`],
      ['an empty name', { name: '' }, 'name', 'required', `${NAME_WORDS}; 3-64 characters`],
      ['a null environment', { environment: null }, 'environment', 'required', 'one of dev, staging, prod'],
      ['a missing owner', { owner: undefined }, 'owner', 'required', GROUP_REF],
      ['a missing description', { description: undefined }, 'description', 'required', '20-1000 characters'],
      // domain
      ['an unknown domain', { domain: 'gaming' }, 'domain', 'enum', DOMAINS],
      ['a domain that is not a string', { domain: ['banking'] }, 'domain', 'type', DOMAINS],
      // name and subdomain
      ['a name with dots', { name: 'a.b' }, 'name', 'pattern', NAME_WORDS],
      ['an uppercase name', { name: 'Payments' }, 'name', 'pattern', NAME_WORDS],
      ['an uppercase letter inside the name', { name: 'cardPayments' }, 'name', 'pattern', NAME_WORDS],
      ['a name with spaces', { name: 'card payments' }, 'name', 'pattern', NAME_WORDS],
      ['a unicode name', { name: 'paiement-reçu' }, 'name', 'pattern', NAME_WORDS],
      ['a name with a slash', { name: 'card/payments' }, 'name', 'pattern', NAME_WORDS],
      ['a name with path characters', { name: '../etc' }, 'name', 'pattern', NAME_WORDS],
      ['a name starting with a digit', { name: '1payments' }, 'name', 'pattern', NAME_WORDS],
      ['a name of 2 characters', { name: 'ab' }, 'name', 'minLength', '3-64 characters'],
      ['a name of 65 characters', { name: 'a'.repeat(65) }, 'name', 'maxLength', '3-64 characters'],
      ['a name that is not a string', { name: 42 }, 'name', 'type', `${NAME_WORDS}; 3-64 characters`],
      ['an uppercase subdomain', { subdomain: 'Cards' }, 'subdomain', 'pattern', NAME_WORDS],
      ['a subdomain of 2 characters', { subdomain: 'ab' }, 'subdomain', 'minLength', '3-64 characters'],
      ['a name breaking a configured pattern', { name: 'payments' }, 'name', 'pattern', 'matching /^[a-z]+_[a-z]+$/', policyWith('naming', { namePattern: '^[a-z]+_[a-z]+$' })],
      // version
      ['version 0', { version: 0 }, 'version', 'min', VERSION],
      ['version 1.5', { version: 1.5 }, 'version', 'integer', VERSION],
      ['version as a string', { version: '2' }, 'version', 'type', VERSION],
      ['a missing version when the policy requires one', {}, 'version', 'required', VERSION, policyWith('naming', { requireVersion: true })],
      // full topic name
      ['a topic name longer than Kafka allows', { subdomain: 'a'.repeat(150), name: 'b'.repeat(150) }, 'topicName', 'maxLength', 'at most 249 characters', policyWith('naming', { nameMaxLength: 200 })],
      ['a topic name with the reserved prefix confluent', { domain: 'confluent' }, 'topicName', 'reservedPrefix', RESERVED, policyWith('naming', { domains: ['banking', 'confluent'] })],
      ['a topic name with the reserved prefix kafka-', { domain: 'kafka-ops' }, 'topicName', 'reservedPrefix', RESERVED, policyWith('naming', { domains: ['kafka-ops'] })],
      // environment
      ['an unknown environment', { environment: 'qa' }, 'environment', 'enum', 'one of dev, staging, prod'],
      ['any environment when none is configured', {}, 'environment', 'enum', 'none: no environment is configured', { ...policy, environments: {} }],
      // owner and system
      ['an owner that is not an entity ref', { owner: 'team payments' }, 'owner', 'entityRef', GROUP_REF],
      ['an owner that is a user', { owner: 'user:default/alice' }, 'owner', 'entityRef', GROUP_REF],
      ['an owner with an empty namespace', { owner: 'group:/team-payments' }, 'owner', 'entityRef', GROUP_REF],
      ['an owner group without a Kafka principal', { owner: 'group:default/team-unknown' }, 'owner', 'principal', PRINCIPAL_GROUPS],
      ['an owner when no principal is configured', {}, 'owner', 'principal', 'none: no group has a Kafka principal configured', { ...policy, principals: {} }],
      ['a system that is a component', { system: 'component:default/payments' }, 'system', 'entityRef', 'a system entity ref such as system:default/payments'],
      // description
      ['a short description', { description: 'topic' }, 'description', 'minLength', '20-1000 characters'],
      ['a description short once trimmed', { description: `  ${'x'.repeat(15)}       ` }, 'description', 'minLength', '20-1000 characters'],
      ['an oversize description', { description: 'x'.repeat(1001) }, 'description', 'maxLength', '20-1000 characters'],
      ['a description that is not a string', { description: { text: 'x' } }, 'description', 'type', '20-1000 characters'],
      // partitions
      ['0 partitions', { partitions: 0 }, 'partitions', 'min', '1-100'],
      ['101 partitions', { partitions: 101 }, 'partitions', 'max', '1-100'],
      ['1e9 partitions', { partitions: 1e9 }, 'partitions', 'max', '1-100'],
      ['partitions as a string', { partitions: '6' }, 'partitions', 'type', '1-100'],
      ['2.5 partitions', { partitions: 2.5 }, 'partitions', 'integer', '1-100'],
      ['NaN partitions', { partitions: NaN }, 'partitions', 'integer', '1-100'],
      ['3 partitions for a critical topic', { partitions: 3, criticality: 'critical' }, 'partitions', 'criticalMin', '6-100 for critical topics'],
      // replication factor
      ['replication factor 0', { replicationFactor: 0 }, 'replicationFactor', 'min', '1-3'],
      ['replication factor 4', { replicationFactor: 4 }, 'replicationFactor', 'max', '1-3'],
      ['replication factor as a string', { replicationFactor: '3' }, 'replicationFactor', 'type', '1-3'],
      ['replication factor 2 in prod', { replicationFactor: 2, environment: 'prod' }, 'replicationFactor', 'prodMin', '3 in prod'],
      // retention
      ['negative retention', { retentionMs: -1 }, 'retentionMs', 'min', RETENTION],
      ['retention under an hour', { retentionMs: 60_000 }, 'retentionMs', 'min', RETENTION],
      ['absurd retention', { retentionMs: 10 ** 15 }, 'retentionMs', 'max', RETENTION],
      ['fractional retention', { retentionMs: 3_600_000.5 }, 'retentionMs', 'integer', RETENTION],
      ['an unknown retention preset', { retentionPreset: 'forever' }, 'retentionPreset', 'enum', 'one of operational-events, business-transactions, audit-logs, analytics'],
      // enumerations
      ['an unknown cleanup policy', { cleanupPolicy: 'archive' }, 'cleanupPolicy', 'enum', 'one of delete, compact, compact,delete'],
      ['an unknown classification', { classification: 'secret' }, 'classification', 'enum', 'one of public, internal, confidential, restricted'],
      ['an unknown criticality', { criticality: 'urgent' }, 'criticality', 'enum', 'one of low, medium, high, critical'],
      ['a criticality that is not a string', { criticality: 3 }, 'criticality', 'type', 'one of low, medium, high, critical'],
      ['an unknown quota tier', { quotaTier: 'diamond' }, 'quotaTier', 'enum', 'one of bronze, silver, gold, platinum'],
      // schema
      ['a schema that is not an object', { schema: 'avro' }, 'schema', 'type', 'an object with type, value and key'],
      ['an unknown schema type', { schema: { type: 'xml', value: '<x/>' } }, 'schema.type', 'enum', 'one of avro, json, protobuf, none'],
      ['an avro schema without its text', { schema: { type: 'avro' } }, 'schema.value', 'required', AVRO_TEXT],
      ['no schema, so the default avro without its text', { schema: undefined }, 'schema.value', 'required', AVRO_TEXT],
      ['a blank schema text', { schema: { type: 'json', value: '  \n ' } }, 'schema.value', 'required', 'the json schema text, at most 200000 characters'],
      ['an oversize schema', { schema: { type: 'avro', value: 'x'.repeat(200_001) } }, 'schema.value', 'maxLength', AVRO_TEXT],
      ['a key schema that is not a string', { schema: { type: 'avro', value: AVRO, key: 42 } }, 'schema.key', 'type', AVRO_TEXT],
      ['schema type none in prod', { environment: 'prod', schema: { type: 'none' } }, 'schema.type', 'schemaRequired', SCHEMA_TYPES],
      ['schema type none in staging', { environment: 'staging', schema: { type: 'none' } }, 'schema.type', 'schemaRequired', SCHEMA_TYPES],
      ['no schema in prod when the default type is none', { environment: 'prod', schema: undefined }, 'schema.type', 'schemaRequired', SCHEMA_TYPES, policyWith('defaults', { schemaType: 'none' })],
      ['an unknown schema field', { schema: { type: 'avro', value: AVRO, format: 'x' } }, 'schema.format', 'unknownField', 'the fields type, value, key'],
      // consumers
      ['consumers that are not a list', { consumers: CONSUMER }, 'consumers', 'type', 'a list of at most 50 consumers'],
      ['51 consumers', { consumers: Array(51).fill(CONSUMER) }, 'consumers', 'maxItems', 'at most 50 consumers'],
      ['a consumer that is not an object', { consumers: ['analytics-loader'] }, 'consumers.0', 'type', 'an object with group, consumerGroup and component'],
      ['a consumer without a group', { consumers: [{ consumerGroup: 'loader' }] }, 'consumers.0.group', 'required', GROUP_REF],
      ['a consumer group entity without a principal', { consumers: [CONSUMER, { ...CONSUMER, group: 'group:default/team-x' }] }, 'consumers.1.group', 'principal', PRINCIPAL_GROUPS],
      ['a consumer without a consumer group id', { consumers: [{ group: 'team-analytics' }] }, 'consumers.0.consumerGroup', 'required', CONSUMER_GROUP_ID],
      ['an invalid consumer group id', { consumers: [{ ...CONSUMER, consumerGroup: 'loader #1' }] }, 'consumers.0.consumerGroup', 'pattern', CONSUMER_GROUP_ID],
      ['a consumer component that is a system', { consumers: [{ ...CONSUMER, component: 'system:payments' }] }, 'consumers.0.component', 'entityRef', 'a component entity ref such as component:default/payments-api'],
      ['an unknown consumer field', { consumers: [{ ...CONSUMER, principal: 'User:me' }] }, 'consumers.0.principal', 'unknownField', 'the fields group, consumerGroup, component'],
      // unknown fields
      ['an unknown field', { colour: 'blue' }, 'colour', 'unknownField', `the fields ${REQUEST_FIELDS}`],
    ])('refuses %s', (_label, change, field, rule, allowed, p = policy) => {
      const { violations, resolved } = evaluate(request(change), p);
      expect(violations).toContainEqual({ field, rule, allowed, message: expect.any(String) });
      const violation = violations.find(v => v.field === field && v.rule === rule);
      expect(violation?.message).toContain(field);
      expect(violation?.message).toContain(`(allowed: ${allowed})`);
      expect(resolved).toBeUndefined();
    });
  });

  it.each([
    ['a dot', 'a.b', 'must not contain "."'],
    ['a space', 'card payments', 'must not contain " "'],
    ['an accented letter', 'paiement-reçu', 'must not contain "ç"'],
    [
      'an uppercase first letter',
      'Payments',
      'must start with a lowercase letter, not "P"',
    ],
    ['a leading dot', '../etc', 'must start with a lowercase letter, not "."'],
  ])(
    'says which character is not allowed when a name contains %s',
    (_label, name, text) => {
      const [violation] = evaluate(request({ name })).violations;
      expect(violation.message).toBe(
        `name ${text} (allowed: lowercase letters, digits and hyphens, starting with a letter); got ${JSON.stringify(
          name,
        )}.`,
      );
    },
  );

  it('writes messages as sentences with the value it got', () => {
    expect(evaluate(request({ partitions: 101 })).violations).toEqual([
      {
        field: 'partitions',
        rule: 'max',
        allowed: '1-100',
        message: 'partitions must be at most 100 (allowed: 1-100); got 101.',
      },
    ]);
  });

  describe('accepts what the policy allows', () => {
    // prettier-ignore
    it.each<[string, Record<string, unknown>, KafkaTaasPolicy?]>([
      ['a name with digits and hyphens', { name: 'payments-v2' }],
      ['a name of 3 characters', { name: 'pay' }],
      ['a name of 64 characters', { name: 'a'.repeat(64) }],
      ['no subdomain', { subdomain: undefined }],
      ['a null subdomain', { subdomain: null }],
      ['an empty subdomain', { subdomain: '' }],
      ['a version', { version: 2 }],
      ['a version when the policy requires one', { version: 1 }, policyWith('naming', { requireVersion: true })],
      ['a name matching a configured pattern', { subdomain: 'card_data', name: 'card_payments' }, policyWith('naming', { namePattern: '^[a-z]+_[a-z]+$' })],
      ['the staging environment', { environment: 'staging' }],
      ['1 partition', { partitions: 1 }],
      ['100 partitions', { partitions: 100 }],
      ['6 partitions for a critical topic', { partitions: 6, criticality: 'critical' }],
      ['replication factor 1 in dev', { replicationFactor: 1 }],
      ['replication factor 3 in prod', { replicationFactor: 3, environment: 'prod' }],
      ['the shortest retention', { retentionMs: 3_600_000 }],
      ['the longest retention', { retentionMs: 94_608_000_000 }],
      ['a retention preset', { retentionPreset: 'audit-logs' }],
      ['cleanup policy compact,delete', { cleanupPolicy: 'compact,delete' }],
      ['classification restricted', { classification: 'restricted' }],
      ['quota tier platinum', { quotaTier: 'platinum' }],
      ['an owner without namespace', { owner: 'group:team-payments' }],
      ['an owner as a bare name', { owner: 'team-payments' }],
      ['an owner in mixed case', { owner: 'Group:Default/Team-Payments' }],
      ['a system as a bare name', { system: 'payments' }],
      ['a system ref', { system: 'system:default/payments' }],
      ['a description of exactly 20 characters', { description: 'x'.repeat(20) }],
      ['a description of exactly 1000 characters', { description: 'x'.repeat(1000) }],
      ['a json schema with a key schema', { schema: { type: 'json', value: '{}', key: '{"type":"string"}' } }],
      ['a protobuf schema', { schema: { type: 'protobuf', value: 'syntax = "proto3"; message A {}' } }],
      ['schema type none in dev', { schema: { type: 'none' } }],
      ['a schema of 200000 characters', { schema: { type: 'avro', value: 'x'.repeat(200_000) } }],
      ['no consumers', { consumers: [] }],
      ['50 consumers', { consumers: Array(50).fill(CONSUMER) }],
      ['a consumer with a component', { consumers: [{ ...CONSUMER, component: 'analytics-loader' }] }],
      ['a consumer group id with dots, underscores and capitals', { consumers: [{ ...CONSUMER, consumerGroup: 'Analytics_Loader.v2-prod' }] }],
      ['null for optional fields', { partitions: null, system: null, consumers: null, criticality: null }],
    ])('accepts %s', (_label, change, p = policy) => {
      const { violations, resolved } = evaluate(request(change), p);
      expect(violations).toEqual([]);
      expect(resolved).toBeDefined();
    });
  });

  it('returns every violation at once', () => {
    const { violations } = evaluate(
      request({ domain: 'gaming', partitions: 101, classification: 'secret' }),
    );
    expect(violations.map(v => v.field).sort()).toEqual([
      'classification',
      'domain',
      'partitions',
    ]);
  });

  it('keeps checking every field after many failures', () => {
    const { violations, resolved, topicName, approval } = evaluate({
      domain: 'gaming',
      name: 'Bad.Name',
      environment: 'qa',
      owner: 'user:alice',
      description: 'short',
      partitions: '6',
      replicationFactor: 9,
      retentionMs: -1,
      cleanupPolicy: 'archive',
      criticality: 'urgent',
      schema: { type: 'avro' },
      consumers: [{ group: 'nobody', consumerGroup: '' }],
      colour: 'blue',
    });
    expect(violations.map(v => `${v.field}:${v.rule}`).sort()).toEqual([
      'cleanupPolicy:enum',
      'colour:unknownField',
      'consumers.0.consumerGroup:required',
      'consumers.0.group:principal',
      'criticality:enum',
      'description:minLength',
      'domain:enum',
      'environment:enum',
      'name:pattern',
      'owner:entityRef',
      'partitions:type',
      'replicationFactor:max',
      'retentionMs:min',
      'schema.value:required',
    ]);
    expect({ resolved, topicName, approval }).toEqual({});
  });

  it.each([
    ['null', null],
    ['a string', 'banking.payments'],
    ['a number', 42],
    ['a list', [request()]],
    ['an empty object', {}],
  ])(
    'never throws on %s as the request and reports the required fields',
    (_label, input) => {
      const fields = evaluate(input).violations.map(
        v => `${v.field}:${v.rule}`,
      );
      expect(fields).toEqual(
        expect.arrayContaining([
          'domain:required',
          'name:required',
          'environment:required',
          'owner:required',
          'description:required',
        ]),
      );
    },
  );

  describe('topic name', () => {
    it.each([
      [{ domain: 'banking', name: 'payments' }, 'banking.payments'],
      [
        { domain: 'banking', subdomain: 'cards', name: 'payments' },
        'banking.cards.payments',
      ],
      [
        { domain: 'banking', name: 'payments', version: 2 },
        'banking.payments.v2',
      ],
      [
        {
          domain: 'banking',
          subdomain: 'cards',
          name: 'payments',
          version: 10,
        },
        'banking.cards.payments.v10',
      ],
    ])('builds %j as %s', (parts, name) => {
      expect(topicNameOf(parts)).toBe(name);
    });

    it('is returned as soon as its parts are valid, even when other fields are not', () => {
      const evaluation = evaluate(
        request({ version: 3, description: undefined, partitions: 0 }),
      );
      expect(evaluation.topicName).toBe('banking.cards.payments.v3');
      expect(evaluation.resolved).toBeUndefined();
    });

    it.each([
      ['the domain', { domain: 'gaming' }],
      ['the subdomain', { subdomain: 'Cards' }],
      ['the name', { name: 'x' }],
      ['the version', { version: 0 }],
    ])('is not returned while %s is invalid', (_label, change) => {
      expect(evaluate(request(change)).topicName).toBeUndefined();
    });
  });

  describe('approval', () => {
    it('is returned as soon as criticality and environment are valid, even when other fields are not', () => {
      const evaluation = evaluate({ environment: 'prod', criticality: 'high' });
      expect(evaluation.approval?.roles.map(r => r.role)).toEqual([
        'platform',
        'data',
      ]);
    });

    it('uses the default criticality when none is given', () => {
      expect(
        evaluate(request({ environment: 'prod' })).approval?.roles.map(
          r => r.role,
        ),
      ).toEqual(['team-lead']);
    });

    it.each([
      ['the environment', { environment: 'qa' }],
      ['the criticality', { criticality: 'urgent' }],
    ])('is not returned while %s is invalid', (_label, change) => {
      expect(evaluate(request(change)).approval).toBeUndefined();
    });
  });

  describe('resolved request', () => {
    it('applies every default', () => {
      expect(resolve()).toEqual({
        topicName: 'banking.cards.payments',
        environment: 'dev',
        cluster: 'local-dev',
        tier: 'dev',
        owner: 'group:default/team-payments',
        description: 'Card payments captured by the checkout service',
        partitions: 6,
        replicationFactor: 3,
        retentionMs: 604_800_000,
        cleanupPolicy: 'delete',
        classification: 'internal',
        criticality: 'medium',
        quotaTier: 'bronze',
        configs: {
          'retention.ms': '604800000',
          'cleanup.policy': 'delete',
          'min.insync.replicas': '2',
        },
        schema: {
          type: 'avro',
          compatibility: 'BACKWARD',
          subjects: { value: 'banking.cards.payments-value' },
          value: AVRO,
        },
        ownerPrincipal: 'User:payments-svc',
        consumers: [],
      });
    });

    it('keeps the requested values and normalizes refs', () => {
      const resolved = resolve({
        owner: 'Team-Payments',
        system: 'payments',
        description: '  Card payments captured by the checkout service\n',
        partitions: 12,
        replicationFactor: 2,
        retentionPreset: 'business-transactions',
        cleanupPolicy: 'compact',
        classification: 'confidential',
        criticality: 'high',
        quotaTier: 'gold',
      });
      expect(resolved).toMatchObject({
        owner: 'group:default/team-payments',
        system: 'system:default/payments',
        description: 'Card payments captured by the checkout service',
        partitions: 12,
        replicationFactor: 2,
        retentionMs: 30 * 86_400_000,
        cleanupPolicy: 'compact',
        classification: 'confidential',
        criticality: 'high',
        quotaTier: 'gold',
        configs: {
          'retention.ms': '2592000000',
          'cleanup.policy': 'compact',
          'min.insync.replicas': '1',
        },
      });
    });

    it('lets retentionMs win over a preset', () => {
      expect(
        resolve({ retentionMs: 7_200_000, retentionPreset: 'analytics' })
          .retentionMs,
      ).toBe(7_200_000);
    });

    it.each([
      [1, '1'],
      [2, '1'],
      [3, '2'],
    ])(
      'sets min.insync.replicas for replication factor %i to %s',
      (replicationFactor, minInsync) => {
        expect(
          resolve({ replicationFactor }).configs['min.insync.replicas'],
        ).toBe(minInsync);
      },
    );

    it('uses FULL_TRANSITIVE compatibility for a critical topic', () => {
      expect(resolve({ criticality: 'critical' }).schema?.compatibility).toBe(
        'FULL_TRANSITIVE',
      );
    });

    it('names the key subject only when a key schema is given', () => {
      const resolved = resolve({
        schema: { type: 'json', value: '{}', key: '{"type":"string"}' },
      });
      expect(resolved.schema).toEqual({
        type: 'json',
        compatibility: 'BACKWARD',
        subjects: {
          value: 'banking.cards.payments-value',
          key: 'banking.cards.payments-key',
        },
        value: '{}',
        key: '{"type":"string"}',
      });
    });

    it('has no schema when the type is none', () => {
      expect(resolve({ schema: { type: 'none' } }).schema).toBeUndefined();
    });

    it('resolves consumers with their principals and normalized refs', () => {
      expect(
        resolve({
          consumers: [
            {
              group: 'team-analytics',
              consumerGroup: 'loader',
              component: 'Analytics-Loader',
            },
          ],
        }).consumers,
      ).toEqual([
        {
          group: 'group:default/team-analytics',
          consumerGroup: 'loader',
          component: 'component:default/analytics-loader',
          principal: 'User:analytics-svc',
        },
      ]);
    });

    it('raises default partitions to the critical minimum and the default replication factor to the prod minimum', () => {
      const p: KafkaTaasPolicy = {
        ...policy,
        partitions: { ...policy.partitions, default: 3, criticalMin: 12 },
        replicationFactor: {
          ...policy.replicationFactor,
          default: 1,
          prodMin: 2,
        },
      };
      expect(
        resolve({ criticality: 'critical', environment: 'prod' }, p),
      ).toMatchObject({ partitions: 12, replicationFactor: 2 });
      expect(resolve({}, p)).toMatchObject({
        partitions: 3,
        replicationFactor: 1,
      });
    });
  });
});

describe('approvalFor', () => {
  // The design's matrix: criticality × tier → roles that must each approve.
  it.each<[Criticality, EnvironmentTier, string[]]>([
    ['low', 'dev', []],
    ['low', 'staging', []],
    ['low', 'prod', []],
    ['medium', 'dev', []],
    ['medium', 'staging', []],
    ['medium', 'prod', ['team-lead']],
    ['high', 'dev', []],
    ['high', 'staging', ['team-lead']],
    ['high', 'prod', ['platform', 'data']],
    ['critical', 'dev', ['team-lead']],
    ['critical', 'staging', ['platform']],
    ['critical', 'prod', ['platform', 'security']],
  ])(
    'requires %s topics in %s to be approved by %j',
    (criticality, tier, roles) => {
      expect(approvalFor(criticality, tier, policy)).toEqual({
        required: roles.length > 0,
        roles: roles.map(role => ({ role, ...policy.approvals.roles[role] })),
      });
    },
  );

  it('gives each role its title and groups from the policy', () => {
    expect(approvalFor('critical', 'prod', policy).roles).toEqual([
      {
        role: 'platform',
        title: 'Platform team',
        groups: ['group:default/platform-team'],
      },
      {
        role: 'security',
        title: 'Security',
        groups: ['group:default/security-team'],
      },
    ]);
  });
});

describe('normalizeEntityRef', () => {
  it.each([
    ['group:default/team-payments', 'group', 'group:default/team-payments'],
    ['group:team-payments', 'group', 'group:default/team-payments'],
    ['team-payments', 'group', 'group:default/team-payments'],
    ['other/team-payments', 'group', 'group:other/team-payments'],
    [
      ' Group:Default/Team_Payments.EU ',
      'group',
      'group:default/team_payments.eu',
    ],
    ['system:payments', 'system', 'system:default/payments'],
    [
      'component:default/payments-api',
      'component',
      'component:default/payments-api',
    ],
  ] as const)('normalizes %s as a %s ref to %s', (ref, kind, normalized) => {
    expect(normalizeEntityRef(ref, kind)).toBe(normalized);
  });

  it.each([
    ['user:default/alice', 'group'],
    ['group:default/', 'group'],
    ['group:a/b/c', 'group'],
    ['team payments', 'group'],
    ['-team', 'group'],
    ['a'.repeat(64), 'system'],
    ['', 'component'],
  ] as const)('refuses %j as a %s ref', (ref, kind) => {
    expect(normalizeEntityRef(ref, kind)).toBeUndefined();
  });
});

describe('planProvisioning', () => {
  it('plans the topic, schema, ACLs, quotas and done, with deduplicated ACLs for every consumer', () => {
    const resolved = resolve({
      environment: 'prod',
      consumers: [
        {
          group: 'group:default/team-analytics',
          consumerGroup: 'analytics-loader',
        },
        {
          group: 'team-analytics',
          consumerGroup: 'analytics-loader',
          component: 'analytics-loader',
        },
        {
          group: 'group:default/team-payments',
          consumerGroup: 'payments-audit',
        },
      ],
    });
    const topic = 'banking.cards.payments';
    expect(planProvisioning(resolved, policy)).toEqual([
      {
        id: 'topic',
        title: `Create topic ${topic} on cluster local-prod with 6 partitions and replication factor 3`,
        cluster: 'local-prod',
        topic,
        partitions: 6,
        replicationFactor: 3,
        configs: {
          'retention.ms': '604800000',
          'cleanup.policy': 'delete',
          'min.insync.replicas': '2',
        },
      },
      {
        id: 'schema',
        title: `Register the avro schema as ${topic}-value with BACKWARD compatibility`,
        cluster: 'local-prod',
        subjects: [
          {
            subject: `${topic}-value`,
            type: 'avro',
            compatibility: 'BACKWARD',
          },
        ],
      },
      {
        id: 'acls',
        title: 'Create 7 ACLs for User:payments-svc, User:analytics-svc',
        cluster: 'local-prod',
        acls: [
          {
            principal: 'User:payments-svc',
            resourceType: 'topic',
            resourceName: topic,
            operation: 'write',
          },
          {
            principal: 'User:payments-svc',
            resourceType: 'topic',
            resourceName: topic,
            operation: 'read',
          },
          {
            principal: 'User:payments-svc',
            resourceType: 'topic',
            resourceName: topic,
            operation: 'describe',
          },
          {
            principal: 'User:analytics-svc',
            resourceType: 'topic',
            resourceName: topic,
            operation: 'read',
          },
          {
            principal: 'User:analytics-svc',
            resourceType: 'topic',
            resourceName: topic,
            operation: 'describe',
          },
          {
            principal: 'User:analytics-svc',
            resourceType: 'group',
            resourceName: 'analytics-loader',
            operation: 'read',
          },
          {
            principal: 'User:payments-svc',
            resourceType: 'group',
            resourceName: 'payments-audit',
            operation: 'read',
          },
        ],
      },
      {
        id: 'quotas',
        title:
          'Set the bronze quota for User:payments-svc: produce 5 MiB/s, consume 10 MiB/s, 10% request time',
        cluster: 'local-prod',
        principal: 'User:payments-svc',
        tier: 'bronze',
        quota: {
          producerByteRate: 5 * 1024 * 1024,
          consumerByteRate: 10 * 1024 * 1024,
          requestPercentage: 10,
        },
      },
      {
        id: 'done',
        title:
          'Record the result, add the topic to the catalog and notify the requester',
      },
    ]);
  });

  it('omits the schema step when the topic has no schema and grants only the owner', () => {
    const steps = planProvisioning(
      resolve({ schema: { type: 'none' } }),
      policy,
    );
    expect(steps.map(step => step.id)).toEqual([
      'topic',
      'acls',
      'quotas',
      'done',
    ]);
    expect(steps[1]).toMatchObject({
      acls: [
        {
          principal: 'User:payments-svc',
          resourceType: 'topic',
          resourceName: 'banking.cards.payments',
          operation: 'write',
        },
        {
          principal: 'User:payments-svc',
          resourceType: 'topic',
          resourceName: 'banking.cards.payments',
          operation: 'read',
        },
        {
          principal: 'User:payments-svc',
          resourceType: 'topic',
          resourceName: 'banking.cards.payments',
          operation: 'describe',
        },
      ],
    });
  });

  it('registers the key subject too when a key schema is given, with the critical compatibility', () => {
    const resolved = resolve({
      criticality: 'critical',
      schema: {
        type: 'protobuf',
        value: 'syntax = "proto3";',
        key: 'syntax = "proto3";',
      },
    });
    const schemaStep = planProvisioning(resolved, policy).find(
      step => step.id === 'schema',
    );
    expect(schemaStep).toEqual({
      id: 'schema',
      title:
        'Register the protobuf schema as banking.cards.payments-value and banking.cards.payments-key with FULL_TRANSITIVE compatibility',
      cluster: 'local-dev',
      subjects: [
        {
          subject: 'banking.cards.payments-value',
          type: 'protobuf',
          compatibility: 'FULL_TRANSITIVE',
        },
        {
          subject: 'banking.cards.payments-key',
          type: 'protobuf',
          compatibility: 'FULL_TRANSITIVE',
        },
      ],
    });
  });

  it('sets an empty quota, meaning unlimited, for the platinum tier', () => {
    const quotas = planProvisioning(
      resolve({ quotaTier: 'platinum' }),
      policy,
    ).find(step => step.id === 'quotas');
    expect(quotas).toMatchObject({
      tier: 'platinum',
      quota: {},
      title: 'Set the platinum quota for User:payments-svc: unlimited',
    });
  });
});
