import { createRouteRef } from '@backstage/core-plugin-api';

/** The Kafka page, in the legacy frontend system. */
export const rootRouteRef = createRouteRef({
  id: 'kafka-taas',
});
