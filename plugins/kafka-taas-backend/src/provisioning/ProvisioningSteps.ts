import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import {
  AclBindingPlan,
  ProvisioningStep,
  QuotaTier,
  ResolvedTopicRequest,
} from '@kafka-taas/plugin-kafka-taas-common';
import {
  AclOperations,
  AclPermissionTypes,
  Acl,
  AlterClientQuotasOptions,
  ClientQuotaKeys,
  ConfigResourceTypes,
  ResourcePatternTypes,
  ResourceTypes,
} from '@platformatic/kafka';
import { KafkaClientPool } from '../services/KafkaClientPool';
import { hasKafkaErrorId, kafkaFailure } from './kafkaFailures';
import { RegistryClient, RegistryError } from './RegistryClient';

type Step<Id extends ProvisioningStep['id']> = Extract<
  ProvisioningStep,
  { id: Id }
>;

const RESOURCE_TYPES = {
  topic: ResourceTypes.TOPIC,
  group: ResourceTypes.GROUP,
} as const;
const OPERATIONS = {
  read: AclOperations.READ,
  write: AclOperations.WRITE,
  describe: AclOperations.DESCRIBE,
} as const;

type QuotaOp = AlterClientQuotasOptions['entries'][number]['ops'][number];

/** QuotaTier fields and the Kafka quota keys they set. */
const QUOTA_KEYS = [
  ['producerByteRate', ClientQuotaKeys.PRODUCER_BYTE_RATE],
  ['consumerByteRate', ClientQuotaKeys.CONSUMER_BYTE_RATE],
  ['requestPercentage', ClientQuotaKeys.REQUEST_PERCENTAGE],
] as const satisfies ReadonlyArray<readonly [keyof QuotaTier, string]>;

/**
 * Runs one provisioning step against the cluster's brokers and schema registry. Every step is
 * idempotent: running it again after it ran, fully or partly, succeeds and changes nothing,
 * so a failed request can be retried from the step that failed. Each returns the facts to
 * record on the request (ids, versions, what already existed).
 */
export class ProvisioningSteps {
  readonly #pool: KafkaClientPool;
  readonly #logger: LoggerService;

  static create(options: {
    pool: KafkaClientPool;
    logger: LoggerService;
  }): ProvisioningSteps {
    return new ProvisioningSteps(options.pool, options.logger);
  }

  private constructor(pool: KafkaClientPool, logger: LoggerService) {
    this.#pool = pool;
    this.#logger = logger;
  }

  async run(
    step: ProvisioningStep,
    request: ResolvedTopicRequest,
  ): Promise<Record<string, unknown>> {
    switch (step.id) {
      case 'topic':
        return this.#topic(step);
      case 'schema':
        return this.#schema(step, request);
      case 'acls':
        return this.#acls(step);
      case 'quotas':
        return this.#quotas(step);
      case 'consumers':
        return this.#consumers(step);
      case 'delete-topic':
        return this.#deleteTopic(step);
      case 'delete-acls':
        return this.#deleteAcls(step);
      case 'delete-schemas':
        return this.#deleteSchemas(step);
      case 'done':
        return {};
      default:
        throw new InputError(
          `Unknown provisioning step ${JSON.stringify(step satisfies never)}`,
        );
    }
  }

  /**
   * Consumer groups with members reading the topic right now (classic protocol groups, as
   * DescribeGroups reports them), sorted.
   */
  async activeConsumerGroups(
    cluster: string,
    topic: string,
  ): Promise<string[]> {
    const config = this.#pool.cluster(cluster);
    const admin = this.#pool.admin(cluster);
    try {
      const listed = await admin.listGroups({
        states: ['Stable', 'PreparingRebalance', 'CompletingRebalance'],
      });
      if (listed.size === 0) return [];
      const groups = await admin.describeGroups({ groups: [...listed.keys()] });
      return [...groups.values()]
        .filter(group =>
          [...group.members.values()].some(
            member =>
              member.assignments?.has(topic) ||
              member.metadata?.topics?.includes(topic),
          ),
        )
        .map(group => group.id)
        .sort();
    } catch (error) {
      throw kafkaFailure(
        `list the consumer groups reading "${topic}"`,
        config,
        error,
      );
    }
  }

