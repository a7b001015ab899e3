import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createRouter } from './router';
import { ClusterService } from './services/ClusterService';
import { KafkaClientPool } from './services/KafkaClientPool';

/**
 * Kafka Topic-as-a-Service backend plugin, mounted at `/api/kafka-taas`.
 * @public
 */
export const kafkaTaasPlugin = createBackendPlugin({
  pluginId: 'kafka-taas',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        httpRouter: coreServices.httpRouter,
      },
      async init({ config, logger, lifecycle, httpRouter }) {
        const pool = KafkaClientPool.create({ config, logger });
        lifecycle.addShutdownHook(() => pool.close());
        logger.info('kafka-taas configured', {
          clusters: pool.clusters().map(c => `${c.name} (${c.environment})`).join(', ') || 'none',
        });
        httpRouter.use(
          await createRouter({ clusters: ClusterService.create({ pool, logger }) }),
        );
      },
    });
  },
});
