export { KafkaHome } from './KafkaHome';
