import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  CLASSIFICATIONS,
  CLEANUP_POLICIES,
  COMPATIBILITY_LEVELS,
  CRITICALITIES,
  DEFAULT_POLICY,
  ENVIRONMENT_TIERS,
  EnvironmentTier,
  KafkaTaasPolicy,
  normalizeEntityRef,
  SCHEMA_TYPES,
} from '@kafka-taas/plugin-kafka-taas-common';
import { z } from 'zod';
import { KafkaClusterConfig } from './config';

const count = z.number().int().nonnegative();
const tier = z.enum(ENVIRONMENT_TIERS);
const quotaTier = z
  .object({
    producerByteRate: count.positive().optional(),
    consumerByteRate: count.positive().optional(),
    requestPercentage: z.number().positive().optional(),
  })
  .strict();

const policySchema = z.object({
  naming: z.object({
    domains: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/)).min(1),
    namePattern: z
      .string()
      .refine(isRegExp, 'must be a valid regular expression'),
    nameMinLength: count.positive(),
    nameMaxLength: count.positive(),
    requireVersion: z.boolean(),
    reservedPrefixes: z.array(z.string()),
  }),
  partitions: z.object({
    min: count.positive(),
    max: count.positive(),
    default: count.positive(),
    criticalMin: count.positive(),
  }),
  replicationFactor: z.object({
    min: count.positive(),
    max: count.positive(),
    default: count.positive(),
    prodMin: count.positive(),
  }),
  retention: z.object({
    defaultMs: count.positive(),
    minMs: count.positive(),
    maxMs: count.positive(),
    presets: z.record(
      z.object({ title: z.string().min(1), ms: count.positive() }),
    ),
  }),
  cleanupPolicies: z.array(z.enum(CLEANUP_POLICIES)).min(1),
  description: z.object({ minLength: count, maxLength: count.positive() }),
  classifications: z.array(z.enum(CLASSIFICATIONS)).min(1),
  criticalities: z.array(z.enum(CRITICALITIES)).min(1),
  defaults: z.object({
    classification: z.enum(CLASSIFICATIONS),
    criticality: z.enum(CRITICALITIES),
    cleanupPolicy: z.enum(CLEANUP_POLICIES),
    schemaType: z.enum(SCHEMA_TYPES),
    quotaTier: z.string(),
  }),
  schema: z.object({
    types: z.array(z.enum(SCHEMA_TYPES)).min(1),
    defaultCompatibility: z.enum(COMPATIBILITY_LEVELS),
    criticalCompatibility: z.enum(COMPATIBILITY_LEVELS),
    noneAllowedIn: z.array(tier),
  }),
  environments: z.record(z.object({ cluster: z.string(), tier })),
  quotaTiers: z.record(quotaTier),
  approvals: z.object({
    matrix: z.object(
      Object.fromEntries(
        CRITICALITIES.map(c => [
          c,
          z.object(
            Object.fromEntries(
              ENVIRONMENT_TIERS.map(t => [t, z.array(z.string())]),
            ),
          ),
        ]),
      ),
    ),
    roles: z.record(
      z.object({ title: z.string(), groups: z.array(z.string()) }),
    ),
    expireAfterDays: z.number().positive(),
  }),
  principals: z.record(
    z.string().regex(/^[A-Za-z]+:.+$/, 'must look like User:<name>'),
  ),
});

function isRegExp(source: string) {
  try {
    RegExp(source);
    return true;
  } catch {
    return false;
  }
}

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; arrays and scalars from the override replace the default. */
function merge(base: Json, override: Json): Json {
  if (!isObject(base) || !isObject(override))
    return override === undefined ? base : override;
  const result: Record<string, Json> = { ...base };
  for (const [key, value] of Object.entries(override))
    result[key] = merge(base[key], value);
  return result;
}

/**
 * Reads the effective policy from `kafkaTaas.*`: the documented defaults with app-config on
 * top. Refuses, naming the key, anything the engine could not apply.
 */
