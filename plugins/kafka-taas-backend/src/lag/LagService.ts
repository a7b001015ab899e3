import { LoggerService } from '@backstage/backend-plugin-api';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  KafkaConsumerGroupLag,
  KafkaGroupTopicLag,
  KafkaPartitionLag,
  KafkaTopicClusterLag,
  KafkaTopicLag,
} from '@kafka-taas/plugin-kafka-taas-common';
import { Admin, ClusterMetadata, GroupBase } from '@platformatic/kafka';
import { KafkaClusterConfig, LagConfig } from '../config';
import { kafkaFailure } from '../provisioning/kafkaFailures';
import { chunks, mapLimit, withTimeout } from '../services/async';
import { KafkaClientPool } from '../services/KafkaClientPool';
import { unknownTopicOf } from '../services/TopicInventoryService';
import {
  interpolateTimeLagMs,
  LogEndHistory,
  partitionLag,
  sumLag,
} from './lagMath';
import {
  DEFAULT_LAG_STATUS_OPTIONS,
  evaluateLagStatus,
  GroupLagObservation,
  LagWindows,
} from './lagStatus';
import {
  readRecordTimestamps,
  TimestampWant,
  timestampKey,
} from './recordTimestamps';
import { LagHistoryStore, observationOf } from './LagHistoryStore';
import { TtlCache } from './TtlCache';

/** Consumer groups per OffsetFetch request, and requests in flight per cluster. */
const GROUP_BATCH = 200;
const GROUP_CONCURRENCY = 4;
/** Groups per DescribeGroups call. */
const DESCRIBE_BATCH = 1_000;
/** Log-end samples kept per partition for interpolated time lags. */
const LOG_END_HISTORY = {
  capacity: 120,
  maxAgeMs: 60 * 60_000,
  maxKeys: 200_000,
};

const historyKey = (cluster: string, topic: string, partition: number) =>
  `${cluster}/${topic}/${partition}`;
const windowKey = (cluster: string, group: string, topic: string) =>
  `${cluster}\u0000${group}\u0000${topic}`;

/** Committed offsets: group → topic → partition → offset (only partitions with a commit). */
type CommittedOffsets = Map<string, Map<string, Map<number, bigint>>>;

/** One read of a cluster's groups and their committed offsets, shared by every topic. */
interface GroupsSnapshot {
  atMs: number;
  listed: Map<string, GroupBase>;
  committed: CommittedOffsets;
}

interface PartitionRead {
  partition: number;
  leader: number;
  logStart: bigint;
  logEnd: bigint;
}

/** A group on a topic, offsets still as bigints. */
export interface GroupTopicRead {
  group: string;
  state: string;
  members: number;
  totalLag: bigint;
  timeLagMs: number | null;
  status: KafkaGroupTopicLag['status'];
  statusReason: string;
  partitions: Array<
    Omit<
      KafkaPartitionLag,
      'committedOffset' | 'logStartOffset' | 'logEndOffset' | 'lag'
    > & {
      committed?: bigint;
      logStart: bigint;
      logEnd: bigint;
      lag?: bigint;
    }
  >;
}

/** One read of lag on a cluster: per topic present, its groups. */
export interface ClusterLagRead {
  cluster: string;
  environment: string;
  atMs: number;
  topics: Map<
    string,
    { partitions: PartitionRead[]; groups: GroupTopicRead[] }
  >;
  /** Topics asked for (or with committed offsets) that the cluster does not have. */
  absentTopics: string[];
  /** State and members of the groups read. */
  groups: Map<string, { state: string; members: number }>;
}

/**
 * Consumer lag, read live from Kafka and batched so it stays cheap at hundreds of groups: per
 * cluster one group listing and OffsetFetch requests for many groups at once (cached for every
 * topic), one Metadata, one ListOffsets per bound (earliest, latest) for all partitions of the
 * topics read, one DescribeGroups for the groups on them, and Fetch requests per leader for
 * the records at the committed offsets (time lag). Every read feeds the log-end history (for
 * interpolated time lags) and the status windows. Reads are cached for `cacheTtl` and shared
 * while in flight. With a `windowStore`, the status windows are the stored samples (the
 * sampler's, shared by every replica) plus the read's own observation, loaded in one query per
 * read, so every replica judges alike; without one, they are this replica's own reads.
 * @public
 */
