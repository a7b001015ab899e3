export { TopicSchemasCard } from './TopicSchemasCard';
