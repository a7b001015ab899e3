import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';

/**
 * Scaffolder module for the `kafka:*` actions. The actions call the kafka-taas backend's own
 * services and policy, never a second path; they are added with the "Create Kafka topic"
 * template (issue 4). Until then the module registers no action.
 * @public
 */
export const scaffolderKafkaModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'kafka',
  register({ registerInit }) {
    registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions();
      },
    });
  },
});
