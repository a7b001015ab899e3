import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import {
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import { kafkaTaasApiRef, KafkaTaasClient } from './api';
import { KafkaIcon } from './components/KafkaIcon';
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
  ],
});
