/*
 * Consumer lag as the kafka-taas backend serves it. Offsets and lags are exact 64-bit integers:
 * decimal strings in JSON (BigInt in the backend), never JS numbers. Time lags are milliseconds.
 */

/**
 * How a consumer group is doing on a topic, judged over its recent samples rather than one
 * threshold (in the spirit of Burrow's evaluator):
 *
 * - `ok`: caught up, or its committed offsets move and its lag does not keep growing;
 * - `lagging`: its committed offsets move but its lag grew across the whole window;
 * - `stalled`: lag, and its committed offsets have not moved for a few samples;
 * - `stopped`: lag, and its committed offsets have not moved for the stop period;
 * - `rewound`: a committed offset went backwards in the window (an offset reset);
 * - `unknown`: not enough samples yet to judge.
 * @public
 */
export const LAG_STATUSES = [
  'ok',
  'lagging',
  'stalled',
  'stopped',
  'rewound',
  'unknown',
] as const;

/** @public */
export type LagStatus = (typeof LAG_STATUSES)[number];

/** One partition of a topic as one consumer group sees it. @public */
export interface KafkaPartitionLag {
  partition: number;
  /** Null when the group has no committed offset on the partition. */
  committedOffset: string | null;
  logStartOffset: string;
  logEndOffset: string;
  /**
   * Log end − the committed offset (clamped to log start, see `belowLogStart`); null without a
   * committed offset.
   */
  lag: string | null;
  /**
   * The committed offset is below the log start: retention removed messages the group never
   * read. The lag counts from the log start (what the group can still read).
   */
  belowLogStart: boolean;
  /** Age of the oldest unconsumed message in ms: 0 when caught up, null when unknown. */
  timeLagMs: number | null;
  /**
   * `record`: the timestamp of the message at the committed offset; `interpolated`: from the
   * sampled log-end offsets, when that message cannot be read.
   */
  timeLagSource?: 'record' | 'interpolated';
}

/** A consumer group on one topic of one cluster. @public */
export interface KafkaGroupTopicLag {
  group: string;
  /** As the group coordinator names it: Stable, Empty, PreparingRebalance, CompletingRebalance, Dead. */
  state: string;
  /** Members of the group now (0 when it is empty). */
  members: number;
  /** The sum of its partitions' lags. */
  totalLag: string;
  /** The largest time lag of its partitions; null when none is known. */
  timeLagMs: number | null;
  status: LagStatus;
  /** Why the status, in words a developer can act on. */
  statusReason: string;
  partitions: KafkaPartitionLag[];
}

/** A topic's consumers on one cluster. @public */
export interface KafkaTopicClusterLag {
  cluster: string;
  environment: string;
  /** Every group with a committed offset on the topic, sorted by name. */
  groups: KafkaGroupTopicLag[];
  /** The sum over its groups. */
  totalLag: string;
}

/** `GET /topics/{topic}/lag`. @public */
export interface KafkaTopicLag {
  topic: string;
  /** When the offsets were read (ISO 8601). */
  sampledAt: string;
  /** Every reachable cluster the topic is on, in the order of `kafkaTaas.clusters`. */
  clusters: KafkaTopicClusterLag[];
  /** The sum over its clusters. */
  totalLag: string;
  /** Clusters that could not be read now: the topic may have consumers there too. */
  unreachableClusters: Array<{
    cluster: string;
    environment: string;
    error: string;
  }>;
}

/** `GET /consumer-groups/{cluster}/{group}/lag`: every topic the group has committed offsets on. @public */
export interface KafkaConsumerGroupLag {
  cluster: string;
  environment: string;
  group: string;
  state: string;
  members: number;
  sampledAt: string;
  totalLag: string;
  topics: Array<
    Omit<KafkaGroupTopicLag, 'group' | 'state' | 'members'> & {
      topic: string;
    }
  >;
}

/** One sample of a group's lag on a topic, for trend charts. @public */
export interface KafkaLagSample {
  /** ISO 8601. */
  at: string;
  totalLag: string;
  timeLagMs: number | null;
  status: LagStatus;
}

/** `GET /topics/{topic}/lag/history`: the sampler's bounded history, per cluster and group. @public */
export interface KafkaTopicLagHistory {
  topic: string;
  series: Array<{
    cluster: string;
    group: string;
    /** Oldest first. */
    samples: KafkaLagSample[];
  }>;
}
