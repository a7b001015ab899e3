import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  getCompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  CLUSTERS_ANNOTATION,
  COMMUNITY_CONSUMER_GROUPS_ANNOTATION,
  CONSUMER_GROUPS_ANNOTATION,
  driftMarks,
  ENVIRONMENTS_ANNOTATION,
  inventoryDrift,
  KAFKA_TOPIC_ENTITY_TYPE,
  KafkaTaasPolicy,
  PRODUCES_ANNOTATION,
  TOPIC_NAME_ANNOTATION,
  parseConsumerGroupsAnnotation,
  splitList,
  topicApiRelations,
  topicEntityFromRequests,
} from '@kafka-taas/plugin-kafka-taas-common';
import { checkDeclaredTopic } from './declaredTopic';
import { KafkaTaasSource } from './KafkaTaasClient';
import { KafkaTopicIndex } from './KafkaTopicIndex';
import { isProvidedTopic, topicNameOfEntity } from './KafkaTopicEntityProvider';

/** An entity ref as the minimal entity {@link topicApiRelations} reads. */
function entityLikeOf(ref: string): Entity {
  const { kind, namespace, name } = parseEntityRef(ref);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace },
  };
}

/** The policy changes with app-config only: read it again after this long. */
const POLICY_TTL_MS = 5 * 60 * 1000;

/** Whether the entity is a kafka-topic Resource declared in a catalog-info.yaml. */
export function isDeclaredTopic(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === KAFKA_TOPIC_ENTITY_TYPE &&
    !isProvidedTopic(entity)
  );
}

/**
 * The topics a component depends on: those its consumer groups (`kafka-taas/consumer-groups` or
 * the community plugin's `kafka.apache.org/consumer-groups`, `<cluster>/<group>` pairs) have
 * committed offsets on in the inventory, and those it names in `kafka-taas/produces`. Sorted,
 * without duplicates; `invalid` lists the consumer-group entries that are not `<cluster>/<group>`.
 */
export async function topicsOfComponent(
  entity: Entity,
  index: Pick<KafkaTopicIndex, 'topicsReadBy'>,
): Promise<{ consumes: string[]; produces: string[]; invalid: string[] }> {
  const annotations = entity.metadata.annotations ?? {};
  const ours = parseConsumerGroupsAnnotation(
    annotations[CONSUMER_GROUPS_ANNOTATION],
  );
  const community = parseConsumerGroupsAnnotation(
    annotations[COMMUNITY_CONSUMER_GROUPS_ANNOTATION],
  );
  const consumes = await index.topicsReadBy([
    ...ours.groups,
    ...community.groups,
  ]);
  return {
    consumes: [...consumes].sort(),
    produces: [...new Set(splitList(annotations[PRODUCES_ANNOTATION]))].sort(),
    invalid: [...ours.invalid, ...community.invalid],
  };
}

/**
 * The catalog's side of Kafka TaaS for entities it did not emit:
 *
 * - a kafka-topic Resource declared in a catalog-info.yaml is checked against the policy
 *   (`GET /policy` of the kafka-taas backend), each violation an input error of its
 *   processing, and linked to the live topic: its clusters and environments annotations are
 *   where the topic lives now (from the provider's latest inventory);
 * - a Component with consumer-groups or produces annotations gets `dependsOn` relations to
 *   those topics, and the topics `dependencyOf` relations to it; it `consumesApi` /
 *   `providesApi` the AsyncAPI API entity of each of those topics that has one;
 * - a topic's API entity (emitted by the provider) `dependsOn` its topic, and the consumers its
 *   topic requests name `consumesApi` it.
 */
export class KafkaTopicProcessor implements CatalogProcessor {
  readonly #source: Pick<KafkaTaasSource, 'readPolicy'>;
  readonly #index: KafkaTopicIndex;
  readonly #logger: LoggerService;
  readonly #now: () => number;
  #policy?: { value: KafkaTaasPolicy; readAt: number };
  #loadingPolicy?: Promise<KafkaTaasPolicy | undefined>;

  static create(options: {
    source: Pick<KafkaTaasSource, 'readPolicy'>;
    index: KafkaTopicIndex;
    logger: LoggerService;
    /** For tests. */
    now?: () => number;
  }) {
    return new KafkaTopicProcessor(options);
  }

  private constructor(options: {
    source: Pick<KafkaTaasSource, 'readPolicy'>;
    index: KafkaTopicIndex;
    logger: LoggerService;
    now?: () => number;
  }) {
    this.#source = options.source;
    this.#index = options.index;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
  }

  getProcessorName(): string {
    return 'KafkaTaasTopicProcessor';
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!isDeclaredTopic(entity)) return entity;
    const topicName = topicNameOfEntity(entity);
    this.#index.noteDeclared(topicName, stringifyEntityRef(entity));

