export { KafkaPage, KafkaPageContent } from './KafkaPage';
export { RequestPage, RequestPageContent } from './RequestPage';
