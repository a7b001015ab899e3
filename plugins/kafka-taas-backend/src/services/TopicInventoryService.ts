import { LoggerService } from '@backstage/backend-plugin-api';
import {
  driftConfigNames,
  KafkaTopicInventoryWarning,
  KafkaTopicInventoryWithWarnings,
  KafkaTopicPlacement,
  KafkaTopicSchemaVersion,
  KafkaTopicSummary,
  TopicRequest,
} from '@kafka-taas/plugin-kafka-taas-common';
import {
  Admin,
  ConfigResourceTypes,
  describeConfigsV4,
  findErrorBy,
  kGetApi,
  kGetBootstrapConnection,
  kPerformWithRetry,
  metadataV12,
  ResponseError,
} from '@platformatic/kafka';
import { isListedTopic, KafkaClusterConfig } from '../config';
import { kafkaFailure } from '../provisioning/kafkaFailures';
import {
  RegistryClient,
  RegistrySchemaVersion,
} from '../provisioning/RegistryClient';
import { DatabaseTopicRequestStore } from '../store/DatabaseTopicRequestStore';
import { chunks, mapLimit, withTimeout } from './async';
import { KafkaClientPool } from './KafkaClientPool';

/** Topics per DescribeConfigs call, and calls in flight per cluster. */
const CONFIG_BATCH = 1_000;
const CONFIG_CONCURRENCY = 4;
/** Consumer groups per OffsetFetch call, and calls in flight per cluster. */
const GROUP_BATCH = 200;
const GROUP_CONCURRENCY = 4;
/** Registry calls in flight per cluster. */
const REGISTRY_CONCURRENCY = 8;

type Layout = Pick<KafkaTopicPlacement, 'partitions' | 'replicationFactor'>;

type ClusterRead =
  | {
      cluster: KafkaClusterConfig;
      reachable: true;
      placements: Map<string, KafkaTopicPlacement>;
      schemas: Map<string, KafkaTopicSchemaVersion>;
      warnings: KafkaTopicInventoryWarning[];
    }
  | { cluster: KafkaClusterConfig; reachable: false; error: string };

/**
 * Registry answers for one inventory: clusters that share a registry (one registry, several
 * clusters) ask it once.
 */
class RegistryCache {
  readonly #subjects = new Map<string, Promise<Set<string>>>();
  readonly #latest = new Map<
    string,
    Promise<RegistrySchemaVersion | undefined>
  >();

  subjects(registry: RegistryClient): Promise<Set<string>> {
    let subjects = this.#subjects.get(registry.url);
    if (!subjects) {
      subjects = registry.subjects().then(list => new Set(list));
      this.#subjects.set(registry.url, subjects);
    }
    return subjects;
  }

  latest(
    registry: RegistryClient,
    subject: string,
  ): Promise<RegistrySchemaVersion | undefined> {
    const key = `${registry.url}\n${subject}`;
    let latest = this.#latest.get(key);
    if (!latest) {
      latest = registry.latestVersion(subject);
      this.#latest.set(key, latest);
    }
    return latest;
  }
}

/**
 * Every topic of every configured cluster, read live and batched so it stays fast at tens of
 * thousands of topics: per cluster, in parallel, the topics and their layout (one Metadata
 * call), the consumer groups with committed offsets, and optionally the latest value schema and
 * the configs drift compares; joined with the topics' ready requests.
 */
export class TopicInventoryService {
  readonly #pool: KafkaClientPool;
  readonly #store: Pick<DatabaseTopicRequestStore, 'list'>;
  readonly #exclude: RegExp[];
  readonly #logger: LoggerService;

  static create(options: {
    pool: KafkaClientPool;
    store: Pick<DatabaseTopicRequestStore, 'list'>;
    /** `kafkaTaas.topics.exclude`. */
    exclude: RegExp[];
    logger: LoggerService;
  }): TopicInventoryService {
    return new TopicInventoryService(options);
  }

  private constructor(options: {
    pool: KafkaClientPool;
    store: Pick<DatabaseTopicRequestStore, 'list'>;
    exclude: RegExp[];
    logger: LoggerService;
  }) {
    this.#pool = options.pool;
    this.#store = options.store;
    this.#exclude = options.exclude;
    this.#logger = options.logger;
  }

