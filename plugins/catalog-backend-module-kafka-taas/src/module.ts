import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { TOPIC_REQUESTS_EVENTS_TOPIC } from '@kafka-taas/plugin-kafka-taas-common';
import { KafkaTaasClient } from './KafkaTaasClient';
import { KafkaTopicEntityProvider } from './KafkaTopicEntityProvider';
import { KafkaTopicIndex } from './KafkaTopicIndex';
import { KafkaTopicProcessor } from './KafkaTopicProcessor';

const SCHEDULE_CONFIG_KEY = 'kafkaTaas.catalog.schedule';
const UNOWNED_OWNER_CONFIG_KEY = 'kafkaTaas.catalog.unownedOwner';

/** The owner of topics nobody requested or declared: the platform team, who runs the clusters. */
export const DEFAULT_UNOWNED_OWNER = 'group:default/platform-team';

/** Every 5 minutes; the events of the kafka-taas backend refresh at once in between. */
const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 3 },
  initialDelay: { seconds: 15 },
};

/**
 * Catalog module: every Kafka topic on the clusters Kafka Topic-as-a-Service manages as a
 * `kind: Resource`, `spec.type: kafka-topic` entity (owned through its requests, its
 * catalog-info.yaml declaration, or marked unowned), declarations checked against the policy
 * and linked to the live topic, and components' relations to the topics they consume and
 * produce. Refreshes on the schedule in `kafkaTaas.catalog.schedule` and at once on each
 * `kafka-taas.topic-requests` event (the kafka-taas backend publishes one when a topic is
 * provisioned).
 * @public
 */
export const catalogModuleKafkaTaas = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'kafka-taas',
  register(reg) {
    reg.registerInit({
      deps: {
        catalogProcessing: catalogProcessingExtensionPoint,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        events: eventsServiceRef,
      },
      async init({
        catalogProcessing,
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
        const unownedOwner =
          config.getOptionalString(UNOWNED_OWNER_CONFIG_KEY) ??
          DEFAULT_UNOWNED_OWNER;
        const source = KafkaTaasClient.create({ discovery, auth });
        const index = KafkaTopicIndex.create({ source, logger });
        const provider = KafkaTopicEntityProvider.create({
          source,
          index,
          catalog,
          auth,
          logger,
          unownedOwner,
          taskRunner: scheduler.createScheduledTaskRunner(schedule),
        });
        catalogProcessing.addEntityProvider(provider);
        catalogProcessing.addProcessor(
          KafkaTopicProcessor.create({ source, index, logger }),
        );
        // The provider also emits each topic's AsyncAPI API entity (topicApiEntity).

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
