import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { kafkaTaasApiRef, KafkaTaasClient } from './api';
import {
  kafkaApprovalPreviewField,
  kafkaTopicNameField,
  kafkaTopicSchemaField,
} from './components/fields';
import {
  catalogEntityRouteRef,
  requestRouteRef,
  rootRouteRef,
  scaffolderTemplateRouteRef,
} from './routes';

/**
 * The Kafka TaaS plugin for the legacy frontend system.
 * @public
 */
export const kafkaTaasPlugin = createPlugin({
  id: 'kafka-taas',
  apis: [
    createApiFactory({
      api: kafkaTaasApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new KafkaTaasClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    request: requestRouteRef,
  },
  externalRoutes: {
    catalogEntity: catalogEntityRouteRef,
    scaffolderTemplate: scaffolderTemplateRouteRef,
  },
});

/**
 * The Kafka page: tabs with the user's topics (lag and health), their requests, the approvals
 * inbox, the configured clusters and, for platform admins, the unowned topics; each topic
 * request at `requests/:id` below it (`requestRouteRef`). Bind the `scaffolderTemplate`
 * external route to the scaffolder's template page for the "Create Kafka topic" link. Mount
 * it at `/kafka`, the path the scaffolder actions and notifications link to.
 * @public
 */
export const KafkaTaasPage = kafkaTaasPlugin.provide(
  createRoutableExtension({
    name: 'KafkaTaasPage',
    component: () => import('./components/RequestPage').then(m => m.KafkaPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The `KafkaTopicName` scaffolder form field, for the legacy frontend system: put it inside
 * `<ScaffolderFieldExtensions>` of the scaffolder route.
 * @public
 */
export const KafkaTopicNameFieldExtension = kafkaTaasPlugin.provide(
  createScaffolderFieldExtension({
    ...kafkaTopicNameField,
    schema: kafkaTopicNameField.schema.schema,
  }),
);

/**
 * The `KafkaTopicSchema` scaffolder form field, for the legacy frontend system: the schema text,
 * parsed and checked against the registry by the backend as it is typed.
 * @public
 */
export const KafkaTopicSchemaFieldExtension = kafkaTaasPlugin.provide(
  createScaffolderFieldExtension({
    ...kafkaTopicSchemaField,
    schema: kafkaTopicSchemaField.schema.schema,
  }),
);

/**
 * The read-only `KafkaApprovalPreview` scaffolder form field, for the legacy frontend system.
 * @public
 */
export const KafkaApprovalPreviewFieldExtension = kafkaTaasPlugin.provide(
  createScaffolderFieldExtension(kafkaApprovalPreviewField),
);

/**
 * The "Consumers and lag" card for the entity page of a Kafka topic (`kind: Resource`,
 * `spec.type: kafka-topic`; show it where {@link isKafkaTopicEntity} holds): every consumer group
 * per cluster with its exact lag, time lag, status and trend, and its partitions on demand.
 * @public
 */
export const EntityKafkaTopicLagCard = kafkaTaasPlugin.provide(
  createComponentExtension({
    name: 'EntityKafkaTopicLagCard',
    component: {
      lazy: () => import('./components/lag').then(m => m.TopicLagCard),
    },
  }),
);

/**
 * The "Consumer lag" card for a component's entity page: the lag of the groups its
 * `kafka-taas/consumer-groups` (or `kafka.apache.org/consumer-groups`) annotation names; show it
 * where {@link hasKafkaConsumerGroups} holds.
 * @public
 */
export const EntityKafkaConsumerGroupsLagCard = kafkaTaasPlugin.provide(
  createComponentExtension({
    name: 'EntityKafkaConsumerGroupsLagCard',
    component: {
      lazy: () => import('./components/lag').then(m => m.ComponentLagCard),
    },
  }),
);

/**
 * The "Schemas" card for the entity page of a Kafka topic (show it where
 * {@link isKafkaTopicEntity} holds): per cluster each subject with its versions and
 * compatibility level, the schema of a version with syntax highlighting, and a line diff
 * between any two versions.
 * @public
 */
export const EntityKafkaTopicSchemasCard = kafkaTaasPlugin.provide(
  createComponentExtension({
    name: 'EntityKafkaTopicSchemasCard',
    component: {
      lazy: () => import('./components/schemas').then(m => m.TopicSchemasCard),
    },
  }),
);

/**
 * The "Kafka topic" card for the entity page of a Kafka topic (show it where
 * {@link isKafkaTopicEntity} holds): full name, owner, system, classification, criticality,
 * the topic on each cluster (partitions, replication, retention, cleanup policy, min in-sync
 * replicas) and drift from what was approved or declared.
 * @public
 */
export const EntityKafkaTopicOverviewCard = kafkaTaasPlugin.provide(
  createComponentExtension({
    name: 'EntityKafkaTopicOverviewCard',
    component: {
      lazy: () => import('./components/topic').then(m => m.TopicOverviewCard),
    },
  }),
);

/**
 * The "Access" card for the entity page of a Kafka topic: per cluster who the ACLs let read
 * and write it, the owner's quota and tier, and a button to the access template.
 * @public
 */
export const EntityKafkaTopicAccessCard = kafkaTaasPlugin.provide(
  createComponentExtension({
    name: 'EntityKafkaTopicAccessCard',
    component: {
      lazy: () => import('./components/topic').then(m => m.TopicAccessCard),
    },
  }),
);

/**
 * The "History" card for the entity page of a Kafka topic: its requests newest first, with
 * their approvals, a link to each request's page and its audit trail inline. It links to the
 * request pages, so mount {@link KafkaTaasPage} too.
 * @public
 */
export const EntityKafkaTopicHistoryCard = kafkaTaasPlugin.provide(
  createComponentExtension({
    name: 'EntityKafkaTopicHistoryCard',
    component: {
      lazy: () => import('./components/topic').then(m => m.TopicHistoryCard),
    },
  }),
);
