import { DEFAULT_POLICY } from './defaults';
import {
  AclBindingPlan,
  ApprovalRequirement,
  Criticality,
  EnvironmentTier,
  KafkaTaasPolicy,
  PolicyViolation,
  ProvisioningStep,
  QuotaTier,
  ResolvedTopicRequest,
  TOPIC_CHANGE_KINDS,
  TopicChangeEvaluation,
  TopicChangeInput,
  TopicChangeKind,
  TopicConsumerInput,
  TopicRequestEvaluation,
  TopicRequestInput,
  TopicSchemaInput,
} from './types';

/** Kafka refuses longer topic names. */
const TOPIC_NAME_MAX_LENGTH = 249;
const SCHEMA_MAX_LENGTH = 200_000;
const CONSUMERS_MAX = 50;
const CONSUMER_GROUP_PATTERN = /^[A-Za-z0-9._-]{1,249}$/;
const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;
const MIB = 1024 * 1024;

/** Passed as `absent` when a missing value is a violation. */
const REQUIRED = Symbol('required');
/** What a missing value means: a violation, nothing, or a default. */
type Absent<T> = T | undefined | typeof REQUIRED;

// Each Record lists every key of its type, so the compiler flags a field added to the type only.
const REQUEST_FIELDS: Record<keyof TopicRequestInput, true> = {
  domain: true,
  subdomain: true,
  name: true,
  version: true,
  environment: true,
  owner: true,
  system: true,
  description: true,
  partitions: true,
  replicationFactor: true,
  retentionPreset: true,
  retentionMs: true,
  cleanupPolicy: true,
  classification: true,
  criticality: true,
  quotaTier: true,
  schema: true,
  consumers: true,
};
const SCHEMA_FIELDS: Record<keyof TopicSchemaInput, true> = {
  type: true,
  value: true,
  key: true,
};
const CONSUMER_FIELDS: Record<keyof TopicConsumerInput, true> = {
  group: true,
  consumerGroup: true,
  component: true,
};

type RefKind = 'group' | 'system' | 'component';
const REF_EXAMPLES: Record<RefKind, string> = {
  group: 'group:default/team-payments',
  system: 'system:default/payments',
  component: 'component:default/payments-api',
};
// Backstage entity names and namespaces: 1-63 of [a-z0-9-_.], starting and ending alphanumeric.
const REF_NAME = '[a-z0-9](?:[-a-z0-9_.]{0,61}[a-z0-9])?';
const ENTITY_REF = new RegExp(
  `^(?:([a-z][a-z0-9]*):)?(?:(${REF_NAME})/)?(${REF_NAME})$`,
);

/**
 * `<kind>:<namespace>/<name>`, `<kind>:<name>`, `<namespace>/<name>` or `<name>` →
 * `<kind>:<namespace>/<name>` in lower case (namespace `default` when omitted); undefined when
 * the ref is malformed or names another kind.
 * @public
 */
export function normalizeEntityRef(
  ref: string,
  kind: RefKind,
): string | undefined {
  const match = ENTITY_REF.exec(ref.trim().toLowerCase());
  if (!match) return undefined;
  const [, refKind = kind, namespace = 'default', name] = match;
  return refKind === kind ? `${kind}:${namespace}/${name}` : undefined;
}

/** `<domain>[.<subdomain>].<name>[.v<N>]`. @public */
export function topicNameOf(parts: {
  domain: string;
  subdomain?: string;
  name: string;
  version?: number;
}): string {
  const { domain, subdomain, name, version } = parts;
  const suffix = version === undefined ? undefined : `v${version}`;
  return [domain, subdomain, name, suffix].filter(Boolean).join('.');
}

/** The roles that must each approve a request, from the approval matrix. @public */
export function approvalFor(
  criticality: Criticality,
  tier: EnvironmentTier,
  policy: KafkaTaasPolicy,
): ApprovalRequirement {
  const roles = policy.approvals.matrix[criticality][tier].map(role => {
    const { title, groups } = policy.approvals.roles[role] ?? {
      title: role,
      groups: [],
    };
    return { role, title, groups };
  });
  return { required: roles.length > 0, roles };
}

/**
 * Checks a request against the policy and applies its defaults. Reports every violation at
 * once and never throws: the input may be anything a form or an HTTP client sent.
 * @public
 */
