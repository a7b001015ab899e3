import { createHash } from 'node:crypto';
import {
  AuthService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogService,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  KAFKA_TOPIC_ENTITY_TYPE,
  KafkaTopicInventory,
  KafkaTopicSummary,
  TOPIC_NAME_ANNOTATION,
  UNOWNED_ANNOTATION,
  topicApiEntity,
  topicEntityFromSummary,
} from '@kafka-taas/plugin-kafka-taas-common';
import { KafkaTaasSource } from './KafkaTaasClient';
import { KafkaTopicIndex } from './KafkaTopicIndex';

/** The provider's name, and the value of {@link PROVIDER_ANNOTATION} on its entities. */
export const PROVIDER_NAME = 'kafka-taas-topics';

/**
 * On every entity this provider emits: tells its entities from declared ones (catalog-info.yaml)
 * in the catalog's answers and in the processor.
 */
export const PROVIDER_ANNOTATION = 'kafka-taas/provider';

/** Whether the entity was emitted by this provider (not declared in a catalog-info.yaml). */
export function isProvidedTopic(entity: Entity): boolean {
  return entity.metadata.annotations?.[PROVIDER_ANNOTATION] === PROVIDER_NAME;
}

/** The real topic name of a kafka-topic entity: its annotation, else its entity name. */
export function topicNameOfEntity(entity: Entity): string {
  return (
    entity.metadata.annotations?.[TOPIC_NAME_ANNOTATION] ?? entity.metadata.name
  );
}

/** Entities per delta mutation. */
const MUTATION_CHUNK = 1_000;

/** What the catalog holds of an emitted entity, to tell whether it changed. */
function hashOf(entity: Entity): string {
  return createHash('sha256').update(JSON.stringify(entity)).digest('base64');
}

type ClusterTopics = {
  environment: string;
  topics: KafkaTopicSummary[];
};

/**
 * Emits one `kind: Resource`, `spec.type: kafka-topic` entity per topic name found live on the
 * configured clusters (`GET /topics?include=schemas` of the kafka-taas backend): owner, system,
 * description, classification and criticality from its ready requests, else owned by the
 * configured `unownedOwner` and marked unowned. The clusters and environments annotations are
 * where it lives.
 *
 * Declared topics win: topics the catalog already has from a catalog-info.yaml (a kafka-topic
 * Resource without {@link PROVIDER_ANNOTATION}) are left out of each refresh, except for their
 * AsyncAPI `API` entity, which is built from the declaration (its owner, system, name). Entities are
 * emitted without a location key, so a declaration (which has one) takes over an entity this
 * provider emitted before, with no conflict.
 *
 * Each refresh writes only what changed since the last one, as delta mutations of at most
 * 1,000 entities (the catalog's memory and transactions stay small at 50,000 topics, and a
 * refresh where nothing changed writes nothing): new and changed entities, and the removal of
 * those whose topic is gone (a topic deleted from its clusters disappears). The first refresh
 * after a start compares with the entities of this provider the catalog lists. A cluster that
 * cannot be read keeps the topics it had at its last read, with a warning. When the kafka-taas
 * backend or the catalog cannot be read, the refresh logs why and changes nothing.
 * @public
 */
export class KafkaTopicEntityProvider implements EntityProvider {
  readonly #source: KafkaTaasSource;
  readonly #index: KafkaTopicIndex;
  readonly #catalog: Pick<CatalogService, 'getEntities'>;
  readonly #auth: AuthService;
  readonly #logger: LoggerService;
  readonly #unownedOwner: string;
  readonly #taskRunner?: SchedulerServiceTaskRunner;
  /** Cluster → its topics at its last successful read. */
  readonly #lastKnown = new Map<string, ClusterTopics>();
  /** Entity ref → hash of what this provider last wrote; unset until the first refresh. */
  #emitted?: Map<string, string>;
  #connection?: EntityProviderConnection;
  #running?: Promise<void>;
  #queued?: Promise<void>;

