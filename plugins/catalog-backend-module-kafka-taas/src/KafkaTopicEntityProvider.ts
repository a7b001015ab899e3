import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  TopicRequest,
  topicEntityFromRequests,
} from '@kafka-taas/plugin-kafka-taas-common';
import { ReadyTopicRequestsSource } from './KafkaTaasClient';

const PROVIDER_NAME = 'kafka-taas-topics';

/**
 * Emits one `kind: Resource`, `spec.type: kafka-topic` entity per topic provisioned through a
 * topic request (every ready request of one topic name, whatever its environment, makes one
 * entity), so a topic is in the catalog without any catalog-info.yaml on a Git host.
 *
 * Each refresh reads every ready request and replaces all the provider's entities (a full
 * mutation): a topic whose requests are no longer ready disappears. When the kafka-taas backend
 * cannot be read, the refresh logs why and changes nothing, so the catalog keeps the entities
 * of the last successful read.
 * @public
 */
export class KafkaTopicEntityProvider implements EntityProvider {
  readonly #source: ReadyTopicRequestsSource;
  readonly #logger: LoggerService;
  readonly #taskRunner?: SchedulerServiceTaskRunner;
  #connection?: EntityProviderConnection;
  #running?: Promise<void>;
  #queued?: Promise<void>;

  static create(options: {
    source: ReadyTopicRequestsSource;
    logger: LoggerService;
    /** Runs the scheduled refresh; without one, only {@link KafkaTopicEntityProvider.refresh} does. */
    taskRunner?: SchedulerServiceTaskRunner;
  }) {
    return new KafkaTopicEntityProvider(options);
  }

  private constructor(options: {
    source: ReadyTopicRequestsSource;
    logger: LoggerService;
    taskRunner?: SchedulerServiceTaskRunner;
  }) {
    this.#source = options.source;
    this.#logger = options.logger;
    this.#taskRunner = options.taskRunner;
  }

  getProviderName(): string {
    return PROVIDER_NAME;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    await this.#taskRunner?.run({
      id: `${PROVIDER_NAME}:refresh`,
      fn: () => this.refresh(),
    });
  }

  /**
   * Reads the ready requests and replaces the provider's entities. A call made while a refresh
   * runs waits for one more refresh after it (calls made meanwhile share that one), so a topic
   * that became ready during a read is never missed and bursts of events cost two reads.
   */
  refresh(): Promise<void> {
    if (!this.#running) {
      this.#running = this.#refreshOnce().finally(() => {
        this.#running = undefined;
      });
      return this.#running;
    }
    this.#queued ??= this.#running.then(() => {
      this.#queued = undefined;
      return this.refresh();
    });
    return this.#queued;
  }

  async #refreshOnce(): Promise<void> {
    const connection = this.#connection;
    if (!connection) {
      this.#logger.debug(
        'kafka topic entities not refreshed: the catalog has not connected the provider yet',
      );
      return;
    }
    let requests: TopicRequest[];
    try {
      requests = await this.#source.listReady();
    } catch (error) {
      this.#logger.warn(
        `Kafka topic entities not refreshed, the catalog keeps the last ones it read: ${
          error instanceof Error ? error.message : String(error)
        }. Check that the kafka-taas backend plugin is installed and running and that discovery resolves plugin id kafka-taas; the next refresh retries.`,
      );
      return;
    }
    const entities = await this.#entitiesOf(requests);
    await connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: PROVIDER_NAME,
      })),
    });
    this.#logger.info('kafka topic entities refreshed', {
      topics: entities.length,
      readyRequests: requests.length,
    });
  }

  /**
   * One entity per topic name (none for a topic no environment has any more); of topics whose
   * entity names clash, only the first by topic name.
   */
  async #entitiesOf(requests: TopicRequest[]): Promise<Entity[]> {
    const byTopic = new Map<string, TopicRequest[]>();
    for (const request of requests) {
      byTopic.set(request.topicName, [
        ...(byTopic.get(request.topicName) ?? []),
        request,
      ]);
    }

    const topicOfName = new Map<string, string>();
    const entities: Entity[] = [];
    for (const topicName of [...byTopic.keys()].sort()) {
      const topicRequests = byTopic.get(topicName) ?? [];
      const entity = topicEntityFromRequests(topicRequests);
      if (!entity) continue;
      // The catalog compares entity names case-insensitively.
      const key = entity.metadata.name.toLocaleLowerCase('en-US');
      const holder = topicOfName.get(key);
      if (holder !== undefined) {
        this.#logger.warn(
          `Kafka topic ${topicName} is left out of the catalog: its entity name ${entity.metadata.name} is already that of topic ${holder}. Entity names are case-insensitive and long names are shortened; rename one of the topics to tell them apart.`,
        );
        continue;
      }
      topicOfName.set(key, topicName);

      // The topic's first request: a stable location while environments come and go.
      const [first] = [...topicRequests].sort(
        (a, b) =>
          Number(b.kind === 'create') - Number(a.kind === 'create') ||
          a.createdAt.localeCompare(b.createdAt) ||
          a.id.localeCompare(b.id),
      );
      const location = `url:${await this.#source.requestUrl(first.id)}`;
      entities.push({
        ...entity,
        metadata: {
          ...entity.metadata,
          annotations: {
            ...entity.metadata.annotations,
            [ANNOTATION_LOCATION]: location,
            [ANNOTATION_ORIGIN_LOCATION]: location,
          },
        },
      });
    }
    return entities;
  }
}