export function evaluateTopicRequest(
  input: TopicRequestInput,
  policy: KafkaTaasPolicy,
): TopicRequestEvaluation {
  const out: PolicyViolation[] = [];
  const request: unknown = input;
  const fields = isRecord(request) ? request : {};
  unknownFields(out, '', fields, REQUEST_FIELDS);

  const { naming } = policy;
  const domain = oneOf(out, 'domain', fields.domain, naming.domains, REQUIRED);
  const subdomain = namePart(
    out,
    'subdomain',
    fields.subdomain,
    naming,
    undefined,
  );
  const name = namePart(out, 'name', fields.name, naming, REQUIRED);
  const version = integer(out, 'version', fields.version, {
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    absent: naming.requireVersion ? REQUIRED : undefined,
    allowed: 'a whole number of at least 1',
  });
  const topicName =
    domain && name && !hasViolation(out, 'subdomain', 'version')
      ? topicNameOf({ domain, subdomain, name, version })
      : undefined;
  if (topicName) checkTopicName(out, topicName, naming.reservedPrefixes);

  const environment = oneOf(
    out,
    'environment',
    fields.environment,
    Object.keys(policy.environments),
    REQUIRED,
  );
  const env =
    environment === undefined ? undefined : policy.environments[environment];
  const owner = principalGroup(out, 'owner', fields.owner, policy);
  const system = entityRef(out, 'system', fields.system, 'system', undefined);
  const description = checkDescription(out, fields.description, policy);

  const { defaults } = policy;
  const criticality = oneOf(
    out,
    'criticality',
    fields.criticality,
    policy.criticalities,
    defaults.criticality,
  );
  const classification = oneOf(
    out,
    'classification',
    fields.classification,
    policy.classifications,
    defaults.classification,
  );
  const cleanupPolicy = oneOf(
    out,
    'cleanupPolicy',
    fields.cleanupPolicy,
    policy.cleanupPolicies,
    defaults.cleanupPolicy,
  );
  const quotaTier = oneOf(
    out,
    'quotaTier',
    fields.quotaTier,
    Object.keys(policy.quotaTiers),
    defaults.quotaTier,
  );

  const critical = criticality === 'critical';
  const p = policy.partitions;
  const partitions = integer(out, 'partitions', fields.partitions, {
    ...p,
    absent: critical ? Math.max(p.default, p.criticalMin) : p.default,
  });
  if (critical && partitions !== undefined && partitions < p.criticalMin) {
    const allowed = `${range(p.criticalMin, p.max)} for critical topics`;
    report(
      out,
      'partitions',
      'criticalMin',
      allowed,
      `must be at least ${p.criticalMin} for a critical topic`,
      show(partitions),
    );
  }

  const prod = env?.tier === 'prod';
  const rf = policy.replicationFactor;
  const replicationFactor = integer(
    out,
    'replicationFactor',
    fields.replicationFactor,
    {
      ...rf,
      absent: prod ? Math.max(rf.default, rf.prodMin) : rf.default,
    },
  );
  if (
    prod &&
    replicationFactor !== undefined &&
    replicationFactor < rf.prodMin
  ) {
    const allowed = `${range(rf.prodMin, rf.max)} in prod`;
    report(
      out,
      'replicationFactor',
      'prodMin',
      allowed,
      `must be at least ${rf.prodMin} in a prod environment`,
      show(replicationFactor),
    );
  }

  const retention = policy.retention;
  const retentionMs = integer(out, 'retentionMs', fields.retentionMs, {
    min: retention.minMs,
    max: retention.maxMs,
    absent: undefined,
    allowed: `${range(retention.minMs, retention.maxMs)} ms (${duration(
      retention.minMs,
    )} to ${duration(retention.maxMs)})`,
  });
  const preset = oneOf(
    out,
    'retentionPreset',
    fields.retentionPreset,
    Object.keys(retention.presets),
    undefined,
  );

  const schema = checkSchema(out, fields.schema, policy, env?.tier);
  const consumers = checkConsumers(out, fields.consumers, policy);

  const approval =
    criticality && env ? approvalFor(criticality, env.tier, policy) : undefined;
  const values = {
    topicName,
    environment,
    env,
    owner,
    description,
    partitions,
    replicationFactor,
    cleanupPolicy,
    classification,
    criticality,
    quotaTier,
  };
  if (out.length > 0 || !allDefined(values)) {
    return { violations: out, topicName, approval };
  }

  const resolvedMs =
    retentionMs ??
    (preset ? retention.presets[preset].ms : retention.defaultMs);
  const compatibility = critical
    ? policy.schema.criticalCompatibility
    : policy.schema.defaultCompatibility;
  const resolved: ResolvedTopicRequest = {
    topicName: values.topicName,
    environment: values.environment,
    cluster: values.env.cluster,
    tier: values.env.tier,
    owner: values.owner.group,
    ...(system && { system }),
    description: values.description,
    partitions: values.partitions,
    replicationFactor: values.replicationFactor,
    retentionMs: resolvedMs,
    cleanupPolicy: values.cleanupPolicy,
    classification: values.classification,
    criticality: values.criticality,
    quotaTier: values.quotaTier,
    configs: {
      'retention.ms': String(resolvedMs),
      'cleanup.policy': values.cleanupPolicy,
      'min.insync.replicas': values.replicationFactor >= 3 ? '2' : '1',
    },
    ...(schema && {
      schema: {
        type: schema.type,
        compatibility,
        subjects: {
          value: `${values.topicName}-value`,
          ...(schema.key !== undefined && { key: `${values.topicName}-key` }),
        },
        value: schema.value,
        ...(schema.key !== undefined && { key: schema.key }),
      },
    }),
    ownerPrincipal: values.owner.principal,
    consumers,
  };
  return { violations: out, topicName, approval, resolved };
}