    const item = await this.#index.topic(topicName);
    const placements = item?.clusters ?? [];
    const policy = await this.#readPolicy();
    if (policy) {
      const live = [...new Set(placements.map(p => p.environment))];
      for (const violation of checkDeclaredTopic(entity, policy, live)) {
        emit(processingResult.inputError(location, violation.message));
      }
    }

    const unique = (values: string[]) => [...new Set(values)].join(',');
    const drift =
      item && driftMarks(inventoryDrift(item, entity.metadata.annotations));
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          [TOPIC_NAME_ANNOTATION]: topicName,
          ...(placements.length > 0 && {
            [CLUSTERS_ANNOTATION]: unique(placements.map(p => p.cluster)),
            [ENVIRONMENTS_ANNOTATION]: unique(
              placements.map(p => p.environment),
            ),
          }),
          ...drift?.annotations,
        },
        ...(drift && {
          labels: { ...entity.metadata.labels, ...drift.labels },
        }),
      },
    };
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const kind = entity.kind.toLocaleLowerCase('en-US');
    if (kind === 'api' && isProvidedTopic(entity)) {
      await this.#relateApi(entity, emit);
    } else if (kind === 'component') {
      await this.#relateComponent(entity, location, emit);
    }
    return entity;
  }

  /**
   * A topic's API entity: it depends on its topic, and the consumers its topic requests name
   * consume it (components whose consumer groups read it and producers are related when those
   * components are processed).
   */
  async #relateApi(api: Entity, emit: CatalogProcessorEmit) {
    const topicName = topicNameOfEntity(api);
    const item = await this.#index.topic(topicName);
    const requested =
      item && item.requests.length > 0
        ? topicEntityFromRequests(item.requests)
        : undefined;
    const relations = topicApiRelations({
      api,
      topic: entityLikeOf(this.#index.topicRef(topicName)),
      consumers: requested?.spec.dependencyOf ?? [],
    });
    for (const relation of relations) emit(processingResult.relation(relation));
  }

  /**
   * A component with consumer-groups or produces annotations: it depends on those topics (and
   * they are a dependency of it); it consumes or provides the API of each that has one.
   */
  async #relateComponent(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ) {
    const annotations = entity.metadata.annotations ?? {};
    const hasGroups =
      CONSUMER_GROUPS_ANNOTATION in annotations ||
      COMMUNITY_CONSUMER_GROUPS_ANNOTATION in annotations;
    if (!hasGroups && !(PRODUCES_ANNOTATION in annotations)) return;

    const { consumes, produces, invalid } = await topicsOfComponent(
      entity,
      this.#index,
    );
    if (invalid.length > 0) {
      emit(
        processingResult.inputError(
          location,
          `${CONSUMER_GROUPS_ANNOTATION} / ${COMMUNITY_CONSUMER_GROUPS_ANNOTATION}: ${invalid
            .map(entry => JSON.stringify(entry))
            .join(
              ', ',
            )} is not a <cluster>/<group> pair (allowed: comma-separated <cluster>/<group>, e.g. local-dev/ledger)`,
        ),
      );
    }
    const self = getCompoundEntityRef(entity);
    const selfRef = stringifyEntityRef(entity);
    for (const topicName of new Set([...consumes, ...produces])) {
      const topicRef = this.#index.topicRef(topicName);
      const topic = parseEntityRef(topicRef);
      emit(
        processingResult.relation({
          source: self,
          type: RELATION_DEPENDS_ON,
          target: topic,
        }),
      );
      emit(
        processingResult.relation({
          source: topic,
          type: RELATION_DEPENDENCY_OF,
          target: self,
        }),
      );

      const apiRef = this.#index.apiRef(topicName);
      if (!apiRef) continue;
      const relations = topicApiRelations({
        api: entityLikeOf(apiRef),
        topic: entityLikeOf(topicRef),
        consumers: consumes.includes(topicName) ? [selfRef] : [],
        producers: produces.includes(topicName) ? [selfRef] : [],
      });
      // The API entity relates itself to its topic; this component adds only its own relations.
      for (const relation of relations) {
        if (
          relation.type === RELATION_DEPENDS_ON ||
          relation.type === RELATION_DEPENDENCY_OF
        ) {
          continue;
        }
        emit(processingResult.relation(relation));
      }
    }
  }

  /** The policy, read at most every 5 minutes; undefined (with a warning) when it cannot be. */
  async #readPolicy(): Promise<KafkaTaasPolicy | undefined> {
    const cached = this.#policy;
    if (cached && this.#now() - cached.readAt < POLICY_TTL_MS) {
      return cached.value;
    }
    this.#loadingPolicy ??= this.#source
      .readPolicy()
      .then(
        value => {
          this.#policy = { value, readAt: this.#now() };
          return value;
        },
        error => {
          this.#logger.warn(
            `Declared Kafka topics are not checked against the policy until it can be read: ${
              error instanceof Error ? error.message : String(error)
            }`,
          );
          return cached?.value;
        },
      )
      .finally(() => {
        this.#loadingPolicy = undefined;
      });
    return this.#loadingPolicy;
  }
}
