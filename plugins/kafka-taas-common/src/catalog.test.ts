import { TopicRequest } from './api/types';
import {
  isValidEntityName,
  parseConsumerGroupsAnnotation,
  splitList,
  topicEntityFromRequests,
  topicEntityFromSummary,
  topicEntityName,
  topicEntityRef,
} from './catalog';
import { EnvironmentTier } from './policy/types';

function readyRequest(
  overrides: {
    id: string;
    topicName?: string;
    environment: string;
    cluster: string;
    tier: EnvironmentTier;
    updatedAt?: string;
  } & Partial<TopicRequest['resolved']>,
): TopicRequest {
  const {
    id,
    topicName = 'banking.payments.card-authorized',
    environment,
    cluster,
    tier,
    updatedAt = '2025-01-01T00:00:00.000Z',
    ...resolved
  } = overrides;
  const owner = resolved.owner ?? 'group:default/team-payments';
  return {
    id,
    kind: 'create',
    topicName,
    environment,
    cluster,
    owner,
    status: 'ready',
    requestedBy: 'user:default/alice',
    input: {
      domain: 'banking',
      subdomain: 'payments',
      name: 'card-authorized',
      environment,
      owner,
      description: 'Authorized card payments, one event per authorization.',
    },
    resolved: {
      topicName,
      environment,
      cluster,
      tier,
      owner,
      description: 'Authorized card payments, one event per authorization.',
      partitions: 6,
      replicationFactor: 1,
      retentionMs: 604800000,
      cleanupPolicy: 'delete',
      classification: 'internal',
      criticality: 'medium',
      quotaTier: 'bronze',
      configs: {},
      consumers: [],
      ...resolved,
    },
    plan: [],
    approval: { required: false, roles: [] },
    approvals: [],
    completedSteps: ['topic', 'schema', 'acls', 'quotas', 'done'],
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt,
    expiresAt: '2025-01-08T00:00:00.000Z',
  };
}

describe('topicEntityName', () => {
  it('is the topic name when the catalog accepts it as an entity name', () => {
    expect(topicEntityName('banking.payments.card-authorized.v1')).toBe(
      'banking.payments.card-authorized.v1',
    );
    expect(topicEntityName('a'.repeat(63))).toBe('a'.repeat(63));
    expect(topicEntityRef('banking.payments.card-authorized')).toBe(
      'resource:default/banking.payments.card-authorized',
    );
  });

  it('shortens a name over 63 characters to a valid, stable name that keeps its start', () => {
    const long = `analytics.clickstream.${'page-view-enriched-'.repeat(4)}v1`;
    const name = topicEntityName(long);
    expect(long.length).toBeGreaterThan(63);
    expect(name).toMatch(
      /^analytics\.clickstream\.page-view-[a-z-]+-[0-9a-f]{16}$/,
    );
    expect(name.length).toBeLessThanOrEqual(63);
    expect(isValidEntityName(name)).toBe(true);
    expect(topicEntityName(long)).toBe(name);
  });

  it('gives different names to long topics that only differ after the shortened prefix', () => {
    const base = `operations.logistics.${'shipment-'.repeat(6)}`;
    const names = ['created', 'updated', 'cancelled'].map(suffix =>
      topicEntityName(`${base}${suffix}`),
    );
    expect(new Set(names).size).toBe(3);
    expect(new Set(names.map(n => n.slice(0, -17))).size).toBe(1);
    for (const name of names) expect(isValidEntityName(name)).toBe(true);
  });

  it('replaces characters the catalog refuses and trims separators at the ends', () => {
    for (const topic of ['_confluent-metrics', 'orders+eu', 'orders.', 'ä']) {
      const name = topicEntityName(topic);
      expect(isValidEntityName(name)).toBe(true);
      expect(name).not.toBe(topic);
    }
    expect(topicEntityName('_confluent-metrics')).toMatch(
      /^confluent-metrics-[0-9a-f]{16}$/,
    );
    // FNV-1a 64 of the UTF-8 bytes, as any other implementation computes it: entity names must
    // not change between releases.
    expect(topicEntityName('orders+eu')).toBe('orders-eu-ca9476f6648f696f');
    expect(topicEntityName('ä')).toMatch(/^topic-[0-9a-f]{16}$/);
    // Same sanitized prefix, different topics: the hash tells them apart.
    expect(topicEntityName('orders+eu')).not.toBe(topicEntityName('orders#eu'));
  });
});

