import type {
  ApprovalRequirement,
  PolicyViolation,
  ProvisioningStep,
  ProvisioningStepId,
  ResolvedTopicRequest,
  TopicChangeInput,
  TopicRequestInput,
} from '../policy/types';

/** What a request does: create a topic, or change one that a ready `create` request made. @public */
export const TOPIC_REQUEST_KINDS = [
  'create',
  'access',
  'delete',
  'schema',
] as const;
/** @public */
export type TopicRequestKind = (typeof TOPIC_REQUEST_KINDS)[number];

/** @public */
export const TOPIC_REQUEST_STATUSES = [
  'pending_approval',
  'approved',
  'provisioning',
  'ready',
  'rejected',
  'expired',
  'failed',
  'deleted',
] as const;
/** @public */
export type TopicRequestStatus = (typeof TOPIC_REQUEST_STATUSES)[number];

/** Statuses in which a request still holds its topic name on its environment. @public */
export const OPEN_TOPIC_REQUEST_STATUSES: readonly TopicRequestStatus[] = [
  'pending_approval',
  'approved',
  'provisioning',
  'failed',
];

/** One approval given for one role. @public */
export interface TopicRequestApproval {
  role: string;
  /** User entity ref of the approver. */
  by: string;
  at: string;
  comment?: string;
}

/**
 * A topic request as the API returns it. Times are ISO 8601. A `create` request that reached
 * `ready` becomes `deleted` when a `delete` request for its topic completes.
 * @public
 */
export interface TopicRequest {
  id: string;
  kind: TopicRequestKind;
  /** For changes: the `create` request of the topic they change. */
  topicRequestId?: string;
  topicName: string;
  environment: string;
  cluster: string;
  owner: string;
  status: TopicRequestStatus;
  /** User entity ref of the requester. */
  requestedBy: string;
  /** As submitted: a TopicRequestInput for `create`, a TopicChangeInput for the other kinds. */
  input: TopicRequestInput | TopicChangeInput;
  /** The topic as it will be once the request is done. */
  resolved: ResolvedTopicRequest;
  plan: ProvisioningStep[];
  approval: ApprovalRequirement;
  approvals: TopicRequestApproval[];
  completedSteps: ProvisioningStepId[];
  /** Set while failed: the step that failed and why. */
  failedStep?: ProvisioningStepId;
  error?: string;
  /** Set when rejected. */
  rejectionReason?: string;
  createdAt: string;
  updatedAt: string;
  /** When an undecided request expires. */
  expiresAt: string;
}

/** Audit trail entry: every state change, decision and provisioning step. @public */
export interface TopicRequestEvent {
  id: number;
  requestId: string;
  type:
    | 'created'
    | 'approved'
    | 'rejected'
    | 'expired'
    | 'provisioning-started'
    | 'step-completed'
    | 'step-failed'
    | 'retried'
    | 'ready'
    | 'deleted';
  /** User entity ref, or `system` for the executor and the expiry task. */
  actor: string;
  at: string;
  /** For step events: which step. */
  step?: ProvisioningStepId;
  /** Free-form facts: ids created, error text, reason, role. */
  details?: Record<string, unknown>;
}

/** `POST /topic-requests/plan` response. @public */
export interface TopicRequestPlan {
  violations: PolicyViolation[];
  /**
   * Whether the schema was checked live (parsed, compatibility with the registry): only once
   * every other field is valid, since the check needs the resolved topic.
   */
  schemaChecked?: boolean;
  topicName?: string;
  approval?: ApprovalRequirement;
  resolved?: ResolvedTopicRequest;
  steps: ProvisioningStep[];
}

/** One cluster a topic lives on, as `GET /topics` reads it live. @public */
export interface KafkaTopicPlacement {
  cluster: string;
  environment: string;
  partitions: number;
  replicationFactor: number;
  /** Consumer groups with committed offsets on the topic on this cluster, sorted. */
  consumerGroups: string[];
  /**
   * With `include=configs`: the live value of each config drift compares (see
   * `driftConfigNames`), null when the topic has none; absent when they could not be read.
   */
  configs?: Record<string, string | null>;
}

/** The latest version of a topic's value schema in the cluster's registry. @public */
export interface KafkaTopicSchemaVersion {
  cluster: string;
  subject: string;
  version: number;
  id: number;
  /** AVRO, JSON or PROTOBUF, as the registry names them. */
  schemaType: string;
  schema: string;
}

/** A topic found on the clusters, with what Kafka TaaS knows of it. @public */
export interface KafkaTopicSummary {
  name: string;
  /** Every reachable cluster it is on, in the order of `kafkaTaas.clusters`. */
  clusters: KafkaTopicPlacement[];
  /** Its ready requests, every environment: empty for a topic nobody requested here. */
  requests: TopicRequest[];
  /** With `include=schemas`: the latest value schema per cluster that has one. */
  schemas?: KafkaTopicSchemaVersion[];
}

/** `GET /topics`: every topic of every configured cluster, internal and excluded ones left out. @public */
export interface KafkaTopicInventory {
  items: KafkaTopicSummary[];
  /** Clusters that could not be read now: their topics are missing from `items`. */
  unreachableClusters: Array<{
    cluster: string;
    environment: string;
    error: string;
  }>;
}

/**
 * A part of a cluster that could not be read while its topics were (consumer groups, the schema
 * registry): what is missing from the answer, and why.
 * @public
 */
export interface KafkaTopicInventoryWarning {
  cluster: string;
  environment: string;
  /** What could not be read: `consumerGroups`, `schemas` or `configs`. */
  section: 'consumerGroups' | 'schemas' | 'configs';
  error: string;
}

