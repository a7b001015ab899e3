/**
 * Catalog module for Kafka Topic-as-a-Service: topics provisioned through requests as
 * `kind: Resource`, `spec.type: kafka-topic` entities.
 *
 * @packageDocumentation
 */
export { catalogModuleKafkaTaas as default } from './module';
