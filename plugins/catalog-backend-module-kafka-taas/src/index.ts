/**
 * Catalog module for Kafka Topic-as-a-Service: every topic on the managed clusters as a
 * `kind: Resource`, `spec.type: kafka-topic` entity (requested, declared in a catalog-info.yaml,
 * or unowned), its AsyncAPI `API` entity, and components' relations to both.
 *
 * @packageDocumentation
 */
export { catalogModuleKafkaTaas as default } from './module';
