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
} from './plugin';
export { requestRouteRef } from './routes';
export { kafkaTaasApiRef, KafkaTaasClient } from './api';
export type { KafkaTaasApi, TopicRequestDetails } from './api';
export { KafkaIcon } from './components/KafkaIcon';