  /**
   * The inventory. A cluster that cannot be read is listed in `unreachableClusters` and its
   * topics are missing; consumer groups or schemas that cannot be read are `warnings`.
   * A topic with ready requests that is on no reachable cluster is left out.
   */
  async inventory(options: {
    includeSchemas: boolean;
    /** The live values of the configs drift compares (`driftConfigNames`) on each placement. */
    includeConfigs?: boolean;
  }): Promise<KafkaTopicInventoryWithWarnings> {
    const started = Date.now();
    const registries = new RegistryCache();
    const ready = this.#store.list({ status: ['ready'] });
    const configNames = options.includeConfigs
      ? ready.then(({ items }) => driftConfigNames(items))
      : undefined;
    // An unreachable cluster never waits for it; when the store fails, `ready` fails the call.
    configNames?.catch(() => undefined);
    const include = { schemas: options.includeSchemas, configNames };
    const [reads, requests] = await Promise.all([
      Promise.all(
        this.#pool
          .clusters()
          .map(cluster => this.#readCluster(cluster, include, registries)),
      ),
      ready,
    ]);

    const requestsByTopic = new Map<string, TopicRequest[]>();
    for (const request of requests.items) {
      const list = requestsByTopic.get(request.topicName);
      if (list) list.push(request);
      else requestsByTopic.set(request.topicName, [request]);
    }

    const items = new Map<string, KafkaTopicSummary>();
    const unreachableClusters: KafkaTopicInventoryWithWarnings['unreachableClusters'] =
      [];
    const warnings: KafkaTopicInventoryWarning[] = [];
    for (const read of reads) {
      const { name, environment } = read.cluster;
      if (!read.reachable) {
        unreachableClusters.push({
          cluster: name,
          environment,
          error: read.error,
        });
        continue;
      }
      warnings.push(...read.warnings);
      for (const [topic, placement] of read.placements) {
        let item = items.get(topic);
        if (!item) {
          item = {
            name: topic,
            clusters: [],
            requests: requestsByTopic.get(topic) ?? [],
            ...(options.includeSchemas && { schemas: [] }),
          };
          items.set(topic, item);
        }
        item.clusters.push(placement);
        const schema = read.schemas.get(topic);
        if (schema) item.schemas?.push(schema);
      }
    }

    const sorted = [...items.values()].sort((a, b) =>
      a.name < b.name ? -1 : Number(a.name > b.name),
    );
    this.#logger.info('topic inventory read', {
      topics: sorted.length,
      clusters: reads.length,
      unreachableClusters:
        unreachableClusters.map(c => c.cluster).join(',') || 'none',
      withSchemas: options.includeSchemas,
      durationMs: Date.now() - started,
    });
    return { items: sorted, unreachableClusters, warnings };
  }

  async #readCluster(
    cluster: KafkaClusterConfig,
    include: { schemas: boolean; configNames?: Promise<string[]> },
    registries: RegistryCache,
  ): Promise<ClusterRead> {
    const admin = this.#pool.admin(cluster.name);
    const layouts = new Map<string, Layout>();
    try {
      const all = await withTimeout(
        topicLayouts(admin),
        cluster.requestTimeoutMs,
        `no answer within ${cluster.requestTimeoutMs} ms`,
      );
      for (const [topic, layout] of all) {
        if (isListedTopic(topic, this.#exclude)) layouts.set(topic, layout);
      }
    } catch (error) {
      const failure = kafkaFailure('list the topics', cluster, error);
      this.#logger.warn('kafka cluster unreadable for the topic inventory', {
        cluster: cluster.name,
        reason: failure.message,
      });
      return { cluster, reachable: false, error: failure.message };
    }

    const warnings: KafkaTopicInventoryWarning[] = [];
    const warn =
      (section: KafkaTopicInventoryWarning['section']) => (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        warnings.push({
          cluster: cluster.name,
          environment: cluster.environment,
          section,
          error: message,
        });
        this.#logger.warn(`topic inventory without ${section}`, {
          cluster: cluster.name,
          reason: message,
        });
      };
    const names = [...layouts.keys()];
    const [groups, schemas, configs] = await Promise.all([
      this.#consumerGroups(admin, new Set(names)).catch(error => {
        warn('consumerGroups')(
          kafkaFailure('read the consumer groups', cluster, error),
        );
        return new Map<string, string[]>();
      }),
      include.schemas && cluster.schemaRegistry
        ? this.#schemas(cluster, names, registries).catch(error => {
            warn('schemas')(error);
            return new Map<string, KafkaTopicSchemaVersion>();
          })
        : new Map<string, KafkaTopicSchemaVersion>(),
      include.configNames?.then(configNames =>
        this.#configs(admin, names, configNames).catch(error => {
          warn('configs')(
            kafkaFailure('read the topic configs', cluster, error),
          );
          return undefined;
        }),
      ),
    ]);
    const unread = configs ? names.filter(topic => !configs.has(topic)) : [];
    if (unread.length > 0) {
      warn('configs')(
        new Error(
          `Could not read the configs of ${unread.length} of ${
            names.length
          } topics on Kafka cluster "${cluster.name}" (${unread
            .slice(0, 3)
            .join(', ')}${
            unread.length > 3 ? ', …' : ''
          }): deleted since they were listed, or the principal may not DescribeConfigs them. Their drift compares partitions and replication factor only.`,
        ),
      );
    }

    const placements = new Map<string, KafkaTopicPlacement>();
    for (const [topic, layout] of layouts) {
      placements.set(topic, {
        cluster: cluster.name,
        environment: cluster.environment,
        ...layout,
        consumerGroups: groups.get(topic) ?? [],
        ...(configs && { configs: configs.get(topic) }),
      });
    }
    return { cluster, reachable: true, placements, schemas, warnings };
  }

  /**
   * The live value of each of `names` on each topic (null when the topic has none), in
   * DescribeConfigs batches that ask for those configs only. A topic Kafka answers with an
   * error (deleted since listed, not authorized) is left out; the rest of its batch is kept.
   */
  async #configs(
    admin: Admin,
    topics: string[],
    names: string[],
  ): Promise<Map<string, Record<string, string | null>>> {
    const configs = new Map<string, Record<string, string | null>>();
    await mapLimit(
      chunks(topics, CONFIG_BATCH),
      CONFIG_CONCURRENCY,
      async batch => {
        let described: Array<
          Pick<
            describeConfigsV4.DescribeConfigsResponseResult,
            'resourceName' | 'configs'
          >
        >;
        try {
          described = await admin.describeConfigs({
            resources: batch.map(topic => ({
              resourceType: ConfigResourceTypes.TOPIC,
              resourceName: topic,
              configurationKeys: names,
            })),
            includeSynonyms: false,
            includeDocumentation: false,
          });
        } catch (error) {
          const response = findErrorBy(
            error as Error,
            'code',
            ResponseError.code,
          )?.response as describeConfigsV4.DescribeConfigsResponse | undefined;
          if (!response?.results) throw error;
          described = response.results.filter(r => r.errorCode === 0);
        }
        for (const resource of described) {
          const values: Record<string, string | null> = {};
          for (const name of names) values[name] = null;
          for (const config of resource.configs) {
            values[config.name] = config.isSensitive
              ? null
              : config.value ?? null;
          }
          configs.set(resource.resourceName, values);
        }
      },
    );
    return configs;
  }

  /** The consumer groups with committed offsets on each of the topics, sorted. */
  async #consumerGroups(
    admin: Admin,
    topics: Set<string>,
  ): Promise<Map<string, string[]>> {
    const listed = await admin.listGroups();
    // Share groups keep no committed offsets.
    const ids = [...listed.values()]
      .filter(g => g.groupType !== 'share')
      .map(g => g.id);
    const byTopic = new Map<string, string[]>();
    await mapLimit(chunks(ids, GROUP_BATCH), GROUP_CONCURRENCY, async batch => {
      const offsets = await admin.listConsumerGroupOffsets({ groups: batch });
      for (const group of offsets) {
        for (const topic of group.topics) {
          if (!topics.has(topic.name)) continue;
          // -1: no offset committed for the partition.
          if (!topic.partitions.some(p => p.committedOffset >= BigInt(0)))
            continue;
          const groups = byTopic.get(topic.name);
          if (groups) groups.push(group.groupId);
          else byTopic.set(topic.name, [group.groupId]);
        }
      }
    });
    for (const groups of byTopic.values()) groups.sort();
    return byTopic;
  }

  /** The latest `<topic>-value` schema of each topic that has one in the cluster's registry. */
  async #schemas(
    cluster: KafkaClusterConfig,
    names: string[],
    registries: RegistryCache,
  ): Promise<Map<string, KafkaTopicSchemaVersion>> {
    const registry = RegistryClient.forCluster(this.#pool, cluster.name);
    const subjects = await registries.subjects(registry);
    const withSchema = names.filter(name => subjects.has(`${name}-value`));
    const schemas = new Map<string, KafkaTopicSchemaVersion>();
    await mapLimit(withSchema, REGISTRY_CONCURRENCY, async topic => {
      const latest = await registries.latest(registry, `${topic}-value`);
      if (latest) schemas.set(topic, { cluster: cluster.name, ...latest });
    });
    return schemas;
  }
}

