import { KafkaClusterConfig } from '../config';
import { describeKafkaError } from '../services/errors';

interface KafkaErrorLike {
  message?: unknown;
  apiId?: unknown;
  serverErrorMessage?: unknown;
  errors?: unknown;
  cause?: unknown;
}

// Duck-typed like services/errors.ts: @platformatic/kafka errors nest (MultipleErrors →
// ResponseError → ProtocolError) and may come from another realm, where instanceof fails.
function walk(
  error: unknown,
  visit: (e: KafkaErrorLike) => void,
  depth = 0,
): void {
  if (typeof error !== 'object' || error === null || depth > 6) return;
  const e = error as KafkaErrorLike;
  visit(e);
  if (Array.isArray(e.errors))
    for (const inner of e.errors) walk(inner, visit, depth + 1);
  if (e.cause) walk(e.cause, visit, depth + 1);
}

/** Whether any protocol error inside is the given Kafka error id (`TOPIC_ALREADY_EXISTS`). */
export function hasKafkaErrorId(error: unknown, id: string): boolean {
  let found = false;
  walk(error, e => {
    if (e.apiId === id) found = true;
  });
  return found;
}

/**
 * An error for a failed Kafka call that says which cluster, what was attempted and why,
 * including the broker's own explanation (`Invalid value abc for configuration retention.ms`),
 * which the library keeps apart from the generic message. It carries no `cause`: the
 * provisioning executor records the messages of an error's innermost causes, and this
 * message already holds all of them.
 */
export function kafkaFailure(
  action: string,
  cluster: KafkaClusterConfig,
  error: unknown,
): Error {
  const described = describeKafkaError(error, cluster.brokers);
  const details = new Set<string>();
  walk(error, e => {
    if (
      typeof e.serverErrorMessage === 'string' &&
      e.serverErrorMessage &&
      !described.includes(e.serverErrorMessage)
    ) {
      details.add(e.serverErrorMessage);
    }
  });
  const why = [described, ...details].join(': ');
  return new Error(
    `Could not ${action} on Kafka cluster "${cluster.name}": ${why}`,
  );
}