describe('topicEntityFromRequests', () => {
  it('builds the Resource of a topic from its ready request', () => {
    const entity = topicEntityFromRequests([
      readyRequest({
        id: 'r1',
        environment: 'dev',
        cluster: 'local-dev',
        tier: 'dev',
        system: 'system:default/payments',
        classification: 'confidential',
        criticality: 'high',
        consumers: [
          {
            group: 'group:default/team-analytics',
            consumerGroup: 'analytics-card-authorized',
            component: 'component:default/analytics-ingest',
          },
          { group: 'group:default/team-payments', consumerGroup: 'ledger' },
        ],
      }),
    ]);
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'banking.payments.card-authorized',
        namespace: 'default',
        title: 'banking.payments.card-authorized',
        description: 'Authorized card payments, one event per authorization.',
        annotations: {
          'kafka-taas/topic-name': 'banking.payments.card-authorized',
          'kafka-taas/clusters': 'local-dev',
          'kafka-taas/environments': 'dev',
          'kafka-taas/request-ids': 'r1',
        },
        labels: {
          'kafka-taas/domain': 'banking',
          'kafka-taas/classification': 'confidential',
          'kafka-taas/criticality': 'high',
        },
        tags: ['kafka'],
      },
      spec: {
        type: 'kafka-topic',
        owner: 'group:default/team-payments',
        system: 'system:default/payments',
        dependencyOf: ['component:default/analytics-ingest'],
      },
    });
  });

  it('makes one entity of the same topic in two environments, listing both clusters', () => {
    const entity = topicEntityFromRequests([
      readyRequest({
        id: 'r-prod',
        environment: 'prod',
        cluster: 'prod-eu',
        tier: 'prod',
        description: 'Authorized card payments, as prod describes them.',
        criticality: 'critical',
        consumers: [
          {
            group: 'group:default/team-analytics',
            consumerGroup: 'a',
            component: 'component:default/fraud-scoring',
          },
        ],
      }),
      readyRequest({
        id: 'r-dev',
        environment: 'dev',
        cluster: 'local-dev',
        tier: 'dev',
        updatedAt: '2025-02-01T00:00:00.000Z',
        criticality: 'low',
        consumers: [
          {
            group: 'group:default/team-analytics',
            consumerGroup: 'a',
            component: 'component:default/analytics-ingest',
          },
          {
            group: 'group:default/team-analytics',
            consumerGroup: 'b',
            component: 'component:default/fraud-scoring',
          },
        ],
      }),
    ]);
    expect(entity?.metadata.name).toBe('banking.payments.card-authorized');
    expect(entity?.metadata.annotations).toEqual({
      'kafka-taas/topic-name': 'banking.payments.card-authorized',
      'kafka-taas/clusters': 'local-dev,prod-eu',
      'kafka-taas/environments': 'dev,prod',
      'kafka-taas/request-ids': 'r-dev,r-prod',
    });
    // prod is where the topic matters most: its description and criticality win over dev's.
    expect(entity?.metadata.description).toBe(
      'Authorized card payments, as prod describes them.',
    );
    expect(entity?.metadata.labels['kafka-taas/criticality']).toBe('critical');
    expect(entity?.spec.dependencyOf).toEqual([
      'component:default/analytics-ingest',
      'component:default/fraud-scoring',
    ]);
  });

  it('takes the most recently updated request among the same tier', () => {
    const entity = topicEntityFromRequests([
      readyRequest({
        id: 'old',
        environment: 'dev-a',
        cluster: 'a',
        tier: 'dev',
        owner: 'group:default/team-payments',
      }),
      readyRequest({
        id: 'new',
        environment: 'dev-b',
        cluster: 'b',
        tier: 'dev',
        updatedAt: '2025-03-01T00:00:00.000Z',
        owner: 'group:default/team-analytics',
      }),
    ]);
    expect(entity?.spec.owner).toBe('group:default/team-analytics');
    expect(entity?.spec).not.toHaveProperty('system');
    expect(entity?.spec).not.toHaveProperty('dependencyOf');
  });

  it('names the entity by its shortened form and keeps the real name in the annotation', () => {
    const topicName = `analytics.clickstream.${'page-view-enriched-'.repeat(
      4,
    )}v1`;
    const entity = topicEntityFromRequests([
      readyRequest({
        id: 'r1',
        topicName,
        environment: 'dev',
        cluster: 'local-dev',
        tier: 'dev',
      }),
    ]);
    expect(entity?.metadata.name).toBe(topicEntityName(topicName));
    expect(entity?.metadata.title).toBe(topicName);
    expect(entity?.metadata.annotations['kafka-taas/topic-name']).toBe(
      topicName,
    );
  });

  it('adds the readers that ready access requests granted, and ignores the rest', () => {
    const create = readyRequest({
      id: 'create-dev',
      environment: 'dev',
      cluster: 'local-dev',
      tier: 'dev',
    });
    const access: TopicRequest = {
      ...readyRequest({
        id: 'access-dev',
        environment: 'dev',
        cluster: 'local-dev',
        tier: 'dev',
        updatedAt: '2025-02-01T00:00:00.000Z',
        consumers: [
          {
            group: 'group:default/team-analytics',
            consumerGroup: 'analytics',
            component: 'component:default/analytics-ingest',
          },
        ],
      }),
      kind: 'access',
      topicRequestId: 'create-dev',
    };
    const pending: TopicRequest = {
      ...readyRequest({
        id: 'access-pending',
        environment: 'dev',
        cluster: 'local-dev',
        tier: 'dev',
        consumers: [
          {
            group: 'group:default/team-analytics',
            consumerGroup: 'other',
            component: 'component:default/not-yet',
          },
        ],
      }),
      kind: 'access',
      status: 'pending_approval',
    };
    const entity = topicEntityFromRequests([create, access, pending]);
    expect(entity?.spec.dependencyOf).toEqual([
      'component:default/analytics-ingest',
    ]);
    expect(entity?.metadata.annotations['kafka-taas/request-ids']).toBe(
      'create-dev',
    );
  });

  it('is undefined when no environment has the topic any more', () => {
    expect(topicEntityFromRequests([])).toBeUndefined();
    const deleted: TopicRequest = {
      ...readyRequest({
        id: 'r1',
        environment: 'dev',
        cluster: 'local-dev',
        tier: 'dev',
      }),
      status: 'deleted',
    };
    expect(topicEntityFromRequests([deleted])).toBeUndefined();
  });

  it('leaves the domain label out when the first part of the name is no label value', () => {
    const entity = topicEntityFromRequests([
      readyRequest({
        id: 'r1',
        topicName: '_legacy.orders',
        environment: 'dev',
        cluster: 'local-dev',
        tier: 'dev',
      }),
    ]);
    expect(entity?.metadata.labels).toEqual({
      'kafka-taas/classification': 'internal',
      'kafka-taas/criticality': 'medium',
    });
  });

  it('refuses requests of different topics', () => {
    expect(() =>
      topicEntityFromRequests([
        readyRequest({
          id: 'a',
          environment: 'dev',
          cluster: 'c',
          tier: 'dev',
        }),
        readyRequest({
          id: 'b',
          topicName: 'banking.payments.other',
          environment: 'dev',
          cluster: 'c',
          tier: 'dev',
        }),
      ]),
    ).toThrow(
      'one topic entity is built from requests of one topic; got banking.payments.card-authorized and banking.payments.other',
    );
  });
});

