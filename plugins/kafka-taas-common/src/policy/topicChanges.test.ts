import { currentTopicState } from '../api/topicState';
import { TopicRequest } from '../api/types';
import { DEFAULT_POLICY } from './defaults';
import { evaluateTopicChange } from './engine';
import {
  KafkaTaasPolicy,
  ResolvedTopicRequest,
  TopicChangeInput,
} from './types';

const policy: KafkaTaasPolicy = {
  ...DEFAULT_POLICY,
  environments: {
    dev: { cluster: 'local-dev', tier: 'dev' },
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
      platform: { title: 'Platform', groups: ['group:default/platform-team'] },
      security: { title: 'Security', groups: ['group:default/security-team'] },
    },
  },
};

const AVRO = JSON.stringify({
  type: 'record',
  name: 'Order',
  fields: [{ name: 'id', type: 'string' }],
});

function topic(change: Partial<ResolvedTopicRequest> = {}): ResolvedTopicRequest {
  return {
    topicName: 'banking.orders.placed',
    environment: 'dev',
    cluster: 'local-dev',
    tier: 'dev',
    owner: 'group:default/team-payments',
    description: 'Orders placed by customers.',
    partitions: 3,
    replicationFactor: 1,
    retentionMs: 604800000,
    cleanupPolicy: 'delete',
    classification: 'internal',
    criticality: 'medium',
    quotaTier: 'bronze',
    configs: {},
    schema: {
      type: 'avro',
      compatibility: 'BACKWARD',
      subjects: { value: 'banking.orders.placed-value' },
      value: AVRO,
    },
    ownerPrincipal: 'User:payments-svc',
    consumers: [],
    ...change,
  };
}

const access = {
  kind: 'access',
  topic: 'banking.orders.placed',
  environment: 'dev',
  group: 'group:default/team-analytics',
  consumerGroup: 'analytics.orders',
  reason: 'Revenue dashboards read the orders.',
} as const;

const rules = (input: unknown, current = topic()) =>
  evaluateTopicChange(input as TopicChangeInput, current, policy).violations.map(
    v => `${v.field}:${v.rule}`,
  );