/**
 * The exact provisioning steps for a resolved request, in the order they run: topic, schema
 * (only with a schema), ACLs, quotas (only when the owner has a principal), done.
 * @public
 */
export function planProvisioning(
  resolved: ResolvedTopicRequest,
  policy: KafkaTaasPolicy,
): ProvisioningStep[] {
  const {
    topicName: topic,
    cluster,
    partitions,
    replicationFactor,
    ownerPrincipal,
  } = resolved;
  const steps: ProvisioningStep[] = [
    {
      id: 'topic',
      title: `Create topic ${topic} on cluster ${cluster} with ${partitions} partitions and replication factor ${replicationFactor}`,
      cluster,
      topic,
      partitions,
      replicationFactor,
      configs: resolved.configs,
    },
  ];

  if (resolved.schema) steps.push(schemaStep(resolved.schema, cluster));

  const acls = aclsFor(resolved);
  const principals = [...new Set(acls.map(acl => acl.principal))];
  steps.push({
    id: 'acls',
    title: `Create ${acls.length} ACLs for ${principals.join(', ')}`,
    cluster,
    acls,
  });

  if (ownerPrincipal) {
    const tier = resolved.quotaTier;
    const quota = policy.quotaTiers[tier];
    steps.push({
      id: 'quotas',
      title: `Set the ${tier} quota for ${ownerPrincipal}: ${describeQuota(
        quota,
      )}`,
      cluster,
      principal: ownerPrincipal,
      tier,
      quota,
    });
  }

  steps.push({
    id: 'done',
    title:
      'Record the result, add the topic to the catalog and notify the requester',
  });
  return steps;
}

function schemaStep(
  schema: NonNullable<ResolvedTopicRequest['schema']>,
  cluster: string,
): ProvisioningStep {
  const { type, compatibility, subjects } = schema;
  const names =
    subjects.key === undefined
      ? [subjects.value]
      : [subjects.value, subjects.key];
  return {
    id: 'schema',
    title: `Register the ${type} schema as ${names.join(
      ' and ',
    )} with ${compatibility} compatibility`,
    cluster,
    subjects: names.map(subject => ({ subject, type, compatibility })),
  };
}

const CHANGE_FIELDS: {
  [K in TopicChangeKind]: Record<
    keyof Extract<TopicChangeInput, { kind: K }>,
    true
  >;
} = {
  access: {
    kind: true,
    topic: true,
    environment: true,
    group: true,
    consumerGroup: true,
    component: true,
    reason: true,
  },
  delete: {
    kind: true,
    topic: true,
    environment: true,
    reason: true,
    force: true,
  },
  schema: { kind: true, topic: true, environment: true, schema: true },
};
const REASON_LENGTH = { min: 10, max: 1000 };

/**
 * Checks a change to an existing topic against the policy. `current` is the topic as its ready
 * requests left it on the input's environment (see `currentTopicState`), undefined when the
 * platform did not provision it there. Reports every violation and never throws.
 * @public
 */
