export { TopicLagCard } from './TopicLagCard';
export { ComponentLagCard } from './ComponentLagCard';
export { hasKafkaConsumerGroups, isKafkaTopicEntity } from './entities';
