import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  approvedStates,
  KAFKA_TOPIC_ENTITY_TYPE,
  KafkaPrincipalQuotas,
  KafkaTopicAcl,
  KafkaTopicClusterDetails,
  KafkaTopicConfigEntry,
  KafkaTopicDetails,
  KafkaTopicSectionError,
  KafkaTopicSubject,
  ResolvedTopicRequest,
  TOPIC_NAME_ANNOTATION,
  topicDrift,
  topicEntityFromRequests,
  TopicRequest,
} from '@kafka-taas/plugin-kafka-taas-common';
import {
  AclOperations,
  AclPermissionTypes,
  ClientQuotaMatchTypes,
  ConfigResourceTypes,
  ConfigSources,
  ResourcePatternTypes,
  ResourceTypes,
} from '@platformatic/kafka';
import { KafkaClusterConfig } from '../config';
import { kafkaFailure } from '../provisioning/kafkaFailures';
import { RegistryClient } from '../provisioning/RegistryClient';
import { DatabaseTopicRequestStore } from '../store/DatabaseTopicRequestStore';
import { withTimeout } from './async';
import { KafkaClientPool } from './KafkaClientPool';
import { metadataOf } from './TopicInventoryService';

type ClusterRead =
  | { status: 'present'; details: KafkaTopicClusterDetails }
  | { status: 'absent' }
  | { status: 'unreachable'; error: string };

type Owner = Pick<KafkaTopicDetails, 'owner' | 'ownerSource' | 'unowned'>;

/** Kafka's names for its enum values, e.g. 3 → READ. */
function labels(values: Record<string, number>): Map<number, string> {
  const out = new Map<number, string>();
  for (const [label, value] of Object.entries(values))
    if (!out.has(value)) out.set(value, label);
  return out;
}
const OPERATION_LABELS = labels(AclOperations);
const PERMISSION_LABELS = labels(AclPermissionTypes);
const SOURCE_LABELS = labels(ConfigSources);

/**
 * One topic in depth: on each cluster it lives on, its layout, configs, schema subjects, ACLs
 * and the quotas of its owner's principal; its owner (ready request, else declared entity);
 * and every live value that drifted from what was approved or declared.
 */
export class TopicDetailsService {
  readonly #pool: KafkaClientPool;
  readonly #store: Pick<DatabaseTopicRequestStore, 'list'>;
  readonly #principals: Record<string, string>;
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #discovery: DiscoveryService;
  readonly #logger: LoggerService;

  static create(options: {
    pool: KafkaClientPool;
    store: Pick<DatabaseTopicRequestStore, 'list'>;
    /** Catalog group ref → Kafka principal (`kafkaTaas.principals`, through the policy). */
    principals: Record<string, string>;
    catalog: CatalogService;
    auth: AuthService;
    discovery: DiscoveryService;
    logger: LoggerService;
  }): TopicDetailsService {
    return new TopicDetailsService(options);
  }

  private constructor(
    options: Parameters<typeof TopicDetailsService.create>[0],
  ) {
    this.#pool = options.pool;
    this.#store = options.store;
    this.#principals = options.principals;
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#discovery = options.discovery;
    this.#logger = options.logger;
  }