export function evaluateTopicChange(
  input: TopicChangeInput,
  current: ResolvedTopicRequest | undefined,
  policy: KafkaTaasPolicy,
): TopicChangeEvaluation {
  const out: PolicyViolation[] = [];
  const request: unknown = input;
  const fields = isRecord(request) ? request : {};
  const kind = oneOf(out, 'kind', fields.kind, TOPIC_CHANGE_KINDS, REQUIRED);
  if (!kind) return { violations: out, steps: [] };
  unknownFields(out, '', fields, CHANGE_FIELDS[kind]);
  const topic = string(
    out,
    'topic',
    fields.topic,
    'the full name of a topic provisioned through Kafka TaaS',
    REQUIRED,
  );
  const environments = Object.keys(policy.environments);
  const environment = oneOf(
    out,
    'environment',
    fields.environment,
    environments,
    REQUIRED,
  );
  if (topic !== undefined && environment !== undefined && !current) {
    report(
      out,
      'topic',
      'managed',
      `a topic provisioned through Kafka TaaS on ${environment}`,
      `is not a topic provisioned through Kafka TaaS on ${environment}`,
      show(topic),
    );
  }
  if (kind !== 'schema') checkReason(out, fields.reason);
  const ownerRole = (owner: string) => ({
    role: 'owner',
    title: 'Owning team',
    groups: [owner],
  });

  if (kind === 'access') {
    const [consumer] = checkConsumer(out, '', fields, policy);
    // A missing reason is already reported: go on, to report every violation at once.
    if (!current || !consumer) return { violations: out, steps: [] };
    if (consumer.group === current.owner) {
      report(
        out,
        'group',
        'notOwner',
        `a group other than ${current.owner}, which owns the topic and already reads it`,
        'already owns the topic',
        show(consumer.group),
      );
    }
    if (
      current.consumers.some(
        c =>
          c.group === consumer.group &&
          c.consumerGroup === consumer.consumerGroup,
      )
    ) {
      report(
        out,
        'consumerGroup',
        'unique',
        `a consumer group ${consumer.group} does not already read ${current.topicName} with`,
        'already reads the topic',
        show(consumer.consumerGroup),
      );
    }
    const approval = { required: true, roles: [ownerRole(current.owner)] };
    if (out.length > 0) return { violations: out, approval, steps: [] };
    const resolved = {
      ...current,
      consumers: [...current.consumers, consumer],
    };
    const acls = consumerAcls(
      consumer.principal,
      current.topicName,
      consumer.consumerGroup,
    );
    return {
      violations: out,
      approval,
      resolved,
      steps: [
        {
          id: 'acls',
          title: `Grant ${consumer.group} (${consumer.principal}) READ on topic ${current.topicName} and consumer group ${consumer.consumerGroup}`,
          cluster: current.cluster,
          acls,
        },
        {
          id: 'done',
          title:
            'Record the grant, add the reader to the catalog entity and notify the requester',
        },
      ],
    };
  }

  if (kind === 'delete') {
    const force = optionalBoolean(out, 'force', fields.force) ?? false;
    if (!current) return { violations: out, steps: [] };
    const matrix = approvalFor(current.criticality, current.tier, policy);
    // Deleting is never automatic: the owning team approves when the matrix asks for nobody.
    const approval = matrix.required
      ? matrix
      : { required: true, roles: [ownerRole(current.owner)] };
    if (out.length > 0) return { violations: out, approval, steps: [] };
    const { topicName: name, cluster } = current;
    const steps: ProvisioningStep[] = [
      {
        id: 'consumers',
        title: force
          ? `Delete ${name} even if consumer groups are active (forced by a platform admin)`
          : `Check that no consumer group is active on ${name}`,
        cluster,
        topic: name,
        force,
      },
      {
        id: 'delete-topic',
        title: `Delete topic ${name} from cluster ${cluster}`,
        cluster,
        topic: name,
      },
      {
        id: 'delete-acls',
        title: `Remove the ACLs on topic ${name}`,
        cluster,
        topic: name,
      },
    ];
    if (current.schema) {
      const subjects = Object.values(current.schema.subjects);
      steps.push({
        id: 'delete-schemas',
        title: `Delete the subjects ${subjects.join(
          ', ',
        )} (soft delete: the registry keeps their versions)`,
        cluster,
        subjects,
      });
    }
    steps.push({
      id: 'done',
      title:
        'Record the deletion, remove the topic from the catalog and notify the requester',
    });
    return { violations: out, approval, resolved: current, steps };
  }

  const schema = checkSchema(out, fields.schema, policy, current?.tier);
  if (!schema && !hasViolation(out, 'schema', 'schema.type', 'schema.value')) {
    report(
      out,
      'schema.type',
      'schemaRequired',
      policy.schema.types.filter(t => t !== 'none').join(', '),
      'must name a schema to register',
      show(isRecord(fields.schema) ? fields.schema.type : undefined),
    );
  }
  if (!current || !schema) return { violations: out, steps: [] };
  if (current.schema && schema.type !== current.schema.type) {
    report(
      out,
      'schema.type',
      'sameType',
      current.schema.type,
      `cannot change the type of the topic's existing ${current.schema.type} subjects`,
      show(schema.type),
    );
  }
  const approval = approvalFor(current.criticality, current.tier, policy);
  if (out.length > 0) return { violations: out, approval, steps: [] };
  const key = schema.key ?? current.schema?.key;
  const newSchema: NonNullable<ResolvedTopicRequest['schema']> = {
    type: schema.type,
    compatibility:
      current.schema?.compatibility ??
      (current.criticality === 'critical'
        ? policy.schema.criticalCompatibility
        : policy.schema.defaultCompatibility),
    subjects: {
      value: `${current.topicName}-value`,
      ...(key !== undefined && { key: `${current.topicName}-key` }),
    },
    value: schema.value,
    ...(key !== undefined && { key }),
  };
  return {
    violations: out,
    approval,
    resolved: { ...current, schema: newSchema },
    steps: [
      schemaStep(newSchema, current.cluster),
      {
        id: 'done',
        title: 'Record the new version and notify the requester',
      },
    ],
  };
}

