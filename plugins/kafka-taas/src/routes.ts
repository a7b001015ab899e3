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

/**
 * A software template's page in the scaffolder (the "Create Kafka topic" template, to start a
 * topic from an empty dashboard). The new frontend system binds it to the scaffolder plugin's
 * template page by default; when nothing binds it, the dashboard names the template instead.
 */
export const scaffolderTemplateRouteRef = createExternalRouteRef({
  id: 'kafka-taas/scaffolder-template',
  params: ['namespace', 'templateName'],
  optional: true,
  defaultTarget: 'scaffolder.selectedTemplate',
});
