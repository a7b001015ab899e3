import {
  createExternalRouteRef,
  createRouteRef,
  createSubRouteRef,
} from '@backstage/core-plugin-api';

/** The Kafka page, in the legacy frontend system. */
export const rootRouteRef = createRouteRef({
  id: 'kafka-taas',
});

/**
 * The page of one topic request, `/kafka/requests/:id`: link to it with
 * `useRouteRef(requestRouteRef)({ id })`.
 * @public
 */
export const requestRouteRef = createSubRouteRef({
  id: 'kafka-taas/request',
  parent: rootRouteRef,
  path: '/requests/:id',
});

/**
 * An entity's page in the catalog. The new frontend system binds it to the catalog plugin's
 * entity page by default; when nothing binds it, entity refs show as text.
 */
export const catalogEntityRouteRef = createExternalRouteRef({
  id: 'kafka-taas/catalog-entity',
  params: ['namespace', 'kind', 'name'],
  optional: true,
  defaultTarget: 'catalog.catalogEntity',
});
