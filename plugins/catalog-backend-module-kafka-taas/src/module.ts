import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { TOPIC_REQUESTS_EVENTS_TOPIC } from '@kafka-taas/plugin-kafka-taas-common';
import { KafkaTaasClient } from './KafkaTaasClient';
import { KafkaTopicEntityProvider } from './KafkaTopicEntityProvider';

const SCHEDULE_CONFIG_KEY = 'kafkaTaas.catalog.schedule';

/** Every 5 minutes; the events of the kafka-taas backend refresh at once in between. */
const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 3 },
  initialDelay: { seconds: 15 },
};

/**
 * Catalog module: topics provisioned through Kafka Topic-as-a-Service requests as
 * `kind: Resource`, `spec.type: kafka-topic` entities. Refreshes on the schedule in
 * `kafkaTaas.catalog.schedule` and at once on each `kafka-taas.topic-requests` event (the
 * kafka-taas backend publishes one when a topic is provisioned).
 * @public
 */
export const catalogModuleKafkaTaas = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'kafka-taas',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        events: eventsServiceRef,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        discovery,
        auth,
        events,
      }) {
        const schedule = config.has(SCHEDULE_CONFIG_KEY)
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              config.getConfig(SCHEDULE_CONFIG_KEY),
            )
          : DEFAULT_SCHEDULE;
        const provider = KafkaTopicEntityProvider.create({
          source: KafkaTaasClient.create({ discovery, auth }),
          logger,
          taskRunner: scheduler.createScheduledTaskRunner(schedule),
        });
        catalog.addEntityProvider(provider);

        await events.subscribe({
          id: 'catalog-kafka-taas-topics',
          topics: [TOPIC_REQUESTS_EVENTS_TOPIC],
          onEvent: async () => {
            await provider.refresh();
          },
        });
      },
    });
  },
});
