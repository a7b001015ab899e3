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
import { catalogEntityRouteRef, requestRouteRef, rootRouteRef } from './routes';

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
 * The Kafka page at `/kafka`: the clusters, and a topic request at `/kafka/requests/:id`
 * (`requestRouteRef`). With its route ref, title and icon it is also the sidebar item
 * `page:kafka-taas`.
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
  }),
  extensions: [
    kafkaTaasApi,
    kafkaTaasPage,
    kafkaTopicNameFormField,
    kafkaTopicSchemaFormField,
    kafkaApprovalPreviewFormField,
    kafkaTopicLagEntityCard,
    kafkaConsumerGroupsLagEntityCard,
  ],
});
