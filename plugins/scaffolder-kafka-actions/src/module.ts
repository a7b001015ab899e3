import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { deleteTopicAction } from './actions/deleteTopic';
import { grantAccessAction } from './actions/grantAccess';
import { planTopicAction } from './actions/planTopic';
import { registerSchemaAction } from './actions/registerSchema';
import { requestTopicAction } from './actions/requestTopic';

/**
 * Scaffolder module for the `kafka:*` actions: `kafka:topic:plan` and `kafka:topic:request` to
 * create a topic, and `kafka:acl:grant`, `kafka:schema:register` and `kafka:topic:delete` to
 * change one that exists. The actions go through the kafka-taas backend's HTTP API (found with
 * discovery), as the task's initiator, so its policy, ownership checks, approvals and
 * permissions are the only path; nothing here re-implements them. The change actions also read
 * the catalog, as the initiator, to turn a topic's entity ref into its Kafka topic name.
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
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, auth, discovery, config, catalog }) {
        const changes = { auth, discovery, config, catalog };
        scaffolder.addActions(
          planTopicAction({ auth, discovery }),
          requestTopicAction(changes),
          grantAccessAction(changes),
          registerSchemaAction(changes),
          deleteTopicAction(changes),
        );
      },
    });
  },
});
