/**
 * Kafka Topic-as-a-Service frontend plugin.
 *
 * The legacy frontend system uses the exports here; the new frontend system
 * uses the default export of `@kafka-taas/plugin-kafka-taas/alpha`.
 *
 * @packageDocumentation
 */

export {
  kafkaTaasPlugin,
  KafkaTaasPage,
  KafkaTopicNameFieldExtension,
  KafkaTopicSchemaFieldExtension,
  KafkaApprovalPreviewFieldExtension,
  EntityKafkaTopicLagCard,
  EntityKafkaConsumerGroupsLagCard,
  EntityKafkaTopicSchemasCard,
  EntityKafkaTopicOverviewCard,
  EntityKafkaTopicAccessCard,
  EntityKafkaTopicHistoryCard,
} from './plugin';
export {
  isKafkaTopicEntity,
  hasKafkaConsumerGroups,
} from './components/lag/entities';
export { requestRouteRef } from './routes';
export { kafkaTaasApiRef, KafkaTaasClient } from './api';
export type {
  KafkaTaasApi,
  ListTopicRequestsFilter,
  TopicRequestDetails,
} from './api';
export { KafkaIcon } from './components/KafkaIcon';