  /** The details; NotFoundError when no cluster has the topic and nothing names it. */
  async details(topic: string): Promise<KafkaTopicDetails> {
    const errors: KafkaTopicSectionError[] = [];
    const [{ items: requests }, declared] = await Promise.all([
      this.#store.list({ topicName: topic }),
      this.#declaredEntity(topic).catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        errors.push({
          section: 'catalog',
          error: `Could not read the catalog for an entity declaring topic "${topic}": ${message}`,
        });
        this.#logger.warn('declared topic entity unreadable', {
          topic,
          reason: message,
        });
        return undefined;
      }),
    ]);
    const ready = requests.filter(r => r.status === 'ready');
    const owner = this.#owner(ready, declared);
    const principal = owner.owner ? this.#principals[owner.owner] : undefined;
    const approved = approvedStates(ready);

    const reads = await Promise.all(
      this.#pool.clusters().map(cluster =>
        this.#readCluster(cluster, topic, {
          principal,
          approved,
          declared: declared?.metadata.annotations,
        }),
      ),
    );
    const clusters: KafkaTopicClusterDetails[] = [];
    const unreachableClusters: KafkaTopicDetails['unreachableClusters'] = [];
    reads.forEach((read, i) => {
      const { name, environment } = this.#pool.clusters()[i];
      if (read.status === 'present') clusters.push(read.details);
      if (read.status === 'unreachable')
        unreachableClusters.push({
          cluster: name,
          environment,
          error: read.error,
        });
    });

    if (clusters.length === 0 && requests.length === 0 && !declared) {
      const names = this.#pool
        .clusters()
        .map(c => c.name)
        .join(', ');
      const unread = unreachableClusters.length
        ? `; could not read ${unreachableClusters
            .map(c => `"${c.cluster}" (${c.error})`)
            .join(', ')}`
        : '';
      throw new NotFoundError(
        `Topic "${topic}" is on none of the configured Kafka clusters (${
          names || 'none'
        })${unread}, no topic request names it and no catalog entity declares it`,
      );
    }

    return {
      name: topic,
      ...owner,
      ...(declared && { declaredBy: stringifyEntityRef(declared) }),
      clusters,
      drift: clusters.flatMap(c => c.drift),
      requests: ready,
      unreachableClusters,
      errors,
    };
  }

  /** The owner: of the ready requests (highest tier first), else of the declared entity. */
  #owner(ready: TopicRequest[], declared: Entity | undefined): Owner {
    const fromRequests = topicEntityFromRequests(ready)?.spec.owner;
    if (fromRequests)
      return { owner: fromRequests, ownerSource: 'request', unowned: false };
    const declaredOwner = declared?.spec?.owner;
    if (typeof declaredOwner === 'string' && declaredOwner) {
      const owner = stringifyEntityRef(
        parseEntityRef(declaredOwner, {
          defaultKind: 'group',
          defaultNamespace: declared?.metadata.namespace ?? 'default',
        }),
      );
      return { owner, ownerSource: 'declared', unowned: false };
    }
    return { unowned: true };
  }

  /**
   * The kafka-topic Resource declared for the topic in a catalog-info.yaml: its
   * `kafka-taas/topic-name` annotation, or else its name, is the topic. Entities the kafka-taas
   * catalog module emits (their origin is this backend's API) are not declarations.
   */
  async #declaredEntity(topic: string): Promise<Entity | undefined> {
    const base = { kind: 'Resource', 'spec.type': KAFKA_TOPIC_ENTITY_TYPE };
    const { items } = await this.#catalog.getEntities(
      {
        filter: [
          { ...base, [`metadata.annotations.${TOPIC_NAME_ANNOTATION}`]: topic },
          { ...base, 'metadata.name': topic },
        ],
      },
      { credentials: await this.#auth.getOwnServiceCredentials() },
    );
    const ownApi = await this.#discovery.getExternalBaseUrl('kafka-taas');
    const emitted = (entity: Entity) =>
      (
        entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION] ?? ''
      ).startsWith(`url:${ownApi}/`);
    const names = (entity: Entity) => {
      const annotated = entity.metadata.annotations?.[TOPIC_NAME_ANNOTATION];
      return annotated ? annotated === topic : entity.metadata.name === topic;
    };
    return items.find(entity => names(entity) && !emitted(entity));
  }

  async #readCluster(
    cluster: KafkaClusterConfig,
    topic: string,
    context: {
      principal?: string;
      approved: ResolvedTopicRequest[];
      declared?: Record<string, string>;
    },
  ): Promise<ClusterRead> {
    const admin = this.#pool.admin(cluster.name);
    let layout;
    try {
      layout = (
        await withTimeout(
          metadataOf(admin, [topic]),
          cluster.requestTimeoutMs,
          `no answer within ${cluster.requestTimeoutMs} ms`,
        )
      ).get(topic);
    } catch (error) {
      const failure = kafkaFailure(`read topic "${topic}"`, cluster, error);
      this.#logger.warn('kafka cluster unreadable for topic details', {
        cluster: cluster.name,
        topic,
        reason: failure.message,
      });
      return { status: 'unreachable', error: failure.message };
    }
    if (!layout) return { status: 'absent' };

    const errors: KafkaTopicSectionError[] = [];
    const section = async <T>(
      name: KafkaTopicSectionError['section'],
      read: () => Promise<T>,
      fallback: T,
    ): Promise<T> => {
      try {
        return await read();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        errors.push({ section: name, error: message });
        this.#logger.warn(`topic ${name} unreadable`, {
          cluster: cluster.name,
          topic,
          reason: message,
        });
        return fallback;
      }
    };
    const principal = context.principal;
    const [configs, subjects, acls, quotas] = await Promise.all([
      section('configs', () => this.#configs(cluster, topic), undefined),
      section('schemas', () => this.#subjects(cluster, topic), []),
      section('acls', () => this.#acls(cluster, topic), []),
      principal
        ? section('quotas', () => this.#quotas(cluster, principal), undefined)
        : undefined,
    ]);

    const drift = topicDrift({
      live: {
        cluster: cluster.name,
        environment: cluster.environment,
        ...layout,
        configs:
          configs && Object.fromEntries(configs.map(c => [c.name, c.value])),
      },
      approved: context.approved,
      declared: context.declared,
    });
    return {
      status: 'present',
      details: {
        cluster: cluster.name,
        environment: cluster.environment,
        ...layout,
        configs: configs ?? [],
        subjects,
        acls,
        ...(quotas && { quotas }),
        drift,
        errors,
      },
    };
  }

  /** Every config of the topic, with whether the topic sets it itself. */
  async #configs(
    cluster: KafkaClusterConfig,
    topic: string,
  ): Promise<KafkaTopicConfigEntry[]> {
    try {
      const [described] = await this.#pool.admin(cluster.name).describeConfigs({
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
      return (described?.configs ?? [])
        .map(c => ({
          name: c.name,
          value: c.isSensitive ? null : c.value ?? null,
          isDefault: c.configSource !== ConfigSources.DYNAMIC_TOPIC_CONFIG,
          source: SOURCE_LABELS.get(c.configSource) ?? String(c.configSource),
          readOnly: c.readOnly,
          sensitive: c.isSensitive,
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
    } catch (error) {
      throw kafkaFailure(
        `describe the configs of topic "${topic}"`,
        cluster,
        error,
      );
    }
  }

  /** The topic's `-value` and `-key` subjects that exist in the cluster's registry. */
  async #subjects(
    cluster: KafkaClusterConfig,
    topic: string,
  ): Promise<KafkaTopicSubject[]> {
    if (!cluster.schemaRegistry) return [];
    const registry = RegistryClient.forCluster(this.#pool, cluster.name);
    const subjects = await Promise.all(
      [`${topic}-value`, `${topic}-key`].map(async subject => {
        const versions = await registry.versions(subject);
        if (versions.length === 0) return undefined;
        const [compatibility, latest] = await Promise.all([
          registry.compatibility(subject),
          registry.latestVersion(subject),
        ]);
        if (!latest) return undefined;
        return {
          subject,
          versions: [...versions].sort((a, b) => a - b),
          compatibility,
          latest: {
            version: latest.version,
            id: latest.id,
            schemaType: latest.schemaType,
            schema: latest.schema,
          },
        };
      }),
    );
    return subjects.filter((s): s is KafkaTopicSubject => s !== undefined);
  }

  /** The ACLs whose pattern matches the topic: literal on its name or `*`, and prefixed. */
  async #acls(
    cluster: KafkaClusterConfig,
    topic: string,
  ): Promise<KafkaTopicAcl[]> {
    let resources;
    try {
      resources = await this.#pool.admin(cluster.name).describeAcls({
        filter: {
          resourceType: ResourceTypes.TOPIC,
          resourceName: topic,
          resourcePatternType: ResourcePatternTypes.MATCH,
          principal: null,
          host: null,
          operation: AclOperations.ANY,
          permissionType: AclPermissionTypes.ANY,
        },
      });
    } catch (error) {
      throw kafkaFailure(
        `describe the ACLs on topic "${topic}"`,
        cluster,
        error,
      );
    }
    return resources
      .flatMap(resource =>
        resource.acls.map(acl => ({
          resourceName: resource.resourceName,
          patternType:
            resource.resourcePatternType === ResourcePatternTypes.PREFIXED
              ? ('PREFIXED' as const)
              : ('LITERAL' as const),
          principal: acl.principal,
          host: acl.host,
          operation:
            OPERATION_LABELS.get(acl.operation) ?? String(acl.operation),
          permissionType:
            PERMISSION_LABELS.get(acl.permissionType) ??
            String(acl.permissionType),
        })),
      )
      .sort((a, b) =>
        `${a.principal} ${a.resourceName} ${a.operation}`.localeCompare(
          `${b.principal} ${b.resourceName} ${b.operation}`,
        ),
      );
  }

  /** The client quotas set on the principal's user; none set means unlimited. */
  async #quotas(
    cluster: KafkaClusterConfig,
    principal: string,
  ): Promise<KafkaPrincipalQuotas> {
    const user = /^User:(.+)$/.exec(principal)?.[1];
    if (!user) {
      throw new Error(
        `Quotas apply to users; principal "${principal}" is not of the form User:<name> (see kafkaTaas.principals)`,
      );
    }
    let entries;
    try {
      entries = await this.#pool.admin(cluster.name).describeClientQuotas({
        components: [
          {
            entityType: 'user',
            matchType: ClientQuotaMatchTypes.EXACT,
            match: user,
          },
        ],
        strict: true,
      });
    } catch (error) {
      throw kafkaFailure(
        `describe the quotas of user "${user}"`,
        cluster,
        error,
      );
    }
    const values: Record<string, number> = {};
    for (const entry of entries) {
      const isUser = entry.entity.every(
        e => e.entityType === 'user' && e.entityName === user,
      );
      if (!isUser) continue;
      for (const { key, value } of entry.values) values[key] = value;
    }
    return { principal, values };
  }
}
