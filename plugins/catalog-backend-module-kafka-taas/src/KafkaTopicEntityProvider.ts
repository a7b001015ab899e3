import { isDeepStrictEqual } from 'node:util';
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

/**
 * What one topic made at a refresh, kept to the next one: while its inputs (its inventory item
 * and its declaration) stay the same, its entities are neither built nor written again.
 */
type TopicOutput = {
  item: KafkaTopicSummary;
  declaration?: Declaration;
  /** Numbers each build: what {@link KafkaTopicEntityProvider} records as written. */
  version: number;
  /** The name of its kafka-topic entity; none when declared elsewhere. */
  name?: string;
  /** That name lower-cased: the catalog compares entity names case-insensitively. */
  nameKey?: string;
  unowned: boolean;
  /** Its entities: the topic's (unless declared elsewhere), and its API's when it has a schema. */
  refs: string[];
  apiRef?: string;
};

/** A topic declared elsewhere: its entity ref, and its entity once the catalog lists it. */
type Declaration = { ref: string; entity?: Entity };

/**
 * Emits one `kind: Resource`, `spec.type: kafka-topic` entity per topic name found live on the
 * configured clusters (`GET /topics?include=schemas,configs` of the kafka-taas backend): owner, system,
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
  /** Cluster → the items of the inventory it was last read in (its topics there). */
  readonly #lastRead = new Map<string, KafkaTopicSummary[]>();
  /**
   * Entity ref → version of the topic output it was last written from; unset until the first
   * refresh (0 for an entity the catalog listed after a start: written again once).
   */
  #emitted?: Map<string, number>;
  /** Topic name → what it made at the last refresh. */
  #outputs = new Map<string, TopicOutput>();
  #version = 0;
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

    let emitted: Map<string, number>;
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
    this.#emitted = emitted;
    const { current, written, apis, unowned } = await this.#writeChanged(
      connection,
      inventory,
      declared,
      declarations,
      emitted,
    );
    // The processor relates the API entities to their topic and to its producers and consumers.
    this.#index.setApiEntities(apis);
    const removed = await this.#removeGone(connection, current, emitted);
    this.#logger.info('kafka topic entities refreshed', {
      entities: current.size,
      written,
      removed,
      unowned,
      declaredElsewhere: inventory.items.filter(item => declared.has(item.name))
        .length,
      unreachableClusters: inventory.unreachableClusters.length,
    });
  }

  /**
   * The inventory, plus the last known topics of each unreachable cluster (warning about each),
   * and remembers in which inventory each reachable cluster was read.
   */
  #withLastKnown(inventory: KafkaTopicInventory): KafkaTopicInventory {
    const unreachable = new Set(
      inventory.unreachableClusters.map(c => c.cluster),
    );
    // A reachable cluster with no topics is in neither list: forget what it had.
    for (const cluster of this.#lastRead.keys()) {
      if (!unreachable.has(cluster)) this.#lastRead.delete(cluster);
    }
    for (const item of inventory.items) {
      for (const { cluster } of item.clusters) {
        this.#lastRead.set(cluster, inventory.items);
      }
    }
    if (unreachable.size === 0) return inventory;

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
      const known = (this.#lastRead.get(cluster) ?? []).filter(item =>
        item.clusters.some(p => p.cluster === cluster),
      );
      this.#logger.warn(
        this.#lastRead.has(cluster)
          ? `Kafka cluster ${cluster} (environment ${environment}) could not be read: ${error}. The catalog keeps the ${known.length} topics it had at its last read until the cluster answers again.`
          : `Kafka cluster ${cluster} (environment ${environment}) could not be read: ${error}. It has not been read since the catalog started, so its topics are not in the catalog until it answers.`,
      );
      for (const topic of known) {
        const placements = topic.clusters.filter(p => p.cluster === cluster);
        const schemas = topic.schemas?.filter(s => s.cluster === cluster);
        const item = items.get(topic.name);
        if (!item) {
          items.set(topic.name, {
            name: topic.name,
            clusters: placements,
            requests: topic.requests,
            ...(schemas && { schemas }),
          });
          continue;
        }
        if (!item.clusters.some(p => p.cluster === cluster)) {
          item.clusters.push(...placements);
        }
        if (schemas?.length) {
          item.schemas = [...(item.schemas ?? []), ...schemas];
        }
      }
    }
    return {
      items: [...items.values()],
      unreachableClusters: inventory.unreachableClusters,
    };
  }

  /**
   * Writes `entities` (one delta mutation) and records them in `emitted` (entity ref →
   * version) once it lands, so a failed write is retried by the next refresh.
   */
  async #add(
    connection: EntityProviderConnection,
    entities: Array<{ ref: string; version: number; entity: Entity }>,
    emitted: Map<string, number>,
  ) {
    await connection.applyMutation({
      type: 'delta',
      // No location key: a declaration in a catalog-info.yaml (which has one) takes the
      // entity over without a conflict.
      added: entities.map(({ entity }) => ({ entity })),
      removed: [],
    });
    for (const { ref, version } of entities) emitted.set(ref, version);
  }

  /** Removes the entities in `emitted` that are not `current`; returns how many. */
  async #removeGone(
    connection: EntityProviderConnection,
    current: Set<string>,
    emitted: Map<string, number>,
  ): Promise<number> {
    const removed = [...emitted.keys()].filter(ref => !current.has(ref));
    for (let i = 0; i < removed.length; i += MUTATION_CHUNK) {
      const chunk = removed.slice(i, i + MUTATION_CHUNK);
      await connection.applyMutation({
        type: 'delta',
        added: [],
        removed: chunk.map(entityRef => ({ entityRef })),
      });
      for (const ref of chunk) emitted.delete(ref);
    }
    return removed.length;
  }

  /**
   * The entities this provider wrote before this start, as the catalog lists them (version 0:
   * each is written again once, which the catalog skips when it has not changed).
   */
  async #providedInCatalog(): Promise<Map<string, number>> {
    const { items } = await this.#catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${PROVIDER_ANNOTATION}`]: PROVIDER_NAME,
        },
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials: await this.#auth.getOwnServiceCredentials() },
    );
    return new Map(items.map(entity => [stringifyEntityRef(entity), 0]));
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
   *
   * Builds entities only for topics whose inputs changed since the last refresh (or whose
   * entities `emitted` does not hold at their version), and writes them as they come, 1,000
   * per mutation. Returns every current entity ref, how many were written, topic name → API
   * entity ref, and how many topics are unowned.
   */
  async #writeChanged(
    connection: EntityProviderConnection,
    inventory: KafkaTopicInventory,
    declared: Map<string, string>,
    declarations: Map<string, Entity>,
    emitted: Map<string, number>,
  ): Promise<{
    current: Set<string>;
    written: number;
    apis: Map<string, string>;
    unowned: number;
  }> {
    let unowned = 0;
    let written = 0;
    const current = new Set<string>();
    let changed: Array<{ ref: string; version: number; entity: Entity }> = [];
    const apis = new Map<string, string>();
    const outputs = new Map<string, TopicOutput>();
    const topicOfName = new Map<string, string>();
    // By code unit, as the topic names sort on the broker.
    const items = [...inventory.items].sort((a, b) =>
      a.name < b.name ? -1 : Number(a.name > b.name),
    );
    for (const item of items) {
      if (item.clusters.length === 0) continue;
      const declaredRef = declared.get(item.name);
      const declaration: Declaration | undefined = declaredRef
        ? {
            ref: declaredRef,
            // A declaration the processor saw but the catalog does not list yet gets its API
            // entity once it is listed.
            entity: declarations.get(item.name),
          }
        : undefined;
      let output = this.#outputs.get(item.name);
      let built: Entity[] | undefined;
      if (
        output &&
        isDeepStrictEqual(output.item, item) &&
        isDeepStrictEqual(output.declaration, declaration)
      ) {
        // The same inputs: keep this inventory's objects, not the last one's.
        output.item = item;
        output.declaration = declaration;
      } else {
        built = await this.#build(item, declaration);
        output = this.#outputOf(item, declaration, built);
      }
      outputs.set(item.name, output);

      if (output.nameKey !== undefined) {
        const holder = topicOfName.get(output.nameKey);
        if (holder !== undefined) {
          this.#logger.warn(
            `Kafka topic ${item.name} is left out of the catalog: its entity name ${output.name} is already that of topic ${holder}. Entity names are case-insensitive and long names are shortened; rename one of the topics to tell them apart.`,
          );
          continue;
        }
        topicOfName.set(output.nameKey, item.name);
      }
      if (output.unowned) unowned++;
      for (const ref of output.refs) current.add(ref);
      if (output.apiRef) apis.set(item.name, output.apiRef);

      const { version } = output;
      if (output.refs.every(ref => emitted.get(ref) === version)) continue;
      built ??= await this.#build(item, declaration);
      for (const entity of built) {
        const ref = stringifyEntityRef(entity);
        if (emitted.get(ref) !== version)
          changed.push({ ref, version, entity });
      }
      if (changed.length >= MUTATION_CHUNK) {
        await this.#add(connection, changed, emitted);
        written += changed.length;
        changed = [];
      }
    }
    if (changed.length > 0) {
      await this.#add(connection, changed, emitted);
      written += changed.length;
    }
    this.#outputs = outputs;
    return { current, written, apis, unowned };
  }

  #outputOf(
    item: KafkaTopicSummary,
    declaration: Declaration | undefined,
    entities: Entity[],
  ): TopicOutput {
    const topic = declaration
      ? undefined
      : entities.find(e => e.kind !== 'API');
    const api = entities.find(e => e.kind === 'API');
    return {
      item,
      declaration,
      version: ++this.#version,
      name: topic?.metadata.name,
      nameKey: topic?.metadata.name.toLocaleLowerCase('en-US'),
      unowned: topic?.metadata.annotations?.[UNOWNED_ANNOTATION] === 'true',
      refs: entities.map(e => stringifyEntityRef(e)),
      apiRef: api && stringifyEntityRef(api),
    };
  }

  /**
   * A topic's entities: its kafka-topic entity, unless declared elsewhere, and its API entity
   * when it has a schema (for a declared topic, from the declaration once the catalog lists it).
   */
  async #build(
    item: KafkaTopicSummary,
    declaration: Declaration | undefined,
  ): Promise<Entity[]> {
    if (declaration) {
      const api =
        declaration.entity && this.#apiEntityOf(declaration.entity, item);
      return api ? [await this.#ours(api, item)] : [];
    }
    const entity = topicEntityFromSummary(item, {
      unownedOwner: this.#unownedOwner,
    });
    const api = this.#apiEntityOf(entity, item);
    return Promise.all(
      [entity, ...(api ? [api] : [])].map(e => this.#ours(e, item)),
    );
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
