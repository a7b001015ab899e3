/**
 * Types, policy engine and permissions shared by the Kafka Topic-as-a-Service plugins.
 *
 * @packageDocumentation
 */

export * from './types';
export * from './api/types';
export * from './api/topicState';
export * from './api/topicDrift';
export * from './api/lag';
export * from './policy';
export * from './permissions';
export * from './catalog';
export * from './asyncapi';
