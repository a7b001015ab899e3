import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import {
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import { kafkaTaasApiRef, KafkaTaasClient } from './api';
import { KafkaIcon } from './components/KafkaIcon';
import {
  hasKafkaConsumerGroups,
  isKafkaTopicEntity,
} from './components/lag/entities';
import {
  catalogEntityRouteRef,
  requestRouteRef,
  rootRouteRef,
  scaffolderTemplateRouteRef,
} from './routes';

/** @alpha */
export const kafkaTaasApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: kafkaTaasApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new KafkaTaasClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The Kafka page at `/kafka`: tabs with my topics, my requests, the approvals inbox, the
 * clusters and, for platform admins, the unowned topics; a topic request at
 * `/kafka/requests/:id` (`requestRouteRef`). With its route ref, title and icon it is also
 * the sidebar item `page:kafka-taas`.
 * @alpha
 */
export const kafkaTaasPage = PageBlueprint.make({
  params: {
    path: '/kafka',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    title: 'Kafka',
    icon: <KafkaIcon />,
    loader: () =>
      import('./components/RequestPage').then(m => <m.KafkaPageContent />),
  },
});

/**
 * The `KafkaTopicName` scaffolder form field (templates/create-kafka-topic).
 * @alpha
 */
export const kafkaTopicNameFormField = FormFieldBlueprint.make({
  name: 'kafka-topic-name',
  params: {
    field: () =>
      import('./components/fields/formFields').then(
        m => m.kafkaTopicNameFormField,
      ),
  },
});

/**
 * The `KafkaTopicSchema` scaffolder form field: the schema, checked by the backend as it is typed.
 * @alpha
 */
export const kafkaTopicSchemaFormField = FormFieldBlueprint.make({
  name: 'kafka-topic-schema',
  params: {
    field: () =>
      import('./components/fields/formFields').then(
        m => m.kafkaTopicSchemaFormField,
      ),
  },
});

/**
 * The read-only `KafkaApprovalPreview` scaffolder form field.
 * @alpha
 */
export const kafkaApprovalPreviewFormField = FormFieldBlueprint.make({
  name: 'kafka-approval-preview',
  params: {
    field: () =>
      import('./components/fields/formFields').then(
        m => m.kafkaApprovalPreviewFormField,
      ),
  },
});

/**
 * The "Consumers and lag" card on the overview of a Kafka topic's entity (`kind: Resource`,
 * `spec.type: kafka-topic`).
 * @alpha
 */
export const kafkaTopicLagEntityCard = EntityCardBlueprint.make({
  name: 'topic-lag',
  params: {
    filter: isKafkaTopicEntity,
    loader: () => import('./components/lag').then(m => <m.TopicLagCard />),
  },
});

/**
 * The "Consumer lag" card on the overview of an entity that names its consumer groups in the
 * `kafka-taas/consumer-groups` or `kafka.apache.org/consumer-groups` annotation.
 * @alpha
 */
export const kafkaConsumerGroupsLagEntityCard = EntityCardBlueprint.make({
  name: 'consumer-groups-lag',
  params: {
    filter: hasKafkaConsumerGroups,
    loader: () => import('./components/lag').then(m => <m.ComponentLagCard />),
  },
});

/**
 * The "Schemas" card on the overview of a Kafka topic's entity: each subject per cluster with
 * its versions and compatibility, a version's schema highlighted, and a diff of two versions.
 * @alpha
 */
export const kafkaTopicSchemasEntityCard = EntityCardBlueprint.make({
  name: 'topic-schemas',
  params: {
    filter: isKafkaTopicEntity,
    loader: () =>
      import('./components/schemas').then(m => <m.TopicSchemasCard />),
  },
});

/**
 * The "Kafka topic" card on the overview of a Kafka topic's entity: owner, system,
 * classification, criticality, the topic on each cluster and its drift.
 * @alpha
 */
export const kafkaTopicOverviewEntityCard = EntityCardBlueprint.make({
  name: 'topic-overview',
  params: {
    filter: isKafkaTopicEntity,
    loader: () =>
      import('./components/topic').then(m => <m.TopicOverviewCard />),
  },
});

/**
 * The "Access" card on the overview of a Kafka topic's entity: ACLs, the owner's quota, and a
 * button to ask for read access.
 * @alpha
 */
export const kafkaTopicAccessEntityCard = EntityCardBlueprint.make({
  name: 'topic-access',
  params: {
    filter: isKafkaTopicEntity,
    loader: () => import('./components/topic').then(m => <m.TopicAccessCard />),
  },
});

/**
 * The "History" card on the overview of a Kafka topic's entity: its requests, approvals and
 * audit trail.
 * @alpha
 */
export const kafkaTopicHistoryEntityCard = EntityCardBlueprint.make({
  name: 'topic-history',
  params: {
    filter: isKafkaTopicEntity,
    loader: () =>
      import('./components/topic').then(m => <m.TopicHistoryCard />),
  },
});

/**
 * The Kafka TaaS plugin for the new frontend system.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'kafka-taas',
  title: 'Kafka',
  icon: <KafkaIcon />,
  info: { packageJson: () => import('../package.json') },
  routes: convertLegacyRouteRefs({
    root: rootRouteRef,
    request: requestRouteRef,
  }),
  externalRoutes: convertLegacyRouteRefs({
    catalogEntity: catalogEntityRouteRef,
    scaffolderTemplate: scaffolderTemplateRouteRef,
  }),
  extensions: [
    kafkaTaasApi,
    kafkaTaasPage,
    kafkaTopicNameFormField,
    kafkaTopicSchemaFormField,
    kafkaApprovalPreviewFormField,
    kafkaTopicLagEntityCard,
    kafkaConsumerGroupsLagEntityCard,
    kafkaTopicSchemasEntityCard,
    kafkaTopicOverviewEntityCard,
    kafkaTopicAccessEntityCard,
    kafkaTopicHistoryEntityCard,
  ],
});
