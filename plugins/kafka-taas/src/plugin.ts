import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { kafkaTaasApiRef, KafkaTaasClient } from './api';
import { rootRouteRef } from './routes';

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
  },
});

/**
 * The Kafka page: configured clusters and their health.
 * @public
 */
export const KafkaTaasPage = kafkaTaasPlugin.provide(
  createRoutableExtension({
    name: 'KafkaTaasPage',
    component: () =>
      import('./components/ClustersPage').then(m => m.ClustersPage),
    mountPoint: rootRouteRef,
  }),
);
