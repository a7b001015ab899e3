import { Entity } from '@backstage/catalog-model';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  KAFKA_TOPIC_ENTITY_TYPE,
  KafkaTopicInventoryWithWarnings,
  KafkaTopicLag,
} from '@kafka-taas/plugin-kafka-taas-common';
import { kafkaTaasApiRef } from '../../api';
import { topicNameOf } from '../lag/entities';
import { forEachLimit } from './dashboard';

/** How many topics' lag are read at once: the backend reads each topic's groups from Kafka. */
export const LAG_CONCURRENCY = 4;

/** The catalog fields the dashboard shows. */
export const TOPIC_ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
];

/** The caller's topics from the catalog, and where they live from the clusters. */
export interface MyTopics {
  /** The caller's ownership refs: the user and their groups. */
  ownershipEntityRefs: string[];
  /** Topic entities owned by one of them, sorted by topic name. */
  entities: Entity[];
  /** `GET /topics`, or why it could not be read: partitions are unknown then. */
  inventory?: KafkaTopicInventoryWithWarnings;
  inventoryError?: Error;
}

/** The lag of one topic, or why it could not be read. */
export type TopicLagResult = { lag: KafkaTopicLag } | { error: Error };

/**
 * The Kafka topics owned by the signed-in user's groups (catalog `kind: Resource`,
 * `spec.type: kafka-topic`, owned by one of the user's ownership refs) and the clusters'
 * inventory, read together; `retry` reads both again.
 */
export function useMyTopics() {
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  const api = useApi(kafkaTaasApiRef);
  return useAsyncRetry(async (): Promise<MyTopics> => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    const [entities, inventory] = await Promise.all([
      ownershipEntityRefs.length === 0
        ? Promise.resolve([])
        : catalogApi
            .getEntities({
              filter: {
                kind: 'Resource',
                'spec.type': KAFKA_TOPIC_ENTITY_TYPE,
                'relations.ownedBy': ownershipEntityRefs,
              },
              fields: TOPIC_ENTITY_FIELDS,
            })
            .then(response => response.items),
      api.listTopics().then(
        value => ({ inventory: value }),
        (error: Error) => ({ inventoryError: error }),
      ),
    ]);
    return {
      ownershipEntityRefs,
      entities: [...entities].sort((a, b) =>
        topicNameOf(a).localeCompare(topicNameOf(b)),
      ),
      ...inventory,
    };
  }, [identityApi, catalogApi, api]);
}

/**
 * The lag of every topic, read {@link LAG_CONCURRENCY} at a time; the map fills as answers
 * come. Reads again when the topics change.
 */
export function useTopicLags(topics: readonly string[] | undefined) {
  const api = useApi(kafkaTaasApiRef);
  const [lags, setLags] = useState<ReadonlyMap<string, TopicLagResult>>(
    new Map(),
  );
  useEffect(() => {
    setLags(new Map());
    if (!topics) return undefined;
    let cancelled = false;
    forEachLimit(topics, LAG_CONCURRENCY, async topic => {
      const result: TopicLagResult = await api.getTopicLag(topic).then(
        lag => ({ lag }),
        (error: Error) => ({ error }),
      );
      if (!cancelled) {
        setLags(previous => new Map(previous).set(topic, result));
      }
    });
    return () => {
      cancelled = true;
    };
  }, [api, topics]);
  return lags;
}
