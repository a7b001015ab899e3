import { ResolvedTopicRequest } from '../policy/types';
import {
  approvedStates,
  driftConfigNames,
  driftMarks,
  inventoryDrift,
  LiveTopic,
  topicDrift,
} from './topicDrift';
import { TopicRequest } from './types';

const approved = (
  overrides: Partial<ResolvedTopicRequest> = {},
): ResolvedTopicRequest => ({
  topicName: 'banking.payments.authorized',
  environment: 'dev',
  cluster: 'dev-eu',
  tier: 'dev',
  owner: 'group:default/team-payments',
  description: 'Authorized card payments, one event per authorization.',
  partitions: 6,
  replicationFactor: 3,
  retentionMs: 604800000,
  cleanupPolicy: 'delete',
  classification: 'internal',
  criticality: 'medium',
  quotaTier: 'bronze',
  configs: {
    'retention.ms': '604800000',
    'cleanup.policy': 'delete',
    'min.insync.replicas': '2',
  },
  consumers: [],
  ...overrides,
});

const live = (overrides: Partial<LiveTopic> = {}): LiveTopic => ({
  cluster: 'dev-eu',
  environment: 'dev',
  partitions: 6,
  replicationFactor: 3,
  configs: {
    'retention.ms': '604800000',
    'cleanup.policy': 'delete',
    'min.insync.replicas': '2',
    'segment.bytes': '1073741824',
  },
  ...overrides,
});

describe('topicDrift', () => {
  it('finds nothing when the live topic is as approved and declared', () => {
    expect(
      topicDrift({
        live: live(),
        approved: [approved()],
        declared: {
          'kafka-taas/partitions': '6',
          'kafka-taas/replication-factor': '3',
          'kafka-taas/retention-ms': '604800000',
          'kafka-taas/cleanup-policy': 'delete',
        },
      }),
    ).toEqual([]);
  });

  it('reports every approved value the cluster changed, with the environment of its request', () => {
    const drift = topicDrift({
      live: live({
        partitions: 12,
        configs: {
          'retention.ms': '3600000',
          'cleanup.policy': 'delete',
          'segment.bytes': '1073741824',
        },
      }),
      approved: [approved()],
    });
    expect(drift).toEqual([
      {
        cluster: 'dev-eu',
        environment: 'dev',
        field: 'partitions',
        expected: '6',
        live: '12',
        source: 'approved',
      },
      {
        cluster: 'dev-eu',
        environment: 'dev',
        field: 'min.insync.replicas',
        expected: '2',
        live: null,
        source: 'approved',
      },
      {
        cluster: 'dev-eu',
        environment: 'dev',
        field: 'retention.ms',
        expected: '604800000',
        live: '3600000',
        source: 'approved',
      },
    ]);
  });

  it('compares a request only with the cluster that serves its environment', () => {
    expect(
      topicDrift({
        live: live({ cluster: 'prod-eu', environment: 'prod', partitions: 1 }),
        approved: [approved()],
      }),
    ).toEqual([]);
  });

  it('reports declared values that differ, on every cluster', () => {
    const drift = topicDrift({
      live: live({ cluster: 'prod-eu', environment: 'prod' }),
      approved: [],
      declared: {
        'kafka-taas/partitions': ' 12 ',
        'kafka-taas/cleanup-policy': 'compact, delete',
      },
    });
    expect(drift).toEqual([
      {
        cluster: 'prod-eu',
        environment: 'prod',
        field: 'partitions',
        expected: '12',
        live: '6',
        source: 'declared',
      },
      {
        cluster: 'prod-eu',
        environment: 'prod',
        field: 'cleanup.policy',
        expected: 'compact, delete',
        live: 'delete',
        source: 'declared',
      },
    ]);
  });

  it('treats equal numbers and lists as equal whatever their spelling', () => {
    expect(
      topicDrift({
        live: live({
          configs: { 'cleanup.policy': 'compact,delete', 'retention.ms': '60' },
        }),
        approved: [],
        declared: {
          'kafka-taas/retention-ms': '060',
          'kafka-taas/cleanup-policy': 'compact, delete',
        },
      }),
    ).toEqual([]);
  });

  it('leaves configs out when they could not be read, and still compares the layout', () => {
    const drift = topicDrift({
      live: live({ configs: undefined, replicationFactor: 1 }),
      approved: [approved()],
      declared: { 'kafka-taas/retention-ms': '1' },
    });
    expect(drift.map(d => [d.field, d.source])).toEqual([
      ['replicationFactor', 'approved'],
    ]);
  });
});

describe('drift of inventory topics', () => {
  const request = (
    overrides: Partial<TopicRequest> & { resolved?: ResolvedTopicRequest } = {},
  ): TopicRequest => {
    const resolved = overrides.resolved ?? approved();
    return {
      id: 'r1',
      kind: 'create',
      topicName: resolved.topicName,
      environment: resolved.environment,
      cluster: resolved.cluster,
      owner: resolved.owner,
      status: 'ready',
      requestedBy: 'user:default/alice',
      input: {
        domain: 'banking',
        subdomain: 'payments',
        name: 'authorized',
        environment: resolved.environment,
        owner: resolved.owner,
        description: resolved.description,
      },
      plan: [],
      approval: { required: false, roles: [] },
      approvals: [],
      completedSteps: ['topic', 'schema', 'acls', 'quotas', 'done'],
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
      expiresAt: '2025-01-08T00:00:00.000Z',
      ...overrides,
      resolved,
    };
  };

  it('reads the configs the ready requests approved and those a declaration can set', () => {
    expect(
      driftConfigNames([
        request(),
        request({
          id: 'r2',
          resolved: approved({ configs: { 'max.message.bytes': '2097152' } }),
        }),
      ]),
    ).toEqual([
      'cleanup.policy',
      'max.message.bytes',
      'min.insync.replicas',
      'retention.ms',
    ]);
    expect(driftConfigNames([])).toEqual(['cleanup.policy', 'retention.ms']);
  });

  it('takes the current state of each environment from its ready requests', () => {
    const states = approvedStates([
      request(),
      request({
        id: 'r2',
        environment: 'prod',
        resolved: approved({ environment: 'prod', cluster: 'prod-eu' }),
      }),
    ]);
    expect(states.map(s => `${s.environment}@${s.cluster}`).sort()).toEqual([
      'dev@dev-eu',
      'prod@prod-eu',
    ]);
  });

  it('compares every placement of a topic with its requests and its declaration', () => {
    const drift = inventoryDrift(
      {
        name: 'banking.payments.authorized',
        clusters: [
          {
            ...live({
              configs: {
                'retention.ms': '86400000',
                'cleanup.policy': 'delete',
                'min.insync.replicas': '2',
              },
            }),
            consumerGroups: [],
          },
        ],
        requests: [request()],
      },
      { 'kafka-taas/cleanup-policy': 'compact' },
    );
    expect(drift.map(d => [d.field, d.expected, d.live, d.source])).toEqual([
      ['retention.ms', '604800000', '86400000', 'approved'],
      ['cleanup.policy', 'compact', 'delete', 'declared'],
    ]);
    expect(driftMarks(drift)).toEqual({
      labels: { 'kafka-taas/drift': 'true' },
      annotations: {
        'kafka-taas/drift': 'retention.ms@dev-eu,cleanup.policy@dev-eu',
      },
    });
    expect(driftMarks([])).toBeUndefined();
  });
});
