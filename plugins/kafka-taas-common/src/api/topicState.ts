import { ResolvedTopicRequest } from '../policy/types';
import { TopicRequest } from './types';

/**
 * The topic as the ready requests of one topic on one environment left it: the values of the
 * newest `create` or `schema` request, with every reader any of them granted. Undefined when
 * none is ready (never provisioned, or deleted).
 * @public
 */
export function currentTopicState(
  requests: TopicRequest[],
): ResolvedTopicRequest | undefined {
  const ready = requests
    .filter(r => r.status === 'ready' && r.kind !== 'delete')
    .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  const base = ready
    .filter(r => r.kind === 'create' || r.kind === 'schema')
    .pop();
  if (!base) return undefined;
  const consumers = new Map(
    ready
      .flatMap(r => r.resolved.consumers)
      .map(c => [`${c.group} ${c.consumerGroup}`, c]),
  );
  return { ...base.resolved, consumers: [...consumers.values()] };
}