  /** Refuses to go on while consumer groups read the topic, unless the deletion is forced. */
  async #consumers(step: Step<'consumers'>): Promise<Record<string, unknown>> {
    const active = await this.activeConsumerGroups(step.cluster, step.topic);
    if (active.length > 0 && !step.force) {
      throw new ConflictError(
        `Topic "${step.topic}" still has active consumer groups: ${active.join(
          ', ',
        )}. Stop them and retry the request, or ask a platform admin to force the deletion`,
      );
    }
    return { activeConsumerGroups: active, forced: step.force };
  }

  /** Deletes the topic; a topic already gone counts as deleted. */
  async #deleteTopic(
    step: Step<'delete-topic'>,
  ): Promise<Record<string, unknown>> {
    const config = this.#pool.cluster(step.cluster);
    try {
      await this.#pool
        .admin(step.cluster)
        .deleteTopics({ topics: [step.topic] });
    } catch (error) {
      if (hasKafkaErrorId(error, 'UNKNOWN_TOPIC_OR_PARTITION')) {
        return { alreadyDeleted: true };
      }
      throw kafkaFailure(`delete topic "${step.topic}"`, config, error);
    }
    this.#logger.info('topic deleted', {
      topic: step.topic,
      cluster: step.cluster,
    });
    return { alreadyDeleted: false };
  }

  /** Removes every literal ACL on the topic, whoever it was granted to. */
  async #deleteAcls(
    step: Step<'delete-acls'>,
  ): Promise<Record<string, unknown>> {
    const config = this.#pool.cluster(step.cluster);
    try {
      const deleted = await this.#pool.admin(step.cluster).deleteAcls({
        filters: [
          {
            resourceType: ResourceTypes.TOPIC,
            resourceName: step.topic,
            resourcePatternType: ResourcePatternTypes.LITERAL,
            principal: null,
            host: null,
            operation: AclOperations.ANY,
            permissionType: AclPermissionTypes.ANY,
          },
        ],
      });
      this.#logger.info('acls deleted', {
        topic: step.topic,
        cluster: step.cluster,
        count: deleted.length,
      });
      return { deleted: deleted.length };
    } catch (error) {
      throw kafkaFailure(
        `delete the ACLs on topic "${step.topic}"`,
        config,
        error,
      );
    }
  }

  /** Soft-deletes each subject; a subject already gone counts as deleted. */
  async #deleteSchemas(
    step: Step<'delete-schemas'>,
  ): Promise<Record<string, unknown>> {
    const registry = RegistryClient.forCluster(this.#pool, step.cluster);
    const deleted: Record<string, number[]> = {};
    for (const subject of step.subjects) {
      try {
        deleted[subject] = await registry.deleteSubject(subject);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(
          `Could not delete subject "${subject}" (cluster "${step.cluster}"): ${message}`,
        );
      }
    }
    this.#logger.info('subjects deleted', {
      cluster: step.cluster,
      subjects: step.subjects.join(','),
    });
    return { deletedVersions: deleted };
  }

  /** Creates the topic; an existing topic is accepted when its partitions and RF are the requested ones. */
  async #topic(step: Step<'topic'>): Promise<Record<string, unknown>> {
    const { cluster, topic, partitions, replicationFactor } = step;
    const config = this.#pool.cluster(cluster);
    const admin = this.#pool.admin(cluster);
    try {
      const [created] = await admin.createTopics({
        topics: [topic],
        partitions,
        replicas: replicationFactor,
        configs: Object.entries(step.configs).map(([name, value]) => ({
          name,
          value,
        })),
      });
      this.#logger.info('topic created', {
        topic,
        cluster,
        partitions,
        replicationFactor,
      });
      return {
        alreadyExisted: false,
        topicId: created?.id,
        partitions,
        replicationFactor,
      };
    } catch (error) {
      if (!hasKafkaErrorId(error, 'TOPIC_ALREADY_EXISTS')) {
        throw kafkaFailure(`create topic "${topic}"`, config, error);
      }
    }

    const existing = await this.#describeTopic(cluster, topic);
    const differences = [
      existing.partitions !== partitions &&
        `${existing.partitions} partitions instead of ${partitions}`,
      existing.replicationFactor !== replicationFactor &&
        `replication factor ${existing.replicationFactor} instead of ${replicationFactor}`,
    ].filter((d): d is string => typeof d === 'string');
    if (differences.length > 0) {
      const what = differences.join(' and ');
      throw new ConflictError(
        `Topic "${topic}" already exists on Kafka cluster "${cluster}" with ${what}; delete it or request it with the existing layout`,
      );
    }
    const configDrift = Object.entries(step.configs)
      .filter(([name, value]) => existing.configs[name] !== value)
      .map(([name, value]) => ({
        name,
        requested: value,
        actual: existing.configs[name] ?? null,
      }));
    this.#logger.info('topic already existed with the requested layout', {
      topic,
      cluster,
      differingConfigs: configDrift.map(d => d.name).join(',') || 'none',
    });
    return {
      alreadyExisted: true,
      topicId: existing.id,
      partitions,
      replicationFactor,
      ...(configDrift.length > 0 ? { configDrift } : {}),
    };
  }

  async #describeTopic(cluster: string, topic: string) {
    const config = this.#pool.cluster(cluster);
    const admin = this.#pool.admin(cluster);
    try {
      const metadata = await admin.metadata({
        topics: [topic],
        forceUpdate: true,
      });
      const described = metadata.topics.get(topic);
      if (!described)
        throw new Error(`the broker returned no metadata for topic "${topic}"`);
      const [configs] = await admin.describeConfigs({
        resources: [
          {
            resourceType: ConfigResourceTypes.TOPIC,
            resourceName: topic,
            configurationKeys: [],
          },
        ],
        includeSynonyms: false,
        includeDocumentation: false,
      });
      return {
        id: described.id,
        partitions: described.partitionsCount,
        replicationFactor: Math.min(
          ...described.partitions.map(p => p.replicas.length),
        ),
        configs: Object.fromEntries(
          (configs?.configs ?? []).map(c => [c.name, c.value]),
        ),
      };
    } catch (error) {
      throw kafkaFailure(`read back existing topic "${topic}"`, config, error);
    }
  }

  /** Sets each subject's compatibility, then registers its schema (the registry returns the existing id for a schema it has). */
  async #schema(
    step: Step<'schema'>,
    request: ResolvedTopicRequest,
  ): Promise<Record<string, unknown>> {
    const registry = RegistryClient.forCluster(this.#pool, step.cluster);
    const subjects: Array<{
      subject: string;
      id: number;
      version?: number;
      compatibility: string;
    }> = [];
    for (const { subject, type, compatibility } of step.subjects) {
      const text = schemaTextFor(subject, request);
      try {
        // The level goes first so the new version is checked under it. Apicurio refuses NONE
        // (404) for a subject that has no version yet; a first version is compatible under
        // any level, so there the level is set right after registering.
        const configured = await registry
          .setCompatibility(subject, compatibility)
          .then(
            () => true,
            (error: unknown) => {
              if (error instanceof RegistryError && error.notFound)
                return false;
              throw error;
            },
          );
        const id = await registry.register(subject, { type, schema: text });
        if (!configured)
          await registry.setCompatibility(subject, compatibility);
        const found = await registry.lookup(subject, { type, schema: text });
        subjects.push({ subject, id, version: found?.version, compatibility });
        this.#logger.info('schema registered', {
          subject,
          cluster: step.cluster,
          registry: registry.url,
          schemaId: id,
          version: found?.version,
          compatibility,
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(
          `Could not register the ${type} schema of subject "${subject}" (cluster "${step.cluster}"): ${message}`,
        );
      }
    }
    return { subjects };
  }

  /** Creates every binding as LITERAL, host `*`, ALLOW; Kafka ignores bindings it already has. */
  async #acls(step: Step<'acls'>): Promise<Record<string, unknown>> {
    if (step.acls.length === 0) return { created: 0 };
    const config = this.#pool.cluster(step.cluster);
    const creations = step.acls.map(toKafkaAcl);
    try {
      await this.#pool.admin(step.cluster).createAcls({ creations });
    } catch (error) {
      throw kafkaFailure(
        `create ACLs (${step.acls.map(describeAcl).join('; ')})`,
        config,
        error,
      );
    }
    this.#logger.info('acls created', {
      cluster: step.cluster,
      count: step.acls.length,
      principals: [...new Set(step.acls.map(a => a.principal))].join(','),
    });
    return { created: step.acls.length, bindings: step.acls.map(describeAcl) };
  }

  /**
   * Sets the tier's quotas on the owner's user and removes the ones the tier leaves unlimited,
   * so moving to another tier (platinum: no limits) leaves nothing of the old one behind.
   */
  async #quotas(step: Step<'quotas'>): Promise<Record<string, unknown>> {
    const config = this.#pool.cluster(step.cluster);
    const user = quotaUser(step.principal);
    const ops: QuotaOp[] = QUOTA_KEYS.map(([field, key]) => {
      const value = step.quota[field];
      return value === undefined
        ? { key, remove: true }
        : { key, value, remove: false };
    });
    try {
      await this.#pool.admin(step.cluster).alterClientQuotas({
        entries: [
          { entities: [{ entityType: 'user', entityName: user }], ops },
        ],
      });
    } catch (error) {
      throw kafkaFailure(
        `set the ${step.tier} quotas of user "${user}"`,
        config,
        error,
      );
    }
    const quotas = Object.fromEntries(
      QUOTA_KEYS.map(([field, key]) => [key, step.quota[field] ?? null]),
    );
    this.#logger.info('quotas set', {
      cluster: step.cluster,
      user,
      tier: step.tier,
      ...quotas,
    });
    return { user, tier: step.tier, quotas };
  }
}