  static create(options: {
    source: KafkaTaasSource;
    index: KafkaTopicIndex;
    catalog: Pick<CatalogService, 'getEntities'>;
    auth: AuthService;
    logger: LoggerService;
    /** Group ref of the owner of topics nobody requested or declared. */
    unownedOwner: string;
    /** Runs the scheduled refresh; without one, only {@link KafkaTopicEntityProvider.refresh} does. */
    taskRunner?: SchedulerServiceTaskRunner;
  }) {
    return new KafkaTopicEntityProvider(options);
  }

  private constructor(options: {
    source: KafkaTaasSource;
    index: KafkaTopicIndex;
    catalog: Pick<CatalogService, 'getEntities'>;
    auth: AuthService;
    logger: LoggerService;
    unownedOwner: string;
    taskRunner?: SchedulerServiceTaskRunner;
  }) {
    this.#source = options.source;
    this.#index = options.index;
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#logger = options.logger;
    this.#unownedOwner = options.unownedOwner;
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
   * Reads the topics and replaces the provider's entities. A call made while a refresh runs
   * waits for one more refresh after it (calls made meanwhile share that one), so a topic
   * provisioned during a read is never missed and bursts of events cost two reads.
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
    let inventory: KafkaTopicInventory;
    try {
      inventory = this.#withLastKnown(await this.#source.readInventory());
    } catch (error) {
      this.#logger.warn(
        `Kafka topic entities not refreshed, the catalog keeps the last ones it read: ${messageOf(
          error,
        )}. Check that the kafka-taas backend plugin is installed and running and that discovery resolves plugin id kafka-taas; the next refresh retries.`,
      );
      return;
    }
    this.#index.setInventory(inventory);