describe('evaluateTopicChange', () => {
  it('plans an access request: the owning team approves, the ACLs of one reader', () => {
    const result = evaluateTopicChange(access, topic(), policy);
    expect(result.violations).toEqual([]);
    expect(result.approval).toEqual({
      required: true,
      roles: [
        {
          role: 'owner',
          title: 'Owning team',
          groups: ['group:default/team-payments'],
        },
      ],
    });
    expect(result.resolved?.consumers).toEqual([
      {
        group: 'group:default/team-analytics',
        consumerGroup: 'analytics.orders',
        principal: 'User:analytics-svc',
      },
    ]);
    expect(result.steps.map(s => s.id)).toEqual(['acls', 'done']);
    expect(result.steps[0]).toMatchObject({
      cluster: 'local-dev',
      acls: [
        { principal: 'User:analytics-svc', resourceType: 'topic', operation: 'read' },
        { principal: 'User:analytics-svc', resourceType: 'topic', operation: 'describe' },
        {
          principal: 'User:analytics-svc',
          resourceType: 'group',
          resourceName: 'analytics.orders',
          operation: 'read',
        },
      ],
    });
  });

  it('refuses access requests with every reason named', () => {
    expect(rules({ ...access, group: 'group:default/team-payments' })).toEqual([
      'group:notOwner',
    ]);
    expect(
      rules(access, topic({ consumers: [{ ...access, principal: 'User:analytics-svc' }] })),
    ).toEqual(['consumerGroup:unique']);
    expect(rules({ ...access, group: 'group:default/nobody' })).toEqual([
      'group:principal',
    ]);
    expect(
      rules({ ...access, reason: ' ', consumerGroup: 'no spaces', color: 'red' }),
    ).toEqual(['color:unknownField', 'reason:minLength', 'consumerGroup:pattern']);
    expect(rules({ ...access, reason: 'short' })).toEqual(['reason:minLength']);
    // Every violation at once: a bad reason does not hide the others.
    expect(
      rules({ ...access, reason: 'short', group: 'group:default/team-payments' }),
    ).toEqual(['reason:minLength', 'group:notOwner']);
  });

  it('refuses a change to a topic the platform did not provision there', () => {
    const result = evaluateTopicChange(access, undefined, policy);
    expect(result.violations).toEqual([
      {
        field: 'topic',
        rule: 'managed',
        allowed: 'a topic provisioned through Kafka TaaS on dev',
        message:
          'topic is not a topic provisioned through Kafka TaaS on dev (allowed: a topic provisioned through Kafka TaaS on dev); got "banking.orders.placed".',
      },
    ]);
    expect(result.steps).toEqual([]);
  });

  it('refuses unknown kinds and environments', () => {
    expect(rules({ ...access, kind: 'rename' })).toEqual(['kind:enum']);
    expect(rules({ ...access, environment: 'qa' })).toEqual(['environment:enum']);
  });

  it('always needs an approval to delete, and checks consumers first', () => {
    const remove = { kind: 'delete', topic: access.topic, environment: 'dev', reason: 'Replaced by v2 events.' } as const;
    const dev = evaluateTopicChange(remove, topic(), policy);
    expect(dev.violations).toEqual([]);
    expect(dev.approval?.roles.map(r => r.role)).toEqual(['owner']);
    expect(dev.steps.map(s => s.id)).toEqual([
      'consumers',
      'delete-topic',
      'delete-acls',
      'delete-schemas',
      'done',
    ]);
    expect(dev.steps[0]).toMatchObject({ force: false });
    expect(dev.steps[3]).toMatchObject({ subjects: ['banking.orders.placed-value'] });

    const prod = evaluateTopicChange(
      { ...remove, environment: 'prod', force: true },
      topic({ tier: 'prod', environment: 'prod', criticality: 'critical', schema: undefined }),
      policy,
    );
    expect(prod.approval?.roles.map(r => r.role)).toEqual(['platform', 'security']);
    expect(prod.steps.map(s => s.id)).toEqual(['consumers', 'delete-topic', 'delete-acls', 'done']);
    expect(prod.steps[0]).toMatchObject({ force: true });

    expect(rules({ ...remove, force: 'yes' })).toEqual(['force:type']);
    expect(rules({ ...remove, reason: undefined })).toEqual(['reason:required']);
  });

  it('plans a new schema version under the subject\'s compatibility, keeping the type', () => {
    const v2 = JSON.stringify({ ...JSON.parse(AVRO), doc: 'v2' });
    const result = evaluateTopicChange(
      { kind: 'schema', topic: access.topic, environment: 'dev', schema: { type: 'avro', value: v2 } },
      topic(),
      policy,
    );
    expect(result.violations).toEqual([]);
    expect(result.approval).toEqual({ required: false, roles: [] });
    expect(result.resolved?.schema).toEqual({
      type: 'avro',
      compatibility: 'BACKWARD',
      subjects: { value: 'banking.orders.placed-value' },
      value: v2,
    });
    expect(result.steps.map(s => s.id)).toEqual(['schema', 'done']);

    const base = { kind: 'schema', topic: access.topic, environment: 'dev' };
    expect(rules({ ...base, schema: { type: 'json', value: '{}' } })).toEqual([
      'schema.type:sameType',
    ]);
    expect(rules({ ...base, schema: { type: 'none' } })).toEqual([
      'schema.type:schemaRequired',
    ]);
    expect(rules({ ...base, schema: { type: 'avro' } })).toEqual([
      'schema.value:required',
    ]);
    // A topic created without a schema gets one with the policy's level for its criticality.
    const first = evaluateTopicChange(
      { ...base, schema: { type: 'avro', value: AVRO } } as TopicChangeInput,
      topic({ schema: undefined, criticality: 'critical' }),
      policy,
    );
    expect(first.resolved?.schema?.compatibility).toBe('FULL_TRANSITIVE');
    expect(first.approval?.roles.map(r => r.role)).toEqual(['team-lead']);
  });
});

describe('currentTopicState', () => {
  const req = (
    kind: TopicRequest['kind'],
    updatedAt: string,
    resolved: ResolvedTopicRequest,
    status: TopicRequest['status'] = 'ready',
  ) => ({ kind, updatedAt, resolved, status } as TopicRequest);
  const reader = (group: string) => ({
    group,
    consumerGroup: `${group}.reader`,
    principal: 'User:x',
  });

  it('takes the newest creation or schema change, with every reader granted', () => {
    const v2 = topic({ description: 'after the schema change' });
    const state = currentTopicState([
      req('access', '2026-01-03', topic({ consumers: [reader('a')] })),
      req('schema', '2026-01-02', v2),
      req('create', '2026-01-01', topic()),
      req('access', '2026-01-04', topic({ consumers: [reader('a'), reader('b')] })),
      req('access', '2026-01-05', topic({ consumers: [reader('c')] }), 'pending_approval'),
    ]);
    expect(state?.description).toBe('after the schema change');
    expect(state?.consumers.map(c => c.group)).toEqual(['a', 'b']);
  });

  it('is undefined when nothing is ready: never provisioned, or deleted', () => {
    expect(currentTopicState([])).toBeUndefined();
    expect(currentTopicState([req('create', '2026-01-01', topic(), 'deleted')])).toBeUndefined();
  });
});