describe('splitList', () => {
  it('splits a comma-separated annotation, trimmed, without empty items', () => {
    expect(splitList(' dev, prod ,,staging, ')).toEqual([
      'dev',
      'prod',
      'staging',
    ]);
  });

  it('is empty for an absent or blank annotation', () => {
    expect(splitList(undefined)).toEqual([]);
    expect(splitList(' , ')).toEqual([]);
  });
});

describe('parseConsumerGroupsAnnotation', () => {
  it('reads <cluster>/<group> pairs in order, once each', () => {
    expect(
      parseConsumerGroupsAnnotation(
        'local-dev/ledger, prod/audit ,local-dev/ledger',
      ),
    ).toEqual({
      groups: [
        { cluster: 'local-dev', group: 'ledger' },
        { cluster: 'prod', group: 'audit' },
      ],
      invalid: [],
    });
  });

  it('takes everything after the first slash as the group', () => {
    expect(parseConsumerGroupsAnnotation('prod/team/ledger-v2').groups).toEqual(
      [{ cluster: 'prod', group: 'team/ledger-v2' }],
    );
  });

  it('lists entries without a cluster, a group or a slash as invalid', () => {
    expect(
      parseConsumerGroupsAnnotation('ledger, /audit, prod/, prod/billing'),
    ).toEqual({
      groups: [{ cluster: 'prod', group: 'billing' }],
      invalid: ['ledger', '/audit', 'prod/'],
    });
  });

  it('is empty for an absent annotation', () => {
    expect(parseConsumerGroupsAnnotation(undefined)).toEqual({
      groups: [],
      invalid: [],
    });
  });
});

