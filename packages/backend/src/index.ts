import { createBackend } from '@backstage/backend-defaults';
import { demoAuthProviderModule } from './modules/demoAuthProvider';
import { demoPermissionPolicyModule } from './modules/permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// auth: guest, and for local use the demo-user picker (see modules/demoAuthProvider.ts)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(demoAuthProviderModule);

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Kafka topics provisioned through topic requests, as Resource entities
backend.add(import('@kafka-taas/plugin-catalog-backend-module-kafka-taas'));

// scaffolder, with the kafka:* actions
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
backend.add(import('@kafka-taas/plugin-scaffolder-backend-module-kafka'));

// permissions: allow all, except Kafka platform administration (platform team only)
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(demoPermissionPolicyModule);

// search
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Kafka Topic-as-a-Service
backend.add(import('@kafka-taas/plugin-kafka-taas-backend'));

backend.start();