export function readPolicy(
  root: Config,
  clusters: KafkaClusterConfig[],
): KafkaTaasPolicy {
  const config = root.getOptionalConfig('kafkaTaas');
  const approvals = config?.getOptionalConfig('approvals');

  const rolesConfig = approvals?.getOptionalConfig('roles');
  const roles = Object.fromEntries(
    (rolesConfig
      ? rolesConfig
          .keys()
          .map(role => [role, rolesConfig.getConfig(role)] as const)
      : []
    ).map(([role, roleConfig]) => {
      const groups = roleConfig.getStringArray('groups').map((ref, i) => {
        const normalized = normalizeEntityRef(ref, 'group');
        if (!normalized) {
          throw new InputError(
            `kafkaTaas.approvals.roles.${role}.groups[${i}] must be a group entity ref like group:default/platform-team; got "${ref}"`,
          );
        }
        return normalized;
      });
      const title =
        roleConfig.getOptionalString('title') ??
        DEFAULT_POLICY.approvals.roles[role]?.title ??
        role;
      return [role, { title, groups }];
    }),
  );

  const principals = Object.fromEntries(
    (config?.getOptionalConfigArray('principals') ?? []).map((entry, i) => {
      const ref = entry.getString('group');
      const group = normalizeEntityRef(ref, 'group');
      if (!group) {
        throw new InputError(
          `kafkaTaas.principals[${i}].group must be a group entity ref like group:default/team-payments; got "${ref}"`,
        );
      }
      return [group, entry.getString('principal')];
    }),
  );

  const environments = config?.has('environments')
    ? Object.fromEntries(
        config
          .getConfig('environments')
          .keys()
          .map(name => {
            const env = config.getConfig(`environments.${name}`);
            return [
              name,
              {
                cluster: env.getString('cluster'),
                tier: env.getOptionalString('tier') ?? name,
              },
            ];
          }),
      )
    : Object.fromEntries(
        clusters.map(c => [
          c.environment,
          { cluster: c.name, tier: c.environment },
        ]),
      );

  const merged = merge(DEFAULT_POLICY, {
    ...(config?.getOptional('policy') as object | undefined),
    environments,
    approvals: {
      matrix: approvals?.getOptional('matrix'),
      roles: merge(emptyRoles(), roles),
      expireAfterDays: approvals?.getOptionalNumber('expireAfterDays'),
    },
    principals,
  });

  // Configured quota tiers replace the default set rather than adding to it.
  const quotaTiers =
    config?.getOptional('quotaTiers') ?? DEFAULT_POLICY.quotaTiers;
  const parsed = policySchema.safeParse({ ...(merged as object), quotaTiers });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `kafkaTaas.${configPath(issue.path)} ${issue.message}`,
    );
  }
  const policy = parsed.data as KafkaTaasPolicy;
  checkConsistency(policy, clusters);
  return policy;
}

function emptyRoles() {
  return Object.fromEntries(
    Object.entries(DEFAULT_POLICY.approvals.roles).map(([role, { title }]) => [
      role,
      { title, groups: [] },
    ]),
  );
}

function configPath(path: (string | number)[]) {
  const [first, ...rest] = path;
  const prefix = [
    'environments',
    'quotaTiers',
    'approvals',
    'principals',
  ].includes(String(first))
    ? String(first)
    : `policy.${String(first)}`;
  return [prefix, ...rest].join('.');
}

function checkConsistency(
  policy: KafkaTaasPolicy,
  clusters: KafkaClusterConfig[],
) {
  const clusterNames = clusters.map(c => c.name);
  for (const [name, env] of Object.entries(policy.environments)) {
    if (!clusterNames.includes(env.cluster)) {
      throw new InputError(
        `kafkaTaas.environments.${name}.cluster is "${
          env.cluster
        }", which is not a configured cluster (${
          clusterNames.join(', ') || 'none configured'
        })`,
      );
    }
  }
  for (const [criticality, row] of Object.entries(policy.approvals.matrix)) {
    for (const [tierName, roles] of Object.entries(
      row as Record<EnvironmentTier, string[]>,
    )) {
      for (const role of roles) {
        if (!policy.approvals.roles[role]) {
          throw new InputError(
            `kafkaTaas.approvals.matrix.${criticality}.${tierName} names role "${role}", which is not in kafkaTaas.approvals.roles (${Object.keys(
              policy.approvals.roles,
            ).join(', ')})`,
          );
        }
      }
    }
  }
  for (const key of ['partitions', 'replicationFactor'] as const) {
    const { min, max, default: def } = policy[key];
    if (min > max || def < min || def > max) {
      throw new InputError(
        `kafkaTaas.policy.${key} needs min <= default <= max; got ${min} <= ${def} <= ${max}`,
      );
    }
  }
  if (!policy.quotaTiers[policy.defaults.quotaTier]) {
    throw new InputError(
      `kafkaTaas.policy.defaults.quotaTier is "${
        policy.defaults.quotaTier
      }", which is not in kafkaTaas.quotaTiers (${Object.keys(
        policy.quotaTiers,
      ).join(', ')})`,
    );
  }
}

/** Roles of the matrix that no group holds: requests needing them could never be approved. */
export function rolesWithoutGroups(policy: KafkaTaasPolicy): string[] {
  const used = new Set(
    Object.values(policy.approvals.matrix).flatMap(row =>
      Object.values(row).flat(),
    ),
  );
  return [...used].filter(
    role => policy.approvals.roles[role]?.groups.length === 0,
  );
}
