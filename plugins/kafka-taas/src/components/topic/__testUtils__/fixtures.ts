import { HttpResponse } from 'msw';
import { Entity } from '@backstage/catalog-model';
import {
  KafkaTopicClusterDetails,
  KafkaTopicConfigEntry,
  KafkaTopicDetails,
  TopicRequest,
} from '@kafka-taas/plugin-kafka-taas-common';

/** A payments topic on dev and prod, as the catalog module and `GET /topics/{topic}` see it. */
export const topic = 'banking.payments.authorized';
export const baseUrl = 'http://localhost:7007/api/kafka-taas';
export const detailsUrl = `${baseUrl}/topics/${topic}`;
export const requestsUrl = `${baseUrl}/topic-requests`;

export const topicEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'banking.payments.authorized',
    namespace: 'default',
    annotations: {
      'kafka-taas/topic-name': topic,
      'kafka-taas/clusters': 'local-dev,local-prod',
      'kafka-taas/environments': 'dev,prod',
    },
    labels: { 'kafka-taas/domain': 'banking' },
  },
  spec: {
    type: 'kafka-topic',
    owner: 'group:default/team-payments',
    system: 'system:default/payments',
  },
};

const config = (name: string, value: string): KafkaTopicConfigEntry => ({
  name,
  value,
  isDefault: false,
  source: 'DYNAMIC_TOPIC_CONFIG',
  readOnly: false,
  sensitive: false,
});

export const devCluster: KafkaTopicClusterDetails = {
  cluster: 'local-dev',
  environment: 'dev',
  partitions: 6,
  replicationFactor: 1,
  configs: [
    config('cleanup.policy', 'delete'),
    { ...config('min.insync.replicas', '1'), isDefault: true },
    config('retention.ms', '604800000'),
  ],
  subjects: [],
  acls: [
    {
      resourceName: topic,
      patternType: 'LITERAL',
      principal: 'User:payments-svc',
      host: '*',
      operation: 'WRITE',
      permissionType: 'ALLOW',
    },
    {
      resourceName: topic,
      patternType: 'LITERAL',
      principal: 'User:payments-svc',
      host: '*',
      operation: 'READ',
      permissionType: 'ALLOW',
    },
    {
      resourceName: topic,
      patternType: 'LITERAL',
      principal: 'User:data-svc',
      host: '*',
      operation: 'READ',
      permissionType: 'ALLOW',
    },
    {
      resourceName: 'banking.',
      patternType: 'PREFIXED',
      principal: 'User:audit-svc',
      host: '10.0.0.7',
      operation: 'READ',
      permissionType: 'ALLOW',
    },
  ],
  quotas: {
    principal: 'User:payments-svc',
    values: {
      producer_byte_rate: 5_242_880,
      consumer_byte_rate: 10_485_760,
      request_percentage: 10,
    },
  },
  drift: [],
  errors: [],
};

export const prodCluster: KafkaTopicClusterDetails = {
  cluster: 'local-prod',
  environment: 'prod',
  partitions: 12,
  replicationFactor: 3,
  configs: [
    config('cleanup.policy', 'compact,delete'),
    config('min.insync.replicas', '2'),
    config('retention.ms', '2592000000'),
  ],
  subjects: [],
  acls: [
    {
      resourceName: topic,
      patternType: 'LITERAL',
      principal: 'User:payments-svc',
      host: '*',
      operation: 'ALL',
      permissionType: 'ALLOW',
    },
  ],
  quotas: {
    principal: 'User:payments-svc',
    values: {
      producer_byte_rate: 20_971_520,
      consumer_byte_rate: 41_943_040,
    },
  },
  drift: [],
  errors: [],
};

const createRequest = (
  environment: 'dev' | 'prod',
  overrides: Partial<TopicRequest['resolved']>,
): TopicRequest => ({
  id: environment === 'dev' ? 'req-dev-create' : 'req-prod-create',
  kind: 'create',
  topicName: topic,
  environment,
  cluster: `local-${environment}`,
  owner: 'group:default/team-payments',
  status: 'ready',
  requestedBy: 'user:default/alice',
  input: {
    domain: 'banking',
    subdomain: 'payments',
    name: 'authorized',
    environment,
    owner: 'group:default/team-payments',
    description: 'Payments authorized by the card gateway, one event each',
  },
  resolved: {
    topicName: topic,
    environment,
    cluster: `local-${environment}`,
    tier: environment,
    owner: 'group:default/team-payments',
    system: 'system:default/payments',
    description: 'Payments authorized by the card gateway, one event each',
    partitions: 6,
    replicationFactor: 1,
    retentionMs: 604800000,
    cleanupPolicy: 'delete',
    classification: 'confidential',
    criticality: 'high',
    quotaTier: 'bronze',
    configs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' },
    consumers: [],
    ...overrides,
  },
  plan: [
    {
      id: 'done',
      title:
        'Record the result, add the topic to the catalog and notify the requester',
    },
  ],
  approval: { required: false, roles: [] },
  approvals: [],
  completedSteps: ['done'],
  createdAt: '2026-11-20T08:00:00.000Z',
  updatedAt: '2026-11-20T08:00:01.000Z',
  expiresAt: '2026-11-27T08:00:00.000Z',
});

export const devCreate = createRequest('dev', {});
export const prodCreate: TopicRequest = {
  ...createRequest('prod', {
    partitions: 12,
    replicationFactor: 3,
    retentionMs: 2592000000,
    cleanupPolicy: 'compact,delete',
    criticality: 'critical',
    quotaTier: 'silver',
    configs: {
      'retention.ms': '2592000000',
      'cleanup.policy': 'compact,delete',
      'min.insync.replicas': '2',
    },
  }),
  approval: {
    required: true,
    roles: [
      {
        role: 'platform',
        title: 'Platform team',
        groups: ['group:default/platform-team'],
      },
      {
        role: 'security',
        title: 'Security',
        groups: ['group:default/security'],
      },
    ],
  },
  approvals: [
    {
      role: 'platform',
      by: 'user:default/carol',
      at: '2026-11-21T10:00:00.000Z',
    },
    {
      role: 'security',
      by: 'user:default/dave',
      at: '2026-11-21T11:00:00.000Z',
      comment: 'Encrypted at rest: fine',
    },
  ],
  createdAt: '2026-11-21T09:00:00.000Z',
  updatedAt: '2026-11-21T11:00:02.000Z',
};

export const details = (
  overrides: Partial<KafkaTopicDetails> = {},
): KafkaTopicDetails => ({
  name: topic,
  owner: 'group:default/team-payments',
  ownerSource: 'request',
  unowned: false,
  clusters: [devCluster, prodCluster],
  drift: [],
  requests: [prodCreate, devCreate],
  unreachableClusters: [],
  errors: [],
  ...overrides,
});

/** A Backstage error response to a GET of `url`, as the backend's error handler writes it. */
export const backendError = (
  status: number,
  name: string,
  message: string,
  url = `/topics/${topic}`,
) =>
  HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'GET', url },
      response: { statusCode: status },
    },
    { status },
  );
