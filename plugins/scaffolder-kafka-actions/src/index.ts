/**
 * Scaffolder module with the `kafka:*` actions of Kafka Topic-as-a-Service.
 *
 * @packageDocumentation
 */

export { scaffolderKafkaModule as default } from './module';