export class LagService {
  readonly #pool: Pick<KafkaClientPool, 'clusters' | 'admin'>;
  readonly #logger: LoggerService;
  readonly #config: LagConfig;
  readonly #now: () => number;
  readonly #history: LogEndHistory;
  readonly #windows: LagWindows;
  readonly #windowStore?: Pick<LagHistoryStore, 'recentSamples'>;
  readonly #windowMaxAgeMs: number;
  readonly #snapshots: TtlCache<GroupsSnapshot>;
  readonly #reads: TtlCache<ClusterLagRead>;

  static create(options: {
    pool: Pick<KafkaClientPool, 'clusters' | 'admin'>;
    logger: LoggerService;
    config: LagConfig;
    /** Stored samples to judge the status over; default this replica's reads, in memory. */
    windowStore?: Pick<LagHistoryStore, 'recentSamples'>;
    now?: () => number;
  }): LagService {
    return new LagService(options);
  }

  private constructor(options: Parameters<typeof LagService.create>[0]) {
    this.#pool = options.pool;
    this.#logger = options.logger;
    this.#config = options.config;
    this.#now = options.now ?? Date.now;
    this.#history = new LogEndHistory(LOG_END_HISTORY);
    const stopAfterMs =
      options.config.status.stopAfterMs ??
      DEFAULT_LAG_STATUS_OPTIONS.stopAfterMs;
    this.#windowStore = options.windowStore;
    this.#windowMaxAgeMs = Math.max(2 * stopAfterMs, 15 * 60_000);
    this.#windows = new LagWindows({
      size: options.config.windowSize,
      maxAgeMs: this.#windowMaxAgeMs,
      maxKeys: 100_000,
    });
    const ttl = { ttlMs: options.config.cacheTtlMs, now: this.#now };
    this.#snapshots = new TtlCache(ttl);
    this.#reads = new TtlCache(ttl);
  }

  /**
   * A topic's consumer groups on every configured cluster (or on `cluster`). A cluster that
   * cannot be read is in `unreachableClusters`; NotFoundError when no reachable cluster has the
   * topic, InputError for a cluster that is not configured.
   */
  async topicLag(
    topic: string,
    options: { cluster?: string } = {},
  ): Promise<KafkaTopicLag> {
    const clusters = options.cluster
      ? [this.#clusterNamed(options.cluster, 'cluster')]
      : this.#pool.clusters();
    const reads = await Promise.all(
      clusters.map(async cluster => {
        try {
          return {
            cluster,
            read: await this.#reads.get(
              `topic\n${cluster.name}\n${topic}`,
              () => this.#readCluster(cluster, { topics: [topic] }),
            ),
          };
        } catch (error) {
          const failure = kafkaFailure(
            `read the consumer lag of topic "${topic}"`,
            cluster,
            error,
          );
          this.#logger.warn('kafka cluster unreadable for consumer lag', {
            cluster: cluster.name,
            topic,
            reason: failure.message,
          });
          return { cluster, error: failure.message };
        }
      }),
    );

    const present: KafkaTopicClusterLag[] = [];
    const unreachableClusters: KafkaTopicLag['unreachableClusters'] = [];
    let sampledAtMs: number | undefined;
    for (const r of reads) {
      if ('error' in r) {
        unreachableClusters.push({
          cluster: r.cluster.name,
          environment: r.cluster.environment,
          error: r.error ?? 'unknown error',
        });
        continue;
      }
      const onTopic = r.read.topics.get(topic);
      if (!onTopic) continue;
      sampledAtMs = Math.min(sampledAtMs ?? r.read.atMs, r.read.atMs);
      present.push({
        cluster: r.cluster.name,
        environment: r.cluster.environment,
        groups: onTopic.groups.map(groupJson),
        totalLag: sumLag(onTopic.groups.map(g => g.totalLag)).toString(),
      });
    }
    if (present.length === 0) {
      const names = clusters.map(c => c.name).join(', ') || 'none';
      const unread = unreachableClusters.length
        ? `; could not read ${unreachableClusters
            .map(c => `"${c.cluster}" (${c.error})`)
            .join(', ')}`
        : '';
      throw new NotFoundError(
        `Topic "${topic}" is on none of the Kafka clusters read (${names})${unread}`,
      );
    }
    return {
      topic,
      sampledAt: new Date(sampledAtMs ?? this.#now()).toISOString(),
      clusters: present,
      totalLag: sumLag(present.map(c => BigInt(c.totalLag))).toString(),
      unreachableClusters,
    };
  }

  /**
   * Every topic a group has committed offsets on, on one cluster. Topics deleted since (whose
   * offsets the broker still holds) are left out. NotFoundError for a group the cluster does not
   * know, InputError for a cluster that is not configured, ServiceUnavailableError when the
   * cluster cannot be read.
   */
  async groupLag(
    clusterName: string,
    group: string,
  ): Promise<KafkaConsumerGroupLag> {
    const cluster = this.#clusterNamed(clusterName, 'cluster');
    let read: ClusterLagRead;
    let snapshot: GroupsSnapshot;
    try {
      snapshot = await this.#snapshot(cluster);
      if (!snapshot.listed.has(group) && !snapshot.committed.has(group)) {
        throw new NotFoundError(
          `Consumer group "${group}" does not exist on Kafka cluster "${cluster.name}": it has no members and no committed offsets`,
        );
      }
      read = await this.#reads.get(`group\n${cluster.name}\n${group}`, () =>
        this.#readCluster(cluster, { group }),
      );
    } catch (error) {
      if (error instanceof NotFoundError) throw error;
      const failure = kafkaFailure(
        `read the consumer lag of group "${group}"`,
        cluster,
        error,
      );
      this.#logger.warn('kafka cluster unreadable for consumer lag', {
        cluster: cluster.name,
        group,
        reason: failure.message,
      });
      throw new ServiceUnavailableError(failure.message);
    }
    const topics = [...read.topics]
      .flatMap(([topic, t]) => {
        const g = t.groups.find(x => x.group === group);
        if (!g) return [];
        const { group: _g, state: _s, members: _m, ...rest } = groupJson(g);
        return [{ topic, ...rest }];
      })
      .sort((a, b) => (a.topic < b.topic ? -1 : Number(a.topic > b.topic)));
    const described = read.groups.get(group);
    return {
      cluster: cluster.name,
      environment: cluster.environment,
      group,
      state: described?.state ?? snapshot.listed.get(group)?.state ?? 'Unknown',
      members: described?.members ?? 0,
      sampledAt: new Date(read.atMs).toISOString(),
      totalLag: sumLag(topics.map(t => BigInt(t.totalLag))).toString(),
      topics,
    };
  }

  /**
   * Lag of every group on every topic it has committed offsets on, on one cluster, in the same
   * few batched calls as one topic: for a sampler. Throws when the cluster cannot be read.
   */
  async sampleCluster(clusterName: string): Promise<ClusterLagRead> {
    const cluster = this.#clusterNamed(clusterName, 'cluster');
    return this.#reads.get(`cluster\n${cluster.name}`, () =>
      this.#readCluster(cluster, {}),
    );
  }

  #clusterNamed(name: string, field: string): KafkaClusterConfig {
    const cluster = this.#pool.clusters().find(c => c.name === name);
    if (!cluster) {
      const names = this.#pool
        .clusters()
        .map(c => c.name)
        .join(', ');
      throw new InputError(
        `${field} "${name}" is not a configured Kafka cluster; use one of: ${
          names || 'none (kafkaTaas.clusters is empty)'
        }`,
      );
    }
    return cluster;
  }

  /** The cluster's groups and all their committed offsets, cached and shared by every read. */
  #snapshot(cluster: KafkaClusterConfig): Promise<GroupsSnapshot> {
    return this.#snapshots.get(cluster.name, async () => {
      const admin = this.#pool.admin(cluster.name);
      const timeout = cluster.requestTimeoutMs;
      const listed = await withTimeout(
        admin.listGroups(),
        timeout,
        `no answer to ListGroups within ${timeout} ms`,
      );
      // Share groups keep no committed offsets.
      const ids = [...listed.values()]
        .filter(g => g.groupType !== 'share')
        .map(g => g.id);
      const committed: CommittedOffsets = new Map();
      await mapLimit(
        chunks(ids, GROUP_BATCH),
        GROUP_CONCURRENCY,
        async batch => {
          const answer = await withTimeout(
            admin.listConsumerGroupOffsets({ groups: batch }),
            timeout,
            `no answer to OffsetFetch within ${timeout} ms`,
          );
          for (const group of answer) {
            const topics = new Map<string, Map<number, bigint>>();
            for (const topic of group.topics) {
              const partitions = new Map<number, bigint>();
              for (const p of topic.partitions) {
                // -1: nothing committed on the partition.
                if (p.committedOffset >= BigInt(0))
                  partitions.set(p.partitionIndex, p.committedOffset);
              }
              if (partitions.size) topics.set(topic.name, partitions);
            }
            if (topics.size) committed.set(group.groupId, topics);
          }
        },
      );
      return { atMs: this.#now(), listed, committed };
    });
  }

  async #readCluster(
    cluster: KafkaClusterConfig,
    scope: { topics?: string[]; group?: string },
  ): Promise<ClusterLagRead> {
    const admin = this.#pool.admin(cluster.name);
    const timeout = cluster.requestTimeoutMs;
    const snapshot = await this.#snapshot(cluster);

    // The topics to read and, on each, the groups with committed offsets there.
    const groupsOn = new Map<string, string[]>();
    for (const topic of scope.topics ?? []) groupsOn.set(topic, []);
    for (const [group, topics] of snapshot.committed) {
      if (scope.group !== undefined && group !== scope.group) continue;
      for (const topic of topics.keys()) {
        const list = groupsOn.get(topic);
        if (list) list.push(group);
        else if (!scope.topics) groupsOn.set(topic, [group]);
      }
    }

    const layouts = await withTimeout(
      leadersOf(admin, [...groupsOn.keys()]),
      timeout,
      `no answer to Metadata within ${timeout} ms`,
    );
    const absentTopics = [...groupsOn.keys()].filter(t => !layouts.has(t));
    // A group asked for is described even without offsets on a topic that still exists.
    const groups = [
      ...new Set([
        ...(scope.group === undefined ? [] : [scope.group]),
        ...[...groupsOn]
          .filter(([topic]) => layouts.has(topic))
          .flatMap(([, g]) => g),
      ]),
    ];
    const [offsets, described] = await Promise.all([
      withTimeout(
        logOffsets(admin, layouts),
        timeout,
        `no answer to ListOffsets within ${timeout} ms`,
      ),
      withTimeout(
        describe(admin, groups),
        timeout,
        `no answer to DescribeGroups within ${timeout} ms`,
      ),
    ]);
    const atMs = this.#now();

    // Log-end history, for interpolated time lags.
    for (const [topic, partitions] of offsets) {
      for (const p of partitions) {
        this.#history.add(historyKey(cluster.name, topic, p.partition), {
          atMs,
          logEndOffset: p.logEnd,
        });
      }
    }

    // Lag per group and partition; the partitions whose oldest unconsumed record to read.
    const wants: TimestampWant[] = [];
    type Draft = Omit<GroupTopicRead, 'status' | 'statusReason' | 'timeLagMs'>;
    const drafts = new Map<string, Draft[]>();
    for (const [topic, onTopic] of groupsOn) {
      const partitions = offsets.get(topic);
      if (!partitions) continue;
      const list: Draft[] = [];
      for (const group of [...onTopic].sort()) {
        const committed = snapshot.committed.get(group)?.get(topic);
        const state =
          described.get(group)?.state ?? snapshot.listed.get(group)?.state;
        const rows = partitions.map(p => {
          const c = committed?.get(p.partition);
          const { lag, belowLogStart } = partitionLag({
            committed: c,
            logStart: p.logStart,
            logEnd: p.logEnd,
          });
          if (lag !== undefined && lag > BigInt(0) && c !== undefined) {
            wants.push({
              topic,
              partition: p.partition,
              leader: p.leader,
              offset: c < p.logStart ? p.logStart : c,
            });
          }
          return {
            partition: p.partition,
            committed: c,
            logStart: p.logStart,
            logEnd: p.logEnd,
            lag,
            belowLogStart,
            timeLagMs: null as number | null,
          };
        });
        list.push({
          group,
          state: state ?? 'Unknown',
          members: described.get(group)?.members.size ?? 0,
          totalLag: sumLag(rows.map(r => r.lag)),
          partitions: rows,
        });
      }
      drafts.set(topic, list);
    }

    const read = wants.length
      ? await readRecordTimestamps({
          admin,
          wants,
          maxRounds: this.#config.maxFetchRounds,
          timeoutMs: this.#config.fetchTimeoutMs,
        })
      : { timestamps: new Map<string, number>(), fetches: 0, errors: [] };
    if (read.errors.length) {
      this.#logger.debug('some record timestamps unread; interpolating', {
        cluster: cluster.name,
        reason: read.errors.slice(0, 3).join('; '),
      });
    }
    const nowMs = this.#now();
    const windows = await this.#windowsFor(
      cluster.name,
      scope,
      [...drafts.values()].reduce((n, list) => n + list.length, 0),
    );

    const topics: ClusterLagRead['topics'] = new Map();
    for (const [topic, list] of drafts) {
      const groupReads = list.map(draft => {
        const partitions = draft.partitions.map(row => {
          if (row.lag === undefined || row.committed === undefined) return row;
          if (row.lag === BigInt(0)) return { ...row, timeLagMs: 0 };
          const from =
            row.committed < row.logStart ? row.logStart : row.committed;
          const ts = read.timestamps.get(
            timestampKey(topic, row.partition, from),
          );
          if (ts !== undefined) {
            return {
              ...row,
              timeLagMs: Math.max(0, nowMs - ts),
              timeLagSource: 'record' as const,
            };
          }
          const interpolated = interpolateTimeLagMs(
            from,
            this.#history.get(historyKey(cluster.name, topic, row.partition)),
            nowMs,
          );
          return interpolated === undefined
            ? row
            : {
                ...row,
                timeLagMs: interpolated,
                timeLagSource: 'interpolated' as const,
              };
        });
        const known = partitions
          .map(p => p.timeLagMs)
          .filter((t): t is number => t !== null);
        const observation: GroupLagObservation = {
          atMs: snapshot.atMs,
          committed: new Map(partitions.map(p => [p.partition, p.committed])),
          totalLag: draft.totalLag,
          members: draft.members,
        };
        const { status, reason } = this.#status(
          windows,
          windowKey(cluster.name, draft.group, topic),
          observation,
        );
        return {
          ...draft,
          partitions,
          timeLagMs: known.length ? Math.max(...known) : null,
          status,
          statusReason: reason,
        };
      });
      topics.set(topic, {
        partitions: offsets.get(topic) ?? [],
        groups: groupReads,
      });
    }

    this.#logger.debug('consumer lag read', {
      cluster: cluster.name,
      topics: topics.size,
      groups: groups.length,
      recordFetches: read.fetches,
    });
    return {
      cluster: cluster.name,
      environment: cluster.environment,
      atMs,
      topics,
      absentTopics,
      groups: new Map(
        groups.map(g => [
          g,
          {
            state:
              described.get(g)?.state ??
              snapshot.listed.get(g)?.state ??
              'Unknown',
            members: described.get(g)?.members.size ?? 0,
          },
        ]),
      ),
    };
  }

  /**
   * The status windows of one read: this replica's own, or the stored samples of the groups
   * read (one query). When the store cannot be read, each group is judged on this read alone.
   */
  async #windowsFor(
    cluster: string,
    scope: { topics?: string[]; group?: string },
    groups: number,
  ): Promise<LagWindows> {
    if (!this.#windowStore) return this.#windows;
    let samples: Awaited<ReturnType<LagHistoryStore['recentSamples']>> = [];
    try {
      samples = await this.#windowStore.recentSamples({
        cluster,
        topics: scope.topics,
        group: scope.group,
        sinceMs: this.#now() - this.#windowMaxAgeMs,
        size: this.#config.windowSize,
      });
    } catch (error) {
      this.#logger.warn(
        'stored lag samples unreadable; judging the status on this read alone',
        { cluster, reason: String(error) },
      );
    }
    const windows = new LagWindows({
      size: this.#config.windowSize,
      maxAgeMs: this.#windowMaxAgeMs,
      maxKeys: samples.length + groups + 1,
    });
    for (const sample of samples) {
      windows.add(
        windowKey(cluster, sample.group, sample.topic),
        observationOf(sample),
      );
    }
    return windows;
  }

  /** Adds the observation to its window, unless that snapshot was added already, and judges. */
  #status(windows: LagWindows, key: string, observation: GroupLagObservation) {
    const window = windows.get(key);
    const last = window[window.length - 1];
    const current =
      last && last.atMs >= observation.atMs
        ? window
        : windows.add(key, observation);
    return evaluateLagStatus(current, this.#config.status);
  }
}