function schemaTextFor(subject: string, request: ResolvedTopicRequest): string {
  const schema = request.schema;
  if (schema && subject === schema.subjects.value) return schema.value;
  if (schema?.key !== undefined && subject === schema.subjects.key)
    return schema.key;
  throw new InputError(
    `The plan registers subject "${subject}", but the request has no schema for it (subjects: ${
      schema ? Object.values(schema.subjects).join(', ') : 'none'
    })`,
  );
}

function toKafkaAcl(acl: AclBindingPlan): Acl {
  return {
    resourceType: RESOURCE_TYPES[acl.resourceType],
    resourceName: acl.resourceName,
    resourcePatternType: ResourcePatternTypes.LITERAL,
    principal: acl.principal,
    host: '*',
    operation: OPERATIONS[acl.operation],
    permissionType: AclPermissionTypes.ALLOW,
  };
}

function describeAcl(acl: AclBindingPlan): string {
  return `${acl.principal} ${acl.operation.toUpperCase()} ${acl.resourceType}:${
    acl.resourceName
  }`;
}

/** Kafka keys user quotas by the principal's name: `User:payments-svc` → `payments-svc`. */
function quotaUser(principal: string): string {
  const match = /^User:(.+)$/.exec(principal);
  if (!match) {
    throw new InputError(
      `Quotas apply to users; principal "${principal}" is not of the form User:<name> (see kafkaTaas.principals)`,
    );
  }
  return match[1];
}
