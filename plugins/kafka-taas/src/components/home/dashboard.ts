import {
  KafkaTopicLag,
  KafkaTopicPlacement,
  LagStatus,
} from '@kafka-taas/plugin-kafka-taas-common';

/**
 * The sum of exact decimal integers (`"9007199254740993"`), by BigInt: lags are 64-bit and a
 * JS number would round them. Undefined when a value is not a decimal integer.
 */
export function sumExact(values: readonly string[]): string | undefined {
  let total = BigInt(0);
  for (const value of values) {
    if (!/^-?\d+$/.test(value.trim())) return undefined;
    total += BigInt(value.trim());
  }
  return total.toString();
}

// Worst last: a stopped group is the one to look at first.
const SEVERITY: readonly LagStatus[] = [
  'ok',
  'unknown',
  'rewound',
  'lagging',
  'stalled',
  'stopped',
];

/** The worst status among a topic's consumer groups on every cluster; undefined without groups. */
export function worstStatus(
  lag: KafkaTopicLag,
): { status: LagStatus; reason: string; group: string } | undefined {
  let worst: { status: LagStatus; reason: string; group: string } | undefined;
  for (const cluster of lag.clusters) {
    for (const group of cluster.groups) {
      if (
        !worst ||
        SEVERITY.indexOf(group.status) > SEVERITY.indexOf(worst.status)
      ) {
        worst = {
          status: group.status,
          reason: `${cluster.cluster}/${group.group}: ${group.statusReason}`,
          group: group.group,
        };
      }
    }
  }
  return worst;
}

/** `<cluster>/<group>` of every group of a topic that has members now. */
export function activeGroups(lag: KafkaTopicLag): string[] {
  return lag.clusters.flatMap(cluster =>
    cluster.groups
      .filter(group => group.members > 0)
      .map(group => `${cluster.cluster}/${group.group}`),
  );
}

/** The topic's partitions over every cluster it lives on. */
export function totalPartitions(placements: readonly KafkaTopicPlacement[]) {
  return placements.reduce((sum, p) => sum + p.partitions, 0);
}

/**
 * Runs `task` on every item with at most `limit` running at once, in order of the items;
 * resolves when all have settled (`task` handles its own errors).
 */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await task(item);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
}
