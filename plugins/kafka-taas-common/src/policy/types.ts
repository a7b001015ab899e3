/** Tiers the approval matrix is written for. Each environment has one. @public */
export const ENVIRONMENT_TIERS = ['dev', 'staging', 'prod'] as const;
/** @public */
export type EnvironmentTier = (typeof ENVIRONMENT_TIERS)[number];

/** @public */
export const CLASSIFICATIONS = [
  'public',
  'internal',
  'confidential',
  'restricted',
] as const;
/** @public */
export type Classification = (typeof CLASSIFICATIONS)[number];

/** @public */
export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
/** @public */
export type Criticality = (typeof CRITICALITIES)[number];

/** @public */
export const CLEANUP_POLICIES = [
  'delete',
  'compact',
  'compact,delete',
] as const;
/** @public */
export type CleanupPolicy = (typeof CLEANUP_POLICIES)[number];

/** @public */
export const SCHEMA_TYPES = ['avro', 'json', 'protobuf', 'none'] as const;
/** @public */
export type SchemaType = (typeof SCHEMA_TYPES)[number];

/** Schema registry compatibility levels. @public */
export const COMPATIBILITY_LEVELS = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
] as const;
/** @public */
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

/** A consumer named in a request: it gets READ on the topic and on its consumer group. @public */
export interface TopicConsumerInput {
  /** Catalog group that runs the consumer; its Kafka principal comes from `kafkaTaas.principals`. */
  group: string;
  /** The Kafka consumer group id the consumer commits offsets with. */
  consumerGroup: string;
  /** The catalog component that consumes, for relations (optional). */
  component?: string;
}

/** The schema of the topic's values (and optionally keys). @public */
export interface TopicSchemaInput {
  type: SchemaType;
  /** The value schema text (Avro JSON, JSON Schema or a .proto file). Required unless type is none. */
  value?: string;
  /** An optional key schema, same type. */
  key?: string;
}

/**
 * What a team asks for. Only identity, environment, owner and description are required;
 * everything else falls back to the policy's defaults.
 * @public
 */
export interface TopicRequestInput {
  domain: string;
  subdomain?: string;
  /** The name part: `^[a-z][a-z0-9-]*$` by default. */
  name: string;
  /** The `.v<N>` suffix; required when the policy says so. */
  version?: number;
  environment: string;
  /** Catalog group ref of the owning team, e.g. `group:default/team-payments`. */
  owner: string;
  /** Catalog system ref, e.g. `system:default/payments`. */
  system?: string;
  description: string;
  partitions?: number;
  replicationFactor?: number;
  /** A key of `policy.retention.presets`; ignored when `retentionMs` is given. */
  retentionPreset?: string;
  retentionMs?: number;
  cleanupPolicy?: CleanupPolicy;
  classification?: Classification;
  criticality?: Criticality;
  quotaTier?: string;
  schema?: TopicSchemaInput;
  consumers?: TopicConsumerInput[];
}

/** Byte rates in bytes per second; a missing value means no limit. @public */
export interface QuotaTier {
  producerByteRate?: number;
  consumerByteRate?: number;
  /** Percentage of one broker thread's time, as Kafka's `request_percentage`. */
  requestPercentage?: number;
}

/** The whole policy, as `GET /api/kafka-taas/policy` returns it and the engine reads it. @public */
export interface KafkaTaasPolicy {
  naming: {
    domains: string[];
    /** Regular expression (source) each of subdomain and name must match. */
    namePattern: string;
    nameMinLength: number;
    nameMaxLength: number;
    requireVersion: boolean;
    /** Full-name prefixes nobody may request (e.g. `_`, `__`, `connect-`). */
    reservedPrefixes: string[];
  };
  partitions: {
    min: number;
    max: number;
    default: number;
    criticalMin: number;
  };
  replicationFactor: {
    min: number;
    max: number;
    default: number;
    prodMin: number;
  };
  retention: {
    defaultMs: number;
    minMs: number;
    maxMs: number;
    presets: Record<string, { title: string; ms: number }>;
  };
  cleanupPolicies: CleanupPolicy[];
  description: { minLength: number; maxLength: number };
  classifications: Classification[];
  criticalities: Criticality[];
  defaults: {
    classification: Classification;
    criticality: Criticality;
    cleanupPolicy: CleanupPolicy;
    schemaType: SchemaType;
    quotaTier: string;
  };
  schema: {
    types: SchemaType[];
    defaultCompatibility: CompatibilityLevel;
    criticalCompatibility: CompatibilityLevel;
    /** Tiers where `NONE` compatibility (or no schema) is allowed. */
    noneAllowedIn: EnvironmentTier[];
  };
  /** Environment name → the cluster that serves it and its tier. */
  environments: Record<string, { cluster: string; tier: EnvironmentTier }>;
  quotaTiers: Record<string, QuotaTier>;
  approvals: {
    /** criticality → tier → the roles that must each approve; empty means automatic. */
    matrix: Record<Criticality, Record<EnvironmentTier, string[]>>;
    /** role → the catalog groups whose members hold it. */
    roles: Record<string, { title: string; groups: string[] }>;
    /** Undecided requests expire after this many days. */
    expireAfterDays: number;
  };
  /** Catalog group ref → Kafka principal (`User:payments-svc`). */
  principals: Record<string, string>;
}