    let declared: Map<string, string>;
    let declarations: Map<string, Entity>;
    try {
      declarations = await this.#declaredInCatalog();
      this.#index.setDeclaredInCatalog(
        new Map(
          [...declarations].map(([topic, entity]) => [
            topic,
            stringifyEntityRef(entity),
          ]),
        ),
      );
      declared = this.#index.declaredTopics();
    } catch (error) {
      this.#logger.warn(
        `Kafka topic entities not refreshed, the catalog keeps the last ones it read: could not list the kafka-topic Resources declared in the catalog, and emitting topics that may be declared would conflict with them: ${messageOf(
          error,
        )}. The next refresh retries.`,
      );
      return;
    }

    const entities = await this.#entitiesOf(inventory, declared, declarations);
    // The processor relates the API entities to their topic and to its producers and consumers.
    this.#index.setApiEntities(
      new Map(
        entities
          .filter(e => e.kind === 'API')
          .map(e => [topicNameOfEntity(e), stringifyEntityRef(e)]),
      ),
    );
    let emitted: Map<string, string>;
    try {
      emitted = this.#emitted ?? (await this.#providedInCatalog());
    } catch (error) {
      this.#logger.warn(
        `Kafka topic entities not refreshed, the catalog keeps the last ones it read: could not list the entities this provider wrote before this start, to remove those of deleted topics: ${messageOf(
          error,
        )}. The next refresh retries.`,
      );
      return;
    }
    const { added, removed } = await this.#write(connection, entities, emitted);
    this.#logger.info('kafka topic entities refreshed', {
      entities: entities.length,
      written: added,
      removed,
      unowned: entities.filter(
        e => e.metadata.annotations?.[UNOWNED_ANNOTATION] === 'true',
      ).length,
      declaredElsewhere: inventory.items.filter(item => declared.has(item.name))
        .length,
      unreachableClusters: inventory.unreachableClusters.length,
    });
  }

  /**
   * The inventory, plus the last known topics of each unreachable cluster (warning about each),
   * and remembers what each reachable cluster has now.
   */
  #withLastKnown(inventory: KafkaTopicInventory): KafkaTopicInventory {
    const unreachable = new Set(
      inventory.unreachableClusters.map(c => c.cluster),
    );
    const now = new Map<string, ClusterTopics>();
    for (const item of inventory.items) {
      for (const placement of item.clusters) {
        const entry = now.get(placement.cluster) ?? {
          environment: placement.environment,
          topics: [],
        };
        entry.topics.push({
          name: item.name,
          clusters: [placement],
          requests: item.requests,
          ...(item.schemas && {
            schemas: item.schemas.filter(s => s.cluster === placement.cluster),
          }),
        });
        now.set(placement.cluster, entry);
      }
    }
    // A reachable cluster with no topics is in neither list: forget what it had.
    for (const cluster of this.#lastKnown.keys()) {
      if (!unreachable.has(cluster)) this.#lastKnown.delete(cluster);
    }
    for (const [cluster, entry] of now) this.#lastKnown.set(cluster, entry);

    const items = new Map(
      inventory.items.map(item => [
        item.name,
        { ...item, clusters: [...item.clusters] },
      ]),
    );
    for (const {
      cluster,
      environment,
      error,
    } of inventory.unreachableClusters) {
      const known = this.#lastKnown.get(cluster);
      this.#logger.warn(
        known
          ? `Kafka cluster ${cluster} (environment ${environment}) could not be read: ${error}. The catalog keeps the ${known.topics.length} topics it had at its last read until the cluster answers again.`
          : `Kafka cluster ${cluster} (environment ${environment}) could not be read: ${error}. It has not been read since the catalog started, so its topics are not in the catalog until it answers.`,
      );
      for (const topic of known?.topics ?? []) {
        const item = items.get(topic.name);
        if (!item) {
          items.set(topic.name, { ...topic, clusters: [...topic.clusters] });
          continue;
        }
        if (!item.clusters.some(p => p.cluster === cluster)) {
          item.clusters.push(...topic.clusters);
        }
        if (topic.schemas?.length) {
          item.schemas = [...(item.schemas ?? []), ...topic.schemas];
        }
      }
    }
    return {
      items: [...items.values()],
      unreachableClusters: inventory.unreachableClusters,
    };
  }

  /**
   * Writes what changed since `emitted` (entity ref → hash, updated as each mutation lands, so
   * a failed write is retried by the next refresh).
   */
  async #write(
    connection: EntityProviderConnection,
    entities: Entity[],
    emitted: Map<string, string>,
  ): Promise<{ added: number; removed: number }> {
    this.#emitted = emitted;
    const current = new Map(
      entities.map(entity => [
        stringifyEntityRef(entity),
        { entity, hash: hashOf(entity) },
      ]),
    );
    const added = [...current].filter(
      ([ref, { hash }]) => emitted.get(ref) !== hash,
    );
    const removed = [...emitted.keys()].filter(ref => !current.has(ref));
    for (let i = 0; i < added.length; i += MUTATION_CHUNK) {
      const chunk = added.slice(i, i + MUTATION_CHUNK);
      await connection.applyMutation({
        type: 'delta',
        // No location key: a declaration in a catalog-info.yaml (which has one) takes the
        // entity over without a conflict.
        added: chunk.map(([, { entity }]) => ({ entity })),
        removed: [],
      });
      for (const [ref, { hash }] of chunk) emitted.set(ref, hash);
    }
    for (let i = 0; i < removed.length; i += MUTATION_CHUNK) {
      const chunk = removed.slice(i, i + MUTATION_CHUNK);
      await connection.applyMutation({
        type: 'delta',
        added: [],
        removed: chunk.map(entityRef => ({ entityRef })),
      });
      for (const ref of chunk) emitted.delete(ref);
    }
    return { added: added.length, removed: removed.length };
  }

  /**
   * The entities this provider wrote before this start, as the catalog lists them (hashes
   * unknown: each is written again once, which the catalog skips when it has not changed).
   */
  async #providedInCatalog(): Promise<Map<string, string>> {
    const { items } = await this.#catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${PROVIDER_ANNOTATION}`]: PROVIDER_NAME,
        },
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials: await this.#auth.getOwnServiceCredentials() },
    );
    return new Map(items.map(entity => [stringifyEntityRef(entity), '']));
  }

  /** Topic name → the kafka-topic Resources in the catalog not emitted here (the fields the API entity needs). */
  async #declaredInCatalog(): Promise<Map<string, Entity>> {
    const { items } = await this.#catalog.getEntities(
      {
        filter: { kind: 'Resource', 'spec.type': KAFKA_TOPIC_ENTITY_TYPE },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
          'metadata.description',
          'spec.owner',
          'spec.system',
        ],
      },
      { credentials: await this.#auth.getOwnServiceCredentials() },
    );
    const declared = new Map<string, Entity>();
    for (const entity of items) {
      if (isProvidedTopic(entity)) continue;
      declared.set(topicNameOfEntity(entity), entity);
    }
    return declared;
  }

  /**
   * One entity per live topic that is not declared elsewhere; of topics whose entity names
   * clash, only the first by topic name. The AsyncAPI entity of every topic with a schema,
   * declared ones included (from their declaration as the catalog lists it).
   */
  async #entitiesOf(
    inventory: KafkaTopicInventory,
    declared: Map<string, string>,
    declarations: Map<string, Entity>,
  ): Promise<Entity[]> {
    const topicOfName = new Map<string, string>();
    const entities: Entity[] = [];
    // By code unit, as the topic names sort on the broker.
    const items = [...inventory.items].sort((a, b) =>
      a.name < b.name ? -1 : Number(a.name > b.name),
    );
    for (const item of items) {
      if (item.clusters.length === 0) continue;
      if (declared.has(item.name)) {
        // A declaration the processor saw but the catalog does not list yet gets its API
        // entity once it is listed.
        const declaration = declarations.get(item.name);
        const api = declaration && this.#apiEntityOf(declaration, item);
        if (api) entities.push(await this.#ours(api, item));
        continue;
      }
      const entity = topicEntityFromSummary(item, {
        unownedOwner: this.#unownedOwner,
      });
      // The catalog compares entity names case-insensitively.
      const key = entity.metadata.name.toLocaleLowerCase('en-US');
      const holder = topicOfName.get(key);
      if (holder !== undefined) {
        this.#logger.warn(
          `Kafka topic ${item.name} is left out of the catalog: its entity name ${entity.metadata.name} is already that of topic ${holder}. Entity names are case-insensitive and long names are shortened; rename one of the topics to tell them apart.`,
        );
        continue;
      }
      topicOfName.set(key, item.name);
      entities.push(await this.#ours(entity, item));

      // API entities: the topic's AsyncAPI description, when it has a schema.
      const api = this.#apiEntityOf(entity, item);
      if (api) entities.push(await this.#ours(api, item));
    }
    return entities;
  }

  /** The entity with this provider's annotations, located at the topic's request or the topic. */
  async #ours(entity: Entity, item: KafkaTopicSummary): Promise<Entity> {
    const location = `url:${await this.#locationOf(item)}`;
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          [PROVIDER_ANNOTATION]: PROVIDER_NAME,
          [ANNOTATION_LOCATION]: location,
          [ANNOTATION_ORIGIN_LOCATION]: location,
        },
      },
    };
  }

  /** The topic's AsyncAPI `API` entity (asyncapi.ts); undefined without a schema or when it cannot be built. */
  #apiEntityOf(topic: Entity, item: KafkaTopicSummary): Entity | undefined {
    if (!item.schemas?.length) return undefined;
    try {
      return topicApiEntity(topic, item.schemas);
    } catch (error) {
      this.#logger.warn(
        `The AsyncAPI entity of Kafka topic ${
          item.name
        } is left out of the catalog: ${messageOf(error)}`,
      );
      return undefined;
    }
  }

  /** The topic's first request (stable while environments come and go), else the topic itself. */
  async #locationOf(item: KafkaTopicSummary): Promise<string> {
    const [first] = [...item.requests].sort(
      (a, b) =>
        Number(b.kind === 'create') - Number(a.kind === 'create') ||
        a.createdAt.localeCompare(b.createdAt) ||
        a.id.localeCompare(b.id),
    );
    return first
      ? this.#source.requestUrl(first.id)
      : this.#source.topicUrl(item.name);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