function aclsFor(resolved: ResolvedTopicRequest): AclBindingPlan[] {
  const topic = resolved.topicName;
  const acls: AclBindingPlan[] = [];
  const grant = (
    principal: string,
    resourceType: AclBindingPlan['resourceType'],
    resourceName: string,
    operations: AclBindingPlan['operation'][],
  ) => {
    for (const operation of operations) {
      acls.push({ principal, resourceType, resourceName, operation });
    }
  };
  if (resolved.ownerPrincipal) {
    grant(resolved.ownerPrincipal, 'topic', topic, [
      'write',
      'read',
      'describe',
    ]);
  }
  for (const { principal, consumerGroup } of resolved.consumers) {
    if (principal) acls.push(...consumerAcls(principal, topic, consumerGroup));
  }
  const unique = new Map(acls.map(acl => [Object.values(acl).join(' '), acl]));
  return [...unique.values()];
}

/** What a reader needs: READ and DESCRIBE on the topic, READ on its consumer group. */
function consumerAcls(
  principal: string,
  topic: string,
  consumerGroup: string,
): AclBindingPlan[] {
  return [
    {
      principal,
      resourceType: 'topic',
      resourceName: topic,
      operation: 'read',
    },
    {
      principal,
      resourceType: 'topic',
      resourceName: topic,
      operation: 'describe',
    },
    {
      principal,
      resourceType: 'group',
      resourceName: consumerGroup,
      operation: 'read',
    },
  ];
}

function checkReason(out: PolicyViolation[], value: unknown) {
  const { min, max } = REASON_LENGTH;
  const allowed = `${min}-${max} characters saying why`;
  const reason = string(out, 'reason', value, allowed, REQUIRED)?.trim();
  if (reason !== undefined)
    lengthBetween(out, 'reason', reason, { min, max, allowed });
}

/** An optional boolean, false when absent. */
function optionalBoolean(
  out: PolicyViolation[],
  field: string,
  value: unknown,
) {
  if (isAbsent(value)) return false;
  if (typeof value === 'boolean') return value;
  report(out, field, 'type', 'true or false', 'must be a boolean', show(value));
  return undefined;
}

