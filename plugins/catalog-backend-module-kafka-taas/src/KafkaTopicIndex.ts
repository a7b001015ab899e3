import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConsumerGroupRef,
  KafkaTopicInventory,
  KafkaTopicSummary,
  topicEntityRef,
} from '@kafka-taas/plugin-kafka-taas-common';
import { KafkaTaasSource } from './KafkaTaasClient';

/**
 * How long a declaration the processor saw keeps its topic out of the provider's entities when
 * the catalog does not list it (a declaration that fails processing is never stitched, but the
 * catalog processes it again every couple of minutes, which renews it).
 */
const DECLARED_TTL_MS = 10 * 60 * 1000;

/**
 * What the provider and the processor share in memory: the latest topic inventory and which
 * topics are declared in catalog-info.yaml files (and by which entity).
 */
export class KafkaTopicIndex {
  readonly #source: Pick<KafkaTaasSource, 'readInventory'>;
  readonly #logger: LoggerService;
  readonly #now: () => number;
  #inventory?: KafkaTopicInventory;
  /** Lookups into the latest inventory, built on first use. */
  #lookup?: {
    of: KafkaTopicInventory;
    /** Topic name → its item. */
    byName: Map<string, KafkaTopicSummary>;
    /** `<cluster>/<group>` → the topics the group has committed offsets on there. */
    byGroup: Map<string, string[]>;
  };
  #loading?: Promise<KafkaTopicInventory | undefined>;
  /** From the provider's last catalog query: topic name → entity ref. */
  #inCatalog = new Map<string, string>();
  /** From the processor: topic name → entity ref and when it was last processed. */
  #processed = new Map<string, { entityRef: string; seenAt: number }>();
  /** From the provider's last refresh: topic name → ref of the AsyncAPI API entity it emitted. */
  #apis = new Map<string, string>();

  static create(options: {
    source: Pick<KafkaTaasSource, 'readInventory'>;
    logger: LoggerService;
    /** For tests. */
    now?: () => number;
  }) {
    return new KafkaTopicIndex(options);
  }

  private constructor(options: {
    source: Pick<KafkaTaasSource, 'readInventory'>;
    logger: LoggerService;
    now?: () => number;
  }) {
    this.#source = options.source;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
  }

  /** The provider's latest inventory (with the last known topics of unreachable clusters). */
  setInventory(inventory: KafkaTopicInventory) {
    this.#inventory = inventory;
  }

  /**
   * The latest inventory; before the provider's first refresh, read once from the kafka-taas
   * backend. Undefined (with a warning) when it cannot be read.
   */
  async inventory(): Promise<KafkaTopicInventory | undefined> {
    if (this.#inventory) return this.#inventory;
    this.#loading ??= this.#source
      .readInventory()
      .then(
        inventory => {
          this.#inventory ??= inventory;
          return this.#inventory;
        },
        error => {
          this.#logger.warn(
            `Kafka topic inventory not read, declared topics are not linked to their clusters and components get no relations to topics until it is: ${
              error instanceof Error ? error.message : String(error)
            }`,
          );
          return undefined;
        },
      )
      .finally(() => {
        this.#loading = undefined;
      });
    return this.#loading;
  }

  /**
   * One topic of the latest inventory (see {@link KafkaTopicIndex.inventory}); undefined when
   * it is on no cluster or the inventory cannot be read.
   */
  async topic(topicName: string): Promise<KafkaTopicSummary | undefined> {
    return (await this.#lookupNow())?.byName.get(topicName);
  }

  /**
   * The topics on which a consumer group of the list has committed offsets on its cluster,
   * in the latest inventory; empty when the inventory cannot be read.
   */
  async topicsReadBy(groups: ConsumerGroupRef[]): Promise<Set<string>> {
    const topics = new Set<string>();
    if (groups.length === 0) return topics;
    const lookup = await this.#lookupNow();
    for (const { cluster, group } of groups) {
      for (const topic of lookup?.byGroup.get(`${cluster}/${group}`) ?? []) {
        topics.add(topic);
      }
    }
    return topics;
  }

  async #lookupNow() {
    const inventory = await this.inventory();
    if (!inventory) return undefined;
    if (this.#lookup?.of !== inventory) {
      const byName = new Map<string, KafkaTopicSummary>();
      const byGroup = new Map<string, string[]>();
      for (const item of inventory.items) {
        byName.set(item.name, item);
        for (const { cluster, consumerGroups } of item.clusters) {
          for (const group of consumerGroups) {
            const key = `${cluster}/${group}`;
            const topics = byGroup.get(key);
            if (topics) topics.push(item.name);
            else byGroup.set(key, [item.name]);
          }
        }
      }
      this.#lookup = { of: inventory, byName, byGroup };
    }
    return this.#lookup;
  }

  /** The declared topics the catalog lists now, as the provider read them. */
  setDeclaredInCatalog(declared: Map<string, string>) {
    this.#inCatalog = declared;
  }

  /** A declared topic the processor has just processed, whether or not it passed. */
  noteDeclared(topicName: string, entityRef: string) {
    this.#processed.set(topicName, { entityRef, seenAt: this.#now() });
  }

  /**
   * Topic name → entity ref of every declared topic: those the catalog lists, and those the
   * processor saw in the last 10 minutes (a brand-new declaration that fails processing is not
   * listed, yet holds the entity's place in the catalog).
   */
  declaredTopics(): Map<string, string> {
    const declared = new Map(this.#inCatalog);
    const oldest = this.#now() - DECLARED_TTL_MS;
    for (const [topicName, { entityRef, seenAt }] of this.#processed) {
      if (seenAt < oldest) this.#processed.delete(topicName);
      else if (!declared.has(topicName)) declared.set(topicName, entityRef);
    }
    return declared;
  }

  /** The AsyncAPI API entities the provider emitted in its last refresh: topic name → entity ref. */
  setApiEntities(apis: Map<string, string>) {
    this.#apis = apis;
  }

  /**
   * The entity ref of the topic's AsyncAPI API entity, when the provider emitted one (the topic
   * has a schema); undefined otherwise, and before the provider's first refresh.
   */
  apiRef(topicName: string): string | undefined {
    return this.#apis.get(topicName);
  }

  /** The entity ref of a topic: its declaration's, else the one the provider gives it. */
  topicRef(topicName: string): string {
    return (
      this.#inCatalog.get(topicName) ??
      this.#processed.get(topicName)?.entityRef ??
      topicEntityRef(topicName)
    );
  }
}
