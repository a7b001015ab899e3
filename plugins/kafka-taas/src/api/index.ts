export { kafkaTaasApiRef, KafkaTaasClient } from './KafkaTaasClient';
export type {
  KafkaTaasApi,
  ListTopicRequestsFilter,
  TopicRequestDetails,
} from './KafkaTaasClient';