const UNKNOWN_TOPIC = /^Unknown topic (.+)\.$/;

/**
 * Every non-internal topic of a cluster with its layout, from one Metadata call for all topics:
 * the only way Kafka lists topics, whose answer holds every partition (the client's `listTopics`
 * makes the same call and keeps only the names). Made through the client's hooks (bootstrap
 * connection, negotiated API version, retries) as `listTopics` is, so the pool's SASL, TLS and
 * timeouts apply.
 */
export async function topicLayouts(admin: Admin): Promise<Map<string, Layout>> {
  type Response = metadataV12.MetadataResponse;
  const response = await new Promise<Response>((resolve, reject) => {
    admin[kPerformWithRetry]<Response>(
      'metadata',
      retry =>
        admin[kGetBootstrapConnection]((error, connection) => {
          if (error || !connection) {
            retry(error ?? new Error('no connection to a bootstrap broker'));
            return;
          }
          admin[kGetApi]<[null, boolean, boolean], Response>(
            'Metadata',
            (apiError, api) => {
              if (apiError || !api)
                retry(apiError ?? new Error('no Metadata API'));
              // All topics; no auto-creation, no authorized operations.
              else api(connection, null, false, false, retry);
            },
          );
        }),
      (error, metadata) =>
        error || !metadata
          ? reject(error ?? new Error('no metadata'))
          : resolve(metadata),
    );
  });
  const layouts = new Map<string, Layout>();
  for (const topic of response.topics) {
    if (topic.isInternal || !topic.name) continue;
    layouts.set(topic.name, {
      partitions: topic.partitions.length,
      replicationFactor: replicationFactorOf(
        topic.partitions.map(partition => ({
          replicas: partition.replicaNodes,
        })),
      ),
    });
  }
  return layouts;
}

