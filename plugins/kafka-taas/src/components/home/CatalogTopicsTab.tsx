import { Entity } from '@backstage/catalog-model';
import { EmptyState, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { ReactNode } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { KAFKA_TOPIC_ENTITY_TYPE } from '@kafka-taas/plugin-kafka-taas-common';
import { topicNameOf } from '../lag/entities';
import { TabError } from './TabError';
import { TOPIC_ENTITY_FIELDS } from './useMyTopics';

/**
 * A tab over the kafka-topic Resources of the catalog that match `filter` (a constant, e.g. a
 * label): the read's error (with a retry), progress and empty states, then `children` with the
 * topics, sorted by topic name.
 */
export const CatalogTopicsTab = (props: {
  filter: Record<string, string>;
  /** What is read, for the error: "the unowned topics in the catalog". */
  what: string;
  empty: { title: string; description: string };
  children: (topics: Entity[]) => ReactNode;
}) => {
  const { filter, what, empty, children } = props;
  const catalogApi = useApi(catalogApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    async () =>
      (
        await catalogApi.getEntities({
          filter: {
            kind: 'Resource',
            'spec.type': KAFKA_TOPIC_ENTITY_TYPE,
            ...filter,
          },
          fields: TOPIC_ENTITY_FIELDS,
        })
      ).items.sort((a, b) => topicNameOf(a).localeCompare(topicNameOf(b))),
    [catalogApi, filter],
  );

  if (error) {
    return (
      <TabError
        error={error}
        what={what}
        permission="catalog.entity.read"
        onRetry={retry}
      />
    );
  }
  if (loading || !value) {
    return <Progress />;
  }
  if (value.length === 0) {
    return <EmptyState missing="data" {...empty} />;
  }
  return <>{children(value)}</>;
};