describe('topicEntityFromSummary', () => {
  const placement = (cluster: string, environment: string) => ({
    cluster,
    environment,
    partitions: 6,
    replicationFactor: 1,
    consumerGroups: [],
  });

  it('builds a requested topic from its requests, annotated with where it lives now', () => {
    const entity = topicEntityFromSummary(
      {
        name: 'banking.payments.card-authorized',
        clusters: [placement('dev-1', 'dev'), placement('prod-1', 'prod')],
        requests: [
          readyRequest({
            id: 'a',
            environment: 'dev',
            cluster: 'c',
            tier: 'dev',
          }),
        ],
      },
      { unownedOwner: 'group:default/platform-team' },
    );
    expect(entity.spec.owner).toBe('group:default/team-payments');
    expect(entity.metadata.annotations).toEqual({
      'kafka-taas/topic-name': 'banking.payments.card-authorized',
      // Requested in dev on cluster c; it lives on dev-1 and prod-1.
      'kafka-taas/clusters': 'dev-1,prod-1',
      'kafka-taas/environments': 'dev,prod',
      'kafka-taas/request-ids': 'a',
    });
    expect(entity.metadata.annotations['kafka-taas/unowned']).toBeUndefined();
  });

  it('marks a requested topic whose live values drifted from its request, and only then', () => {
    const summary = (
      configs: Record<string, string | null>,
      partitions = 6,
    ) => ({
      name: 'banking.payments.card-authorized',
      clusters: [{ ...placement('dev-1', 'dev'), partitions, configs }],
      requests: [
        readyRequest({
          id: 'a',
          environment: 'dev',
          cluster: 'dev-1',
          tier: 'dev',
          configs: { 'retention.ms': '604800000' },
        }),
      ],
    });
    const options = { unownedOwner: 'group:default/platform-team' };

    const drifted = topicEntityFromSummary(
      summary({ 'retention.ms': '86400000', 'cleanup.policy': 'delete' }, 12),
      options,
    );
    expect(drifted.metadata.labels['kafka-taas/drift']).toBe('true');
    expect(drifted.metadata.annotations['kafka-taas/drift']).toBe(
      'partitions@dev-1,retention.ms@dev-1',
    );
    // The other labels stay.
    expect(drifted.metadata.labels['kafka-taas/classification']).toBe(
      'internal',
    );

    const asApproved = topicEntityFromSummary(
      summary({ 'retention.ms': '604800000', 'cleanup.policy': 'delete' }),
      options,
    );
    expect(asApproved.metadata.labels['kafka-taas/drift']).toBeUndefined();
    expect(asApproved.metadata.annotations['kafka-taas/drift']).toBeUndefined();
  });

  it('builds a topic nobody requested as unowned, owned by the fallback group, saying how to own it', () => {
    const entity = topicEntityFromSummary(
      {
        name: 'legacy.clicks',
        clusters: [placement('dev-1', 'dev'), placement('dev-2', 'dev')],
        requests: [],
      },
      { unownedOwner: 'group:default/platform-team' },
    );
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'legacy.clicks',
        namespace: 'default',
        title: 'legacy.clicks',
        description:
          'Found on dev-1 (dev), dev-2 (dev) by Kafka TaaS; nobody owns it yet. Declare it in a catalog-info.yaml (kind Resource, spec.type kafka-topic) to give it an owner.',
        annotations: {
          'kafka-taas/topic-name': 'legacy.clicks',
          'kafka-taas/clusters': 'dev-1,dev-2',
          'kafka-taas/environments': 'dev',
          'kafka-taas/unowned': 'true',
        },
        labels: { 'kafka-taas/domain': 'legacy' },
        tags: ['kafka'],
      },
      spec: { type: 'kafka-topic', owner: 'group:default/platform-team' },
    });
  });

  it('gives an unowned topic without a dot no domain label, and a long name its shortened form', () => {
    const plain = topicEntityFromSummary(
      { name: 'clicks', clusters: [placement('dev-1', 'dev')], requests: [] },
      { unownedOwner: 'group:default/platform-team' },
    );
    expect(plain.metadata.labels).toEqual({});
    const longName = `legacy.${'x'.repeat(80)}`;
    const long = topicEntityFromSummary(
      { name: longName, clusters: [placement('dev-1', 'dev')], requests: [] },
      { unownedOwner: 'group:default/platform-team' },
    );
    expect(long.metadata.name).toBe(topicEntityName(longName));
    expect(long.metadata.annotations['kafka-taas/topic-name']).toBe(longName);
  });

  it('builds a topic whose requests left no ready state as unowned', () => {
    const entity = topicEntityFromSummary(
      {
        name: 'banking.payments.card-authorized',
        clusters: [placement('dev-1', 'dev')],
        requests: [
          {
            ...readyRequest({
              id: 'f',
              environment: 'dev',
              cluster: 'c',
              tier: 'dev',
            }),
            status: 'failed',
          },
        ],
      },
      { unownedOwner: 'group:default/platform-team' },
    );
    expect(entity.spec.owner).toBe('group:default/platform-team');
    expect(entity.metadata.annotations['kafka-taas/unowned']).toBe('true');
  });
});
