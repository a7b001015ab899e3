import {
  DECLARED_CLEANUP_POLICY_ANNOTATION,
  DECLARED_PARTITIONS_ANNOTATION,
  DECLARED_REPLICATION_FACTOR_ANNOTATION,
  DECLARED_RETENTION_MS_ANNOTATION,
  KafkaTopicDrift,
  ResolvedTopicRequest,
} from '@kafka-taas/plugin-kafka-taas-common';

/** What one cluster holds of the topic now. */
export interface LiveTopic {
  cluster: string;
  environment: string;
  partitions: number;
  replicationFactor: number;
  /** Config name → value; undefined when the configs could not be read. */
  configs?: Record<string, string | null>;
}

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
    if (field === 'partitions') return String(live.partitions);
    if (field === 'replicationFactor') return String(live.replicationFactor);
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
