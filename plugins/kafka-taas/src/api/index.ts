export { kafkaTaasApiRef, KafkaTaasClient } from './KafkaTaasClient';
export type { KafkaTaasApi } from './KafkaTaasClient';
