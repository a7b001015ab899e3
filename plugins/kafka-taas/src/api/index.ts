export { kafkaTaasApiRef, KafkaTaasClient } from './KafkaTaasClient';
export type { KafkaTaasApi, TopicRequestDetails } from './KafkaTaasClient';