function groupJson(g: GroupTopicRead): KafkaGroupTopicLag {
  return {
    group: g.group,
    state: g.state,
    members: g.members,
    totalLag: g.totalLag.toString(),
    timeLagMs: g.timeLagMs,
    status: g.status,
    statusReason: g.statusReason,
    partitions: g.partitions.map(p => ({
      partition: p.partition,
      committedOffset: p.committed?.toString() ?? null,
      logStartOffset: p.logStart.toString(),
      logEndOffset: p.logEnd.toString(),
      lag: p.lag?.toString() ?? null,
      belowLogStart: p.belowLogStart,
      timeLagMs: p.timeLagMs,
      ...(p.timeLagSource && { timeLagSource: p.timeLagSource }),
    })),
  };
}

/**
 * The partitions and their leaders of each topic that exists, in one Metadata request. A topic
 * that does not exist fails the whole request with `Unknown topic <name>.`: asked again without it.
 */
async function leadersOf(
  admin: Admin,
  topics: string[],
): Promise<Map<string, Array<{ partition: number; leader: number }>>> {
  let remaining = topics;
  for (;;) {
    if (remaining.length === 0) return new Map();
    let metadata: ClusterMetadata;
    try {
      metadata = await admin.metadata({ topics: remaining, forceUpdate: true });
    } catch (error) {
      const gone = unknownTopicOf(error);
      if (gone === undefined || !remaining.includes(gone)) throw error;
      remaining = remaining.filter(topic => topic !== gone);
      continue;
    }
    const out = new Map<string, Array<{ partition: number; leader: number }>>();
    for (const topic of remaining) {
      const described = metadata.topics.get(topic);
      if (!described) continue;
      out.set(
        topic,
        described.partitions.map((p, partition) => ({
          partition,
          leader: p.leader,
        })),
      );
    }
    return out;
  }
}