function describeQuota(quota: QuotaTier): string {
  const mib = (bytes: number) => `${Number((bytes / MIB).toFixed(2))} MiB/s`;
  const parts = [
    quota.producerByteRate !== undefined &&
      `produce ${mib(quota.producerByteRate)}`,
    quota.consumerByteRate !== undefined &&
      `consume ${mib(quota.consumerByteRate)}`,
    quota.requestPercentage !== undefined &&
      `${quota.requestPercentage}% request time`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'unlimited';
}

// ---- field checks: each reports what is wrong and returns the valid value, or undefined ----

function report(
  out: PolicyViolation[],
  field: string,
  rule: string,
  allowed: string,
  problem: string,
  got?: string,
) {
  const suffix = got === undefined ? '' : `; got ${got}`;
  out.push({
    field,
    rule,
    allowed,
    message: `${field} ${problem} (allowed: ${allowed})${suffix}.`,
  });
}

function hasViolation(out: PolicyViolation[], ...fields: string[]) {
  return out.some(violation => fields.includes(violation.field));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Forms send empty strings and JSON sends null for fields left blank. */
function isAbsent(value: unknown) {
  return value === undefined || value === null || value === '';
}

/** Whether every value is defined, narrowing their types. */
function allDefined<T extends object>(
  values: T,
): values is { [K in keyof T]: NonNullable<T[K]> } {
  return Object.values(values).every(value => value !== undefined);
}

function show(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function range(min: number, max: number) {
  return min === max ? `${min}` : `${min}-${max}`;
}

function duration(ms: number) {
  const [count, unit] =
    ms % DAY_MS === 0 ? [ms / DAY_MS, 'day'] : [ms / HOUR_MS, 'hour'];
  return `${Number(count.toFixed(2))} ${unit}${count === 1 ? '' : 's'}`;
}

function allowedValues(field: string, options: readonly string[]) {
  return options.length > 0
    ? `one of ${options.join(', ')}`
    : `none: no ${field} is configured`;
}

function whenAbsent<T>(
  out: PolicyViolation[],
  field: string,
  allowed: string,
  absent: Absent<T>,
) {
  if (absent !== REQUIRED) return absent;
  report(out, field, 'required', allowed, 'is required');
  return undefined;
}

function unknownFields(
  out: PolicyViolation[],
  prefix: string,
  fields: Record<string, unknown>,
  known: Record<string, true>,
) {
  const allowed = `the fields ${Object.keys(known).join(', ')}`;
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined && !Object.hasOwn(known, key)) {
      report(
        out,
        `${prefix}${key}`,
        'unknownField',
        allowed,
        'is not a known field',
      );
    }
  }
}

function string(
  out: PolicyViolation[],
  field: string,
  value: unknown,
  allowed: string,
  absent: Absent<string>,
): string | undefined {
  if (isAbsent(value)) return whenAbsent(out, field, allowed, absent);
  if (typeof value === 'string') return value;
  report(out, field, 'type', allowed, 'must be a string', show(value));
  return undefined;
}

function oneOf<T extends string>(
  out: PolicyViolation[],
  field: string,
  value: unknown,
  options: readonly T[],
  absent: Absent<T>,
): T | undefined {
  const allowed = allowedValues(field, options);
  if (isAbsent(value)) return whenAbsent(out, field, allowed, absent);
  const text = string(out, field, value, allowed, undefined);
  if (text === undefined) return undefined;
  const match = options.find(option => option === text);
  if (match === undefined) {
    report(out, field, 'enum', allowed, 'is not an allowed value', show(text));
  }
  return match;
}

function integer(
  out: PolicyViolation[],
  field: string,
  value: unknown,
  {
    min,
    max,
    absent,
    allowed = range(min, max),
  }: { min: number; max: number; absent: Absent<number>; allowed?: string },
): number | undefined {
  if (isAbsent(value)) return whenAbsent(out, field, allowed, absent);
  const got = show(value);
  if (typeof value !== 'number') {
    report(out, field, 'type', allowed, 'must be a number', got);
  } else if (!Number.isInteger(value)) {
    report(out, field, 'integer', allowed, 'must be a whole number', got);
  } else if (value < min) {
    report(out, field, 'min', allowed, `must be at least ${min}`, got);
  } else if (value > max) {
    report(out, field, 'max', allowed, `must be at most ${max}`, got);
  } else {
    return value;
  }
  return undefined;
}

function lengthBetween(
  out: PolicyViolation[],
  field: string,
  text: string,
  { min, max, allowed }: { min: number; max: number; allowed: string },
) {
  const got = `${text.length} characters`;
  if (text.length < min) {
    const problem = `must be at least ${min} characters long`;
    report(out, field, 'minLength', allowed, problem, got);
  }
  if (text.length > max) {
    const problem = `must be at most ${max} characters long`;
    report(out, field, 'maxLength', allowed, problem, got);
  }
}

function namePart(
  out: PolicyViolation[],
  field: string,
  value: unknown,
  naming: KafkaTaasPolicy['naming'],
  absent: Absent<string>,
): string | undefined {
  const { namePattern, nameMinLength: min, nameMaxLength: max } = naming;
  const isDefault = namePattern === DEFAULT_POLICY.naming.namePattern;
  const words = isDefault
    ? 'lowercase letters, digits and hyphens, starting with a letter'
    : `matching /${namePattern}/`;
  const lengths = `${min}-${max} characters`;
  const text = string(out, field, value, `${words}; ${lengths}`, absent);
  if (text === undefined) return undefined;
  const before = out.length;
  if (!new RegExp(namePattern).test(text)) {
    const problem = isDefault
      ? defaultPatternProblem(text)
      : `does not match /${namePattern}/`;
    report(out, field, 'pattern', words, problem, show(text));
  }
  lengthBetween(out, field, text, { min, max, allowed: lengths });
  return out.length === before ? text : undefined;
}

/** Which character breaks `^[a-z][a-z0-9-]*$`. */
function defaultPatternProblem(text: string) {
  const [first, ...rest] = Array.from(text);
  if (!/^[a-z]$/.test(first)) {
    return `must start with a lowercase letter, not ${JSON.stringify(first)}`;
  }
  const bad = rest.find(char => !/^[a-z0-9-]$/.test(char));
  return `must not contain ${JSON.stringify(bad)}`;
}

function checkTopicName(
  out: PolicyViolation[],
  topicName: string,
  reservedPrefixes: string[],
) {
  if (topicName.length > TOPIC_NAME_MAX_LENGTH) {
    report(
      out,
      'topicName',
      'maxLength',
      `at most ${TOPIC_NAME_MAX_LENGTH} characters`,
      `${topicName} is longer than Kafka allows`,
      `${topicName.length} characters`,
    );
  }
  const prefix = reservedPrefixes.find(reserved =>
    topicName.startsWith(reserved),
  );
  if (prefix !== undefined) {
    const allowed = `a name not starting with ${reservedPrefixes.join(', ')}`;
    report(
      out,
      'topicName',
      'reservedPrefix',
      allowed,
      `${topicName} starts with the reserved prefix ${JSON.stringify(prefix)}`,
    );
  }
}

function entityRef(
  out: PolicyViolation[],
  field: string,
  value: unknown,
  kind: RefKind,
  absent: Absent<string>,
): string | undefined {
  const allowed = `a ${kind} entity ref such as ${REF_EXAMPLES[kind]}`;
  const text = string(out, field, value, allowed, absent);
  if (text === undefined) return undefined;
  const ref = normalizeEntityRef(text, kind);
  if (!ref) {
    const problem = `is not a ${kind} entity ref`;
    report(out, field, 'entityRef', allowed, problem, show(text));
  }
  return ref;
}

/** A required group ref that has a Kafka principal. */
function principalGroup(
  out: PolicyViolation[],
  field: string,
  value: unknown,
  policy: KafkaTaasPolicy,
): { group: string; principal: string } | undefined {
  const group = entityRef(out, field, value, 'group', REQUIRED);
  if (!group) return undefined;
  const principal = policy.principals[group];
  if (principal) return { group, principal };
  const groups = Object.keys(policy.principals);
  const allowed =
    groups.length > 0
      ? `a group with a Kafka principal: ${groups.join(', ')}`
      : 'none: no group has a Kafka principal configured';
  report(
    out,
    field,
    'principal',
    allowed,
    `${group} has no Kafka principal for its ACLs and quotas`,
  );
  return undefined;
}

function checkDescription(
  out: PolicyViolation[],
  value: unknown,
  policy: KafkaTaasPolicy,
) {
  const { minLength: min, maxLength: max } = policy.description;
  const allowed = `${min}-${max} characters`;
  const text = string(out, 'description', value, allowed, REQUIRED);
  const description = text?.trim();
  if (description !== undefined) {
    lengthBetween(out, 'description', description, { min, max, allowed });
  }
  return description;
}

function checkSchema(
  out: PolicyViolation[],
  value: unknown,
  policy: KafkaTaasPolicy,
  tier: EnvironmentTier | undefined,
) {
  const schema = isAbsent(value) ? {} : value;
  if (!isRecord(schema)) {
    report(
      out,
      'schema',
      'type',
      'an object with type, value and key',
      'must be an object',
      show(schema),
    );
    return undefined;
  }
  unknownFields(out, 'schema.', schema, SCHEMA_FIELDS);
  const { types, noneAllowedIn } = policy.schema;
  const type = oneOf(
    out,
    'schema.type',
    schema.type,
    types,
    policy.defaults.schemaType,
  );
  if (type === undefined) return undefined;
  if (type === 'none') {
    if (tier && !noneAllowedIn.includes(tier)) {
      const real = types.filter(t => t !== 'none').join(', ');
      const allowed =
        noneAllowedIn.length > 0
          ? `${real}; none only in ${noneAllowedIn.join(', ')}`
          : real;
      report(
        out,
        'schema.type',
        'schemaRequired',
        allowed,
        `must name a schema in a ${tier} environment`,
        show(type),
      );
    }
    return undefined;
  }
  const allowed = `the ${type} schema text, at most ${SCHEMA_MAX_LENGTH} characters`;
  const schemaText = (field: 'value' | 'key', absent: Absent<string>) => {
    const text = string(out, `schema.${field}`, schema[field], allowed, absent);
    if (text === undefined) return undefined;
    if (text.trim() === '') {
      return whenAbsent(out, `schema.${field}`, allowed, absent);
    }
    if (text.length <= SCHEMA_MAX_LENGTH) return text;
    report(
      out,
      `schema.${field}`,
      'maxLength',
      allowed,
      `must be at most ${SCHEMA_MAX_LENGTH} characters long`,
      `${text.length} characters`,
    );
    return undefined;
  };
  const schemaValue = schemaText('value', REQUIRED);
  const key = schemaText('key', undefined);
  return schemaValue === undefined
    ? undefined
    : { type, value: schemaValue, key };
}

function checkConsumers(
  out: PolicyViolation[],
  value: unknown,
  policy: KafkaTaasPolicy,
) {
  if (isAbsent(value)) return [];
  if (!Array.isArray(value)) {
    report(
      out,
      'consumers',
      'type',
      `a list of at most ${CONSUMERS_MAX} consumers`,
      'must be a list',
      show(value),
    );
    return [];
  }
  if (value.length > CONSUMERS_MAX) {
    report(
      out,
      'consumers',
      'maxItems',
      `at most ${CONSUMERS_MAX} consumers`,
      `must list at most ${CONSUMERS_MAX} consumers`,
      `${value.length}`,
    );
  }
  return value.flatMap((item: unknown, i) => {
    const field = `consumers.${i}`;
    if (!isRecord(item)) {
      report(
        out,
        field,
        'type',
        'an object with group, consumerGroup and component',
        'must be an object',
        show(item),
      );
      return [];
    }
    unknownFields(out, `${field}.`, item, CONSUMER_FIELDS);
    return checkConsumer(out, `${field}.`, item, policy);
  });
}

/** One consumer (fields prefixed by `prefix`): a group with a principal, a consumer group id, optionally a component. */
function checkConsumer(
  out: PolicyViolation[],
  prefix: string,
  item: Record<string, unknown>,
  policy: KafkaTaasPolicy,
): Array<TopicConsumerInput & { principal: string }> {
  const grantee = principalGroup(out, `${prefix}group`, item.group, policy);
  const groupAllowed = 'letters, digits, ".", "_" and "-", 1-249 characters';
  const consumerGroup = string(
    out,
    `${prefix}consumerGroup`,
    item.consumerGroup,
    groupAllowed,
    REQUIRED,
  );
  if (
    consumerGroup !== undefined &&
    !CONSUMER_GROUP_PATTERN.test(consumerGroup)
  ) {
    report(
      out,
      `${prefix}consumerGroup`,
      'pattern',
      groupAllowed,
      'is not a valid Kafka consumer group id',
      show(consumerGroup),
    );
  }
  const component = entityRef(
    out,
    `${prefix}component`,
    item.component,
    'component',
    undefined,
  );
  if (!grantee || consumerGroup === undefined) return [];
  return [
    {
      group: grantee.group,
      consumerGroup,
      ...(component && { component }),
      principal: grantee.principal,
    },
  ];
}
