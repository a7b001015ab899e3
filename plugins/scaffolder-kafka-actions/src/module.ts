import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { planTopicAction } from './actions/planTopic';
import { requestTopicAction } from './actions/requestTopic';

/**
 * Scaffolder module for the `kafka:*` actions: `kafka:topic:plan` and `kafka:topic:request`.
 * The actions go through the kafka-taas backend's HTTP API (found with discovery), as the task's
 * initiator, so its policy, ownership checks and permissions are the only path; nothing here
 * re-implements them.
 * @public
 */
export const scaffolderKafkaModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'kafka',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, auth, discovery, config }) {
        scaffolder.addActions(
          planTopicAction({ auth, discovery }),
          requestTopicAction({ auth, discovery, config }),
        );
      },
    });
  },
});
