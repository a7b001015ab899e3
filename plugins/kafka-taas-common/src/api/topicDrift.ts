import { ResolvedTopicRequest } from '../policy/types';
import { currentTopicState } from './topicState';
import { KafkaTopicDrift, KafkaTopicSummary, TopicRequest } from './types';

/**
 * Declared values of a topic, set in its catalog-info.yaml: the backend reports every live value
 * that differs from them as drift (`GET /api/kafka-taas/topics/{topic}`).
 */
/** Declared partition count, e.g. `"6"`. @public */
export const DECLARED_PARTITIONS_ANNOTATION = 'kafka-taas/partitions';
/** Declared replication factor, e.g. `"3"`. @public */
export const DECLARED_REPLICATION_FACTOR_ANNOTATION =
  'kafka-taas/replication-factor';
/** Declared `retention.ms`, e.g. `"604800000"`. @public */
export const DECLARED_RETENTION_MS_ANNOTATION = 'kafka-taas/retention-ms';
/** Declared `cleanup.policy`: `delete`, `compact` or `compact,delete`. @public */
export const DECLARED_CLEANUP_POLICY_ANNOTATION = 'kafka-taas/cleanup-policy';

/** What one cluster holds of the topic now. @public */
export interface LiveTopic {
  cluster: string;
  environment: string;
  partitions: number;
  replicationFactor: number;
  /** Config name → value; undefined when the configs could not be read. */
  configs?: Record<string, string | null>;
}

/** The fields that are the topic's layout, not configs. */
const LAYOUT_FIELDS = new Set(['partitions', 'replicationFactor']);

/** The declared annotations and the field each one sets. */
const DECLARED_FIELDS = [
  [DECLARED_PARTITIONS_ANNOTATION, 'partitions'],
  [DECLARED_REPLICATION_FACTOR_ANNOTATION, 'replicationFactor'],
  [DECLARED_RETENTION_MS_ANNOTATION, 'retention.ms'],
  [DECLARED_CLEANUP_POLICY_ANNOTATION, 'cleanup.policy'],
] as const;

/**
 * Every live value of the topic on one cluster that differs from what was approved (the
 * current state of each environment served by this cluster: partitions, replication factor,
 * every approved config) or declared (the annotations of its catalog-info.yaml). Configs are
 * compared only when they could be read.
 * @public
 */
export function topicDrift(options: {
  live: LiveTopic;
  /** The current state of the ready requests of each environment, any cluster. */
  approved: ResolvedTopicRequest[];
  /** The annotations of the declared entity, if there is one. */
  declared?: Record<string, string>;
}): KafkaTopicDrift[] {
  const { live, approved, declared } = options;
  const liveValue = (field: string): string | null | undefined => {
    if (field === 'partitions' || field === 'replicationFactor')
      return String(live[field]);
    if (!live.configs) return undefined;
    return live.configs[field] ?? null;
  };

  const drift: KafkaTopicDrift[] = [];
  const compare = (
    environment: string,
    field: string,
    expected: string,
    source: KafkaTopicDrift['source'],
  ) => {
    const value = liveValue(field);
    if (value === undefined || sameValue(expected, value)) return;
    drift.push({
      cluster: live.cluster,
      environment,
      field,
      expected,
      live: value,
      source,
    });
  };

  for (const state of approved.filter(s => s.cluster === live.cluster)) {
    compare(
      state.environment,
      'partitions',
      String(state.partitions),
      'approved',
    );
    compare(
      state.environment,
      'replicationFactor',
      String(state.replicationFactor),
      'approved',
    );
    for (const [name, value] of Object.entries(state.configs).sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      compare(state.environment, name, value, 'approved');
    }
  }
  for (const [annotation, field] of DECLARED_FIELDS) {
    const expected = declared?.[annotation]?.trim();
    if (expected) compare(live.environment, field, expected, 'declared');
  }
  return drift;
}

/** Equal as Kafka means them: numbers by value (`"06"` is 6), lists without spaces. */
function sameValue(expected: string, live: string | null): boolean {
  if (live === null) return false;
  if (/^-?\d+$/.test(expected) && /^-?\d+$/.test(live))
    return BigInt(expected) === BigInt(live);
  const normal = (v: string) => v.replace(/\s*,\s*/g, ',').trim();
  return normal(expected) === normal(live);
}

/** The current state of each environment's ready requests. @public */
export function approvedStates(ready: TopicRequest[]): ResolvedTopicRequest[] {
  const byEnvironment = new Map<string, TopicRequest[]>();
  for (const request of ready) {
    byEnvironment.set(request.environment, [
      ...(byEnvironment.get(request.environment) ?? []),
      request,
    ]);
  }
  return [...byEnvironment.values()].flatMap(
    requests => currentTopicState(requests) ?? [],
  );
}

/**
 * The configs drift compares for these ready requests (of any topics): every config they
 * approved, and those a catalog-info.yaml can declare. Sorted.
 * @public
 */
export function driftConfigNames(ready: TopicRequest[]): string[] {
  const names = new Set<string>(
    DECLARED_FIELDS.map(([, field]) => field).filter(
      field => !LAYOUT_FIELDS.has(field),
    ),
  );
  for (const request of ready) {
    for (const name of Object.keys(request.resolved.configs)) names.add(name);
  }
  return [...names].sort();
}

/**
 * The drift of an inventory topic on every cluster it is on, from its placements (configs are
 * compared where the inventory read them, `include=configs`), its ready requests and, when it is
 * declared, its entity's annotations.
 * @public
 */
export function inventoryDrift(
  summary: KafkaTopicSummary,
  declared?: Record<string, string>,
): KafkaTopicDrift[] {
  const approved = approvedStates(summary.requests);
  return summary.clusters.flatMap(placement =>
    topicDrift({ live: placement, approved, declared }),
  );
}

/**
 * Label, `"true"` on a topic's entity when a live value differs from what was approved or
 * declared (filter the catalog on it); the same key as an annotation lists each drifted value as
 * `<field>@<cluster>`, comma-separated. The topic's page details it.
 * @public
 */
export const DRIFT_LABEL = 'kafka-taas/drift';

/** The drift label and annotation for an entity; undefined when nothing drifted. @public */
export function driftMarks(
  drift: KafkaTopicDrift[],
):
  | { labels: Record<string, string>; annotations: Record<string, string> }
  | undefined {
  if (drift.length === 0) return undefined;
  const fields = [...new Set(drift.map(d => `${d.field}@${d.cluster}`))];
  return {
    labels: { [DRIFT_LABEL]: 'true' },
    annotations: { [DRIFT_LABEL]: fields.join(',') },
  };
}