/**
 * Log start and log end of every partition: one ListOffsets call per bound, each sent by the
 * client as one request per leader for all its partitions. (One request cannot ask a partition
 * twice, so earliest and latest are two.)
 */
async function logOffsets(
  admin: Admin,
  layouts: Map<string, Array<{ partition: number; leader: number }>>,
): Promise<Map<string, PartitionRead[]>> {
  const out = new Map<string, PartitionRead[]>();
  if (layouts.size === 0) return out;
  const ask = (timestamp: bigint) =>
    admin.listOffsets({
      topics: [...layouts].map(([name, partitions]) => ({
        name,
        partitions: partitions.map(p => ({
          partitionIndex: p.partition,
          timestamp,
        })),
      })),
    });
  const [earliest, latest] = await Promise.all([
    ask(BigInt(-2)),
    ask(BigInt(-1)),
  ]);
  const index = (answer: typeof earliest) => {
    const map = new Map<string, bigint>();
    for (const t of answer)
      for (const p of t.partitions)
        map.set(`${t.name}/${p.partitionIndex}`, p.offset);
    return map;
  };
  const starts = index(earliest);
  const ends = index(latest);
  for (const [topic, partitions] of layouts) {
    out.set(
      topic,
      partitions.map(p => {
        const key = `${topic}/${p.partition}`;
        const logEnd = ends.get(key);
        if (logEnd === undefined) {
          throw new Error(`ListOffsets gave no log end for ${key}`);
        }
        return { ...p, logStart: starts.get(key) ?? logEnd, logEnd };
      }),
    );
  }
  return out;
}

/** State and members of the groups, in DescribeGroups calls of many groups each. */
async function describe(
  admin: Admin,
  groups: string[],
): Promise<Map<string, { state: string; members: Map<string, unknown> }>> {
  const out = new Map<
    string,
    { state: string; members: Map<string, unknown> }
  >();
  for (const batch of chunks(groups, DESCRIBE_BATCH)) {
    for (const [id, g] of await admin.describeGroups({ groups: batch }))
      out.set(id, g);
  }
  return out;
}