/**
 * `GET /topics` with what could not be read on reachable clusters: their topics are there, but
 * without consumer groups or schemas.
 * @public
 */
export interface KafkaTopicInventoryWithWarnings extends KafkaTopicInventory {
  warnings: KafkaTopicInventoryWarning[];
}

/** One topic config as the broker describes it. @public */
export interface KafkaTopicConfigEntry {
  name: string;
  /** Null for a sensitive config, whose value the broker does not give out. */
  value: string | null;
  /** True unless the topic sets the config itself (its value is the broker's or Kafka's default). */
  isDefault: boolean;
  /** Where the value comes from, as Kafka names it: `DYNAMIC_TOPIC_CONFIG`, `DEFAULT_CONFIG`, ... */
  source: string;
  readOnly: boolean;
  sensitive: boolean;
}

/** One schema subject of a topic (`<topic>-value`, `<topic>-key`) in the cluster's registry. @public */
export interface KafkaTopicSubject {
  subject: string;
  /** Every version, ascending. */
  versions: number[];
  /** The compatibility level the registry applies: the subject's own, else the global one. */
  compatibility: string;
  latest: {
    version: number;
    id: number;
    /** AVRO, JSON or PROTOBUF, as the registry names them. */
    schemaType: string;
    schema: string;
  };
}

/** One ACL that applies to the topic: a literal binding on its name or a prefixed one that matches it. @public */
export interface KafkaTopicAcl {
  /** The resource name of the binding: the topic, a prefix of it, or `*`. */
  resourceName: string;
  patternType: 'LITERAL' | 'PREFIXED';
  principal: string;
  host: string;
  /** READ, WRITE, DESCRIBE, ... as Kafka names them. */
  operation: string;
  /** ALLOW or DENY. */
  permissionType: string;
}

/** The client quotas of a principal (a `User:<name>`), as Kafka keys them. @public */
export interface KafkaPrincipalQuotas {
  principal: string;
  /** E.g. `producer_byte_rate`, `consumer_byte_rate`, `request_percentage`; absent means unlimited. */
  values: Record<string, number>;
}

/** A section of a topic's details that could not be read on one cluster. @public */
export interface KafkaTopicSectionError {
  /** `catalog` only at the top level of the details: the declared entity could not be read. */
  section: 'configs' | 'schemas' | 'acls' | 'quotas' | 'catalog';
  error: string;
}

/**
 * A live value that differs from what was approved (the topic's ready requests) or declared
 * (its catalog-info.yaml). Values are strings as Kafka configs are; `live` is null when the
 * topic does not set it and the broker gives no value.
 * @public
 */
export interface KafkaTopicDrift {
  cluster: string;
  environment: string;
  /** `partitions`, `replicationFactor`, or a Kafka config name such as `retention.ms`. */
  field: string;
  expected: string;
  live: string | null;
  source: 'approved' | 'declared';
}

/** One cluster a topic lives on, read live, with its drift there. @public */
export interface KafkaTopicClusterDetails {
  cluster: string;
  environment: string;
  partitions: number;
  replicationFactor: number;
  /** Every config, sorted by name. */
  configs: KafkaTopicConfigEntry[];
  /** The topic's subjects that exist in the cluster's registry: `-value`, then `-key`. */
  subjects: KafkaTopicSubject[];
  acls: KafkaTopicAcl[];
  /** The quotas of the owner's principal; absent when the owner has no principal in `kafkaTaas.principals`. */
  quotas?: KafkaPrincipalQuotas;
  drift: KafkaTopicDrift[];
  /** The sections that could not be read (they are empty above), and why. */
  errors: KafkaTopicSectionError[];
}

/** `GET /topics/{topic}`: the topic on every cluster it lives on, its owner and its drift. @public */
export interface KafkaTopicDetails {
  name: string;
  /** The owner group: from the topic's ready requests, else from its declared entity. */
  owner?: string;
  ownerSource?: 'request' | 'declared';
  /** True when neither a ready request nor a declared entity names an owner. */
  unowned: boolean;
  /** The entity ref of the catalog-info.yaml entity that declares the topic, if any. */
  declaredBy?: string;
  /** Every reachable cluster it is on, in the order of `kafkaTaas.clusters`. */
  clusters: KafkaTopicClusterDetails[];
  /** Every drift item of every cluster, in cluster order. */
  drift: KafkaTopicDrift[];
  /** Its ready requests, every environment. */
  requests: TopicRequest[];
  /** Clusters that could not be read now: the topic may live there too. */
  unreachableClusters: KafkaTopicInventory['unreachableClusters'];
  /** What could not be read besides the clusters (the catalog, for the declared entity). */
  errors: KafkaTopicSectionError[];
}

/** A schema another schema imports (Avro named type, JSON `$ref`, protobuf `import`). @public */
export interface KafkaSchemaReference {
  /** The name the referring schema uses: an Avro full name, a `$ref` URL or a `.proto` path. */
  name: string;
  subject: string;
  version: number;
}

/**
 * `GET /topics/{topic}/schemas/{subject}/versions/{version}`: one version of one of the topic's
 * subjects (`<topic>-value`, `<topic>-key`) in the registry of one cluster. @public
 */
export interface KafkaTopicSchemaVersion {
  cluster: string;
  subject: string;
  version: number;
  /** The registry's global schema id. */
  id: number;
  /** AVRO, JSON or PROTOBUF, as the registry names them. */
  schemaType: string;
  /** The schema text as registered. */
  schema: string;
  /** The schemas it imports; absent when it imports none. */
  references?: KafkaSchemaReference[];
}
