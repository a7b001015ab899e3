export { TopicOverviewCard } from './TopicOverviewCard';
export { TopicAccessCard } from './TopicAccessCard';
export { TopicHistoryCard } from './TopicHistoryCard';
