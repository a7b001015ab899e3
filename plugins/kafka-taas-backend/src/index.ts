/**
 * Kafka Topic-as-a-Service backend plugin.
 *
 * @packageDocumentation
 */

export { kafkaTaasPlugin as default } from './plugin';
export { KafkaClientPool } from './services/KafkaClientPool';
export type { KafkaClusterConfig } from './config';
