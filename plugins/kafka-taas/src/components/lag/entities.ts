import { Entity } from '@backstage/catalog-model';
import {
  COMMUNITY_CONSUMER_GROUPS_ANNOTATION,
  CONSUMER_GROUPS_ANNOTATION,
  ConsumerGroupRef,
  parseConsumerGroupsAnnotation,
  TOPIC_NAME_ANNOTATION,
} from '@kafka-taas/plugin-kafka-taas-common';

/**
 * A Kafka topic's catalog entity: `kind: Resource` with `spec.type: kafka-topic`.
 * @public
 */
export function isKafkaTopicEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === 'kafka-topic'
  );
}

/**
 * An entity that names its consumer groups, in the `kafka-taas/consumer-groups` annotation or
 * the community Kafka plugin's `kafka.apache.org/consumer-groups`.
 * @public
 */
export function hasKafkaConsumerGroups(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[CONSUMER_GROUPS_ANNOTATION]?.trim() ||
      annotations[COMMUNITY_CONSUMER_GROUPS_ANNOTATION]?.trim(),
  );
}

/** The topic an entity stands for: its `kafka-taas/topic-name` annotation, else its name. */
export function topicNameOf(entity: Entity): string {
  return (
    entity.metadata.annotations?.[TOPIC_NAME_ANNOTATION]?.trim() ||
    entity.metadata.name
  );
}

/** An annotation entry that is not a `<cluster>/<group>` pair. */
export interface InvalidConsumerGroupEntry {
  annotation: string;
  entry: string;
}

/**
 * The consumer groups an entity names in both annotations, ours first, without duplicates,
 * and the entries that are not `<cluster>/<group>` pairs with the annotation they are in.
 */
export function consumerGroupsOf(entity: Entity): {
  groups: ConsumerGroupRef[];
  invalid: InvalidConsumerGroupEntry[];
} {
  const annotations = entity.metadata.annotations ?? {};
  const groups: ConsumerGroupRef[] = [];
  const invalid: InvalidConsumerGroupEntry[] = [];
  const seen = new Set<string>();
  for (const annotation of [
    CONSUMER_GROUPS_ANNOTATION,
    COMMUNITY_CONSUMER_GROUPS_ANNOTATION,
  ]) {
    const parsed = parseConsumerGroupsAnnotation(annotations[annotation]);
    for (const ref of parsed.groups) {
      const key = `${ref.cluster}/${ref.group}`;
      if (seen.has(key)) continue;
      seen.add(key);
      groups.push(ref);
    }
    invalid.push(...parsed.invalid.map(entry => ({ annotation, entry })));
  }
  return { groups, invalid };
}
