import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { DEFAULT_POLICY } from '@kafka-taas/plugin-kafka-taas-common';
import { readClusterConfigs } from './config';
import { readPolicy, rolesWithoutGroups } from './policyConfig';

const clusters = [
  { name: 'dev-eu', environment: 'dev', brokers: ['kafka-1:9092'] },
  { name: 'prod-eu', environment: 'prod', brokers: ['kafka-9:9092'] },
];

function read(kafkaTaas: JsonObject) {
  const config = new ConfigReader({ kafkaTaas: { clusters, ...kafkaTaas } });
  return readPolicy(config, readClusterConfigs(config));
}

describe('readPolicy', () => {
  it('uses the documented defaults and one environment per cluster when nothing is set', () => {
    const policy = read({});
    expect(policy.environments).toEqual({
      dev: { cluster: 'dev-eu', tier: 'dev' },
      prod: { cluster: 'prod-eu', tier: 'prod' },
    });
    expect(policy.partitions).toEqual(DEFAULT_POLICY.partitions);
    expect(policy.approvals.matrix).toEqual(DEFAULT_POLICY.approvals.matrix);
    expect(rolesWithoutGroups(policy).sort()).toEqual([
      'data',
      'platform',
      'security',
      'team-lead',
    ]);
  });

  it('lays app-config over the defaults key by key, and arrays replace', () => {
    const policy = read({
      environments: {
        staging: { cluster: 'dev-eu', tier: 'staging' },
        live: { cluster: 'prod-eu', tier: 'prod' },
      },
      policy: { naming: { domains: ['payments'] }, partitions: { max: 48 } },
      approvals: {
        roles: { platform: { groups: ['platform-team'] } },
        matrix: { low: { dev: [], staging: [], prod: ['platform'] } },
        expireAfterDays: 3,
      },
      principals: [{ group: 'team-payments', principal: 'User:payments-svc' }],
    });
    expect(Object.keys(policy.environments)).toEqual(['staging', 'live']);
    expect(policy.naming.domains).toEqual(['payments']);
    expect(policy.naming.namePattern).toBe(DEFAULT_POLICY.naming.namePattern);
    expect(policy.partitions).toEqual({
      ...DEFAULT_POLICY.partitions,
      max: 48,
    });
    expect(policy.approvals.roles.platform).toEqual({
      title: 'Platform team',
      groups: ['group:default/platform-team'],
    });
    expect(policy.approvals.matrix.low.prod).toEqual(['platform']);
    expect(policy.approvals.matrix.critical).toEqual(
      DEFAULT_POLICY.approvals.matrix.critical,
    );
    expect(policy.approvals.expireAfterDays).toBe(3);
    expect(policy.principals).toEqual({
      'group:default/team-payments': 'User:payments-svc',
    });
  });

  it.each([
    [
      'an environment on an unknown cluster',
      { environments: { dev: { cluster: 'nowhere' } } },
      'kafkaTaas.environments.dev.cluster is "nowhere", which is not a configured cluster (dev-eu, prod-eu)',
    ],
    [
      'an unknown tier',
      { environments: { qa: { cluster: 'dev-eu' } } },
      'kafkaTaas.environments.qa.tier',
    ],
    [
      'a matrix role nobody defined',
      {
        approvals: {
          matrix: { high: { dev: ['cto'], staging: [], prod: [] } },
        },
      },
      'kafkaTaas.approvals.matrix.high.dev names role "cto", which is not in kafkaTaas.approvals.roles',
    ],
    [
      'a negative partition maximum',
      { policy: { partitions: { max: -1 } } },
      'kafkaTaas.policy.partitions.max',
    ],
    [
      'a default outside min and max',
      { policy: { partitions: { default: 200 } } },
      'kafkaTaas.policy.partitions needs min <= default <= max; got 1 <= 200 <= 100',
    ],
    [
      'a broken name pattern',
      { policy: { naming: { namePattern: '([a-z' } } },
      'kafkaTaas.policy.naming.namePattern must be a valid regular expression',
    ],
    [
      'an unknown compatibility level',
      { policy: { schema: { defaultCompatibility: 'LOOSE' } } },
      'kafkaTaas.policy.schema.defaultCompatibility',
    ],
    [
      'a principal without a type',
      { principals: [{ group: 'team-payments', principal: 'payments-svc' }] },
      'kafkaTaas.principals',
    ],
    [
      'a principal for a non-group',
      { principals: [{ group: 'user:alice', principal: 'User:a' }] },
      'kafkaTaas.principals[0].group must be a group entity ref',
    ],
    [
      'a default quota tier that does not exist',
      { quotaTiers: { gold: { producerByteRate: 1000 } } },
      'kafkaTaas.policy.defaults.quotaTier is "bronze", which is not in kafkaTaas.quotaTiers (gold)',
    ],
  ])('refuses %s, naming the key', (_label, kafkaTaas, message) => {
    expect(() => read(kafkaTaas as JsonObject)).toThrow(message);
  });
});