/**
 * The layout of each of these topics (the details of one topic; the inventory lists all of them
 * with `topicLayouts`). A topic that does not exist fails the whole Metadata call with
 * `Unknown topic <name>.`: the call is made again without it.
 */
export async function metadataOf(
  admin: Admin,
  topics: string[],
): Promise<Map<string, Layout>> {
  let remaining = topics;
  for (;;) {
    if (remaining.length === 0) return new Map();
    try {
      const metadata = await admin.metadata({
        topics: remaining,
        forceUpdate: true,
      });
      const layouts = new Map<string, Layout>();
      for (const topic of remaining) {
        const described = metadata.topics.get(topic);
        if (!described) continue;
        layouts.set(topic, {
          partitions: described.partitionsCount,
          replicationFactor: replicationFactorOf(described.partitions),
        });
      }
      return layouts;
    } catch (error) {
      const gone = unknownTopicOf(error);
      if (gone === undefined || !remaining.includes(gone)) throw error;
      remaining = remaining.filter(topic => topic !== gone);
    }
  }
}

/** The topic a metadata call failed on because it does not exist, if that is why it failed. */
export function unknownTopicOf(error: unknown): string | undefined {
  const message =
    typeof error === 'object' && error !== null && 'message' in error
      ? String((error as { message: unknown }).message)
      : '';
  return UNKNOWN_TOPIC.exec(message)?.[1];
}

/** The replication factor: the fewest replicas of any partition. */
export function replicationFactorOf(
  partitions: Array<{ replicas: number[] }>,
): number {
  return partitions.length === 0
    ? 0
    : Math.min(...partitions.map(p => p.replicas.length));
}