/** One broken rule. @public */
export interface PolicyViolation {
  /** The request field, dotted (`schema.value`, `consumers.0.group`). */
  field: string;
  /** A stable rule id (`pattern`, `min`, `max`, `enum`, `required`, ...). */
  rule: string;
  /** What is allowed, in words (`1-100`, `one of dev, prod`). */
  allowed?: string;
  /** A sentence a user can act on. */
  message: string;
}

/** Values the policy derives from a request, with every default applied. @public */
export interface ResolvedTopicRequest {
  topicName: string;
  environment: string;
  cluster: string;
  tier: EnvironmentTier;
  owner: string;
  system?: string;
  description: string;
  partitions: number;
  replicationFactor: number;
  retentionMs: number;
  cleanupPolicy: CleanupPolicy;
  classification: Classification;
  criticality: Criticality;
  quotaTier: string;
  /** Kafka topic configs as strings, as CreateTopics takes them. */
  configs: Record<string, string>;
  schema?: {
    type: Exclude<SchemaType, 'none'>;
    compatibility: CompatibilityLevel;
    subjects: { value: string; key?: string };
    value: string;
    key?: string;
  };
  /** Kafka principal of the owner group, when configured. */
  ownerPrincipal?: string;
  consumers: Array<TopicConsumerInput & { principal?: string }>;
}

/** Who must approve. @public */
export interface ApprovalRequirement {
  required: boolean;
  /** Each role must approve once. */
  roles: Array<{ role: string; title: string; groups: string[] }>;
}

/** The verdict of the policy engine on a request. @public */
export interface TopicRequestEvaluation {
  violations: PolicyViolation[];
  /** Present only when there are no violations. */
  resolved?: ResolvedTopicRequest;
  /** Present when criticality and environment are valid, even if other fields are not. */
  approval?: ApprovalRequirement;
  /** The full topic name, as soon as its parts are valid (for live previews). */
  topicName?: string;
}

/** A Kafka ACL binding, as the provisioning step creates it. @public */
export interface AclBindingPlan {
  principal: string;
  resourceType: 'topic' | 'group';
  resourceName: string;
  operation: 'read' | 'write' | 'describe';
}

/** The ids of provisioning steps, in the order they run. @public */
export const PROVISIONING_STEP_IDS = [
  'topic',
  'schema',
  'acls',
  'quotas',
  'consumers',
  'delete-topic',
  'delete-acls',
  'delete-schemas',
  'done',
] as const;
/** @public */
export type ProvisioningStepId = (typeof PROVISIONING_STEP_IDS)[number];

/** One step of a provisioning plan, exactly what it will do. @public */
export type ProvisioningStep =
  | {
      id: 'topic';
      title: string;
      cluster: string;
      topic: string;
      partitions: number;
      replicationFactor: number;
      configs: Record<string, string>;
    }
  | {
      id: 'schema';
      title: string;
      cluster: string;
      subjects: Array<{
        subject: string;
        type: Exclude<SchemaType, 'none'>;
        compatibility: CompatibilityLevel;
      }>;
    }
  | { id: 'acls'; title: string; cluster: string; acls: AclBindingPlan[] }
  | {
      id: 'quotas';
      title: string;
      cluster: string;
      principal: string;
      tier: string;
      quota: QuotaTier;
    }
  | {
      /** Deletion only: refuses while consumer groups are active, unless forced. */
      id: 'consumers';
      title: string;
      cluster: string;
      topic: string;
      force: boolean;
    }
  | { id: 'delete-topic'; title: string; cluster: string; topic: string }
  | {
      /** Removes every literal ACL on the topic (consumer group ACLs stay: groups may read other topics). */
      id: 'delete-acls';
      title: string;
      cluster: string;
      topic: string;
    }
  | {
      /** Soft-deletes the subjects: the registry keeps their versions for audit. */
      id: 'delete-schemas';
      title: string;
      cluster: string;
      subjects: string[];
    }
  | { id: 'done'; title: string };

/**
 * A change to a topic that exists through a ready request: a team asks to read it, its owner
 * asks to delete it or to register a new schema version. Each goes through the same policy,
 * approval, provisioning and audit as a new topic.
 * @public
 */
export type TopicChangeInput =
  | {
      kind: 'access';
      /** The full topic name. */
      topic: string;
      environment: string;
      /** The catalog group asking to read; its Kafka principal gets the ACLs. */
      group: string;
      /** The consumer group id the readers will commit offsets with. */
      consumerGroup: string;
      /** The catalog component that will consume, for relations (optional). */
      component?: string;
      reason: string;
    }
  | {
      kind: 'delete';
      topic: string;
      environment: string;
      reason: string;
      /** Delete even while consumer groups are active: platform admins only. */
      force?: boolean;
    }
  | {
      kind: 'schema';
      topic: string;
      environment: string;
      /** The new schema; checked for compatibility with the registry's latest version. */
      schema: TopicSchemaInput;
    };

/** @public */
export const TOPIC_CHANGE_KINDS = ['access', 'delete', 'schema'] as const;
/** @public */
export type TopicChangeKind = (typeof TOPIC_CHANGE_KINDS)[number];

/** The verdict of the policy engine on a change. @public */
export interface TopicChangeEvaluation {
  violations: PolicyViolation[];
  /** Present only when there are no violations: the topic as it will be after the change. */
  resolved?: ResolvedTopicRequest;
  approval?: ApprovalRequirement;
  /** Empty unless there are no violations. */
  steps: ProvisioningStep[];
}
