import {
  CLASSIFICATIONS,
  CLEANUP_POLICIES,
  CRITICALITIES,
  KafkaTaasPolicy,
  SCHEMA_TYPES,
} from './types';

const DAY_MS = 24 * 3600 * 1000;
const MIB = 1024 * 1024;

/**
 * The policy of the design, before app-config: environments and principals are empty and
 * approver roles have no groups, since those belong to each deployment.
 * @public
 */
export const DEFAULT_POLICY: KafkaTaasPolicy = {
  naming: {
    domains: ['banking', 'marketing', 'analytics', 'operations'],
    namePattern: '^[a-z][a-z0-9-]*$',
    nameMinLength: 3,
    nameMaxLength: 64,
    requireVersion: false,
    reservedPrefixes: ['_', '__', 'connect-', 'kafka-', 'confluent'],
  },
  partitions: { min: 1, max: 100, default: 6, criticalMin: 6 },
  replicationFactor: { min: 1, max: 3, default: 3, prodMin: 3 },
  retention: {
    defaultMs: 7 * DAY_MS,
    minMs: 3600 * 1000,
    maxMs: 3 * 365 * DAY_MS,
    presets: {
      'operational-events': {
        title: 'Operational events (7 days)',
        ms: 7 * DAY_MS,
      },
      'business-transactions': {
        title: 'Business transactions (30 days)',
        ms: 30 * DAY_MS,
      },
      'audit-logs': { title: 'Audit logs (90 days)', ms: 90 * DAY_MS },
      analytics: { title: 'Analytics (1 year)', ms: 365 * DAY_MS },
    },
  },
  cleanupPolicies: [...CLEANUP_POLICIES],
  description: { minLength: 20, maxLength: 1000 },
  classifications: [...CLASSIFICATIONS],
  criticalities: [...CRITICALITIES],
  defaults: {
    classification: 'internal',
    criticality: 'medium',
    cleanupPolicy: 'delete',
    schemaType: 'avro',
    quotaTier: 'bronze',
  },
  schema: {
    types: [...SCHEMA_TYPES],
    defaultCompatibility: 'BACKWARD',
    criticalCompatibility: 'FULL_TRANSITIVE',
    noneAllowedIn: ['dev'],
  },
  environments: {},
  quotaTiers: {
    bronze: {
      producerByteRate: 5 * MIB,
      consumerByteRate: 10 * MIB,
      requestPercentage: 10,
    },
    silver: {
      producerByteRate: 20 * MIB,
      consumerByteRate: 40 * MIB,
      requestPercentage: 25,
    },
    gold: {
      producerByteRate: 50 * MIB,
      consumerByteRate: 100 * MIB,
      requestPercentage: 50,
    },
    platinum: {},
  },
  approvals: {
    matrix: {
      low: { dev: [], staging: [], prod: [] },
      medium: { dev: [], staging: [], prod: ['team-lead'] },
      high: { dev: [], staging: ['team-lead'], prod: ['platform', 'data'] },
      critical: {
        dev: ['team-lead'],
        staging: ['platform'],
        prod: ['platform', 'security'],
      },
    },
    roles: {
      'team-lead': { title: 'Team lead', groups: [] },
      platform: { title: 'Platform team', groups: [] },
      data: { title: 'Data governance', groups: [] },
      security: { title: 'Security', groups: [] },
    },
    expireAfterDays: 7,
  },
  principals: {},
};
