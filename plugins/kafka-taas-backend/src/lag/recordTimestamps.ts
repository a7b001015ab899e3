import {
  Admin,
  FetchIsolationLevels,
  fetchV12,
  RecordsBatch,
} from '@platformatic/kafka';

/** A partition offset whose record's timestamp is wanted, and the broker leading the partition. */
export interface TimestampWant {
  topic: string;
  partition: number;
  leader: number;
  offset: bigint;
}

/** Bytes asked per partition and per Fetch: a few producer batches of small records. */
const PARTITION_MAX_BYTES = 64 * 1024;
const FETCH_MAX_BYTES = 16 * 1024 * 1024;
// Record batch attributes (Kafka's DefaultRecordBatch).
const TIMESTAMP_TYPE_LOG_APPEND = 0x08;
const CONTROL_BATCH = 0x20;

export const timestampKey = (
  topic: string,
  partition: number,
  offset: bigint,
) => `${topic}/${partition}/${offset}`;

/**
 * For each wanted offset (ascending), the timestamp of the first data record at or after it in
 * the batches read, and the wanted offsets beyond everything read (for the next Fetch).
 * `progressed` is false when the batches hold nothing at or after the first wanted offset.
 */
export function resolveFromBatches(
  batches: readonly RecordsBatch[],
  wanted: readonly bigint[],
): { found: Map<bigint, number>; remaining: bigint[]; progressed: boolean } {
  const records: Array<{ offset: bigint; timestampMs: number }> = [];
  let lastOffset: bigint | undefined;
  for (const batch of batches) {
    const batchLast = batch.firstOffset + BigInt(batch.lastOffsetDelta);
    if (lastOffset === undefined || batchLast > lastOffset)
      lastOffset = batchLast;
    if (batch.attributes & CONTROL_BATCH) continue;
    for (const record of batch.records) {
      records.push({
        offset: batch.firstOffset + BigInt(record.offsetDelta),
        timestampMs: Number(
          batch.attributes & TIMESTAMP_TYPE_LOG_APPEND
            ? batch.maxTimestamp
            : batch.firstTimestamp + record.timestampDelta,
        ),
      });
    }
  }
  records.sort((a, b) =>
    a.offset < b.offset ? -1 : Number(a.offset > b.offset),
  );
  const found = new Map<bigint, number>();
  const remaining: bigint[] = [];
  let i = 0;
  for (const offset of wanted) {
    while (i < records.length && records[i].offset < offset) i++;
    if (i < records.length) found.set(offset, records[i].timestampMs);
    else remaining.push(offset);
  }
  const progressed =
    lastOffset !== undefined && wanted.length > 0 && lastOffset >= wanted[0];
  return { found, remaining: progressed ? remaining : [], progressed };
}

type Pending = Omit<TimestampWant, 'offset'> & { offsets: bigint[] };

/**
 * The timestamps of the records at the wanted offsets, read with Fetch requests on the admin's
 * pooled connections: per leader one request for all its partitions, starting at each
 * partition's lowest wanted offset; offsets beyond what came back are asked in a next round, at
 * most `maxRounds` rounds. Whatever is not read within `timeoutMs` is left out (the caller
 * interpolates it). Keys: `timestampKey(topic, partition, offset)`.
 */
export async function readRecordTimestamps(options: {
  admin: Admin;
  wants: readonly TimestampWant[];
  maxRounds: number;
  timeoutMs: number;
}): Promise<{
  timestamps: Map<string, number>;
  fetches: number;
  errors: string[];
}> {
  const timestamps = new Map<string, number>();
  const errors: string[] = [];
  let fetches = 0;
  const first = new Map<string, Pending>();
  for (const want of options.wants) {
    if (want.leader < 0) continue;
    const key = `${want.topic}/${want.partition}`;
    const entry = first.get(key) ?? {
      topic: want.topic,
      partition: want.partition,
      leader: want.leader,
      offsets: [],
    };
    entry.offsets.push(want.offset);
    first.set(key, entry);
  }
  for (const entry of first.values()) {
    entry.offsets = [...new Set(entry.offsets)].sort((a, b) =>
      a < b ? -1 : Number(a > b),
    );
  }

  const rounds = async () => {
    let pending = first;
    for (let round = 0; round < options.maxRounds && pending.size; round++) {
      const result = await fetchRound(options.admin, pending, timestamps);
      fetches += result.fetches;
      errors.push(...result.errors);
      pending = result.next;
    }
  };

  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    rounds().catch(error => {
      errors.push(error instanceof Error ? error.message : String(error));
    }),
    new Promise<void>(resolve => {
      timer = setTimeout(() => {
        errors.push(`not all read within ${options.timeoutMs} ms`);
        resolve();
      }, options.timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  // Answers arriving after the deadline must not change what the caller already used.
  return { timestamps: new Map(timestamps), fetches, errors };
}

/** One Fetch per leader for its pending partitions; adds what it read to `timestamps`. */
async function fetchRound(
  admin: Admin,
  pending: Map<string, Pending>,
  timestamps: Map<string, number>,
): Promise<{ next: Map<string, Pending>; fetches: number; errors: string[] }> {
  const byLeader = new Map<number, Pending[]>();
  for (const entry of pending.values()) {
    byLeader.set(entry.leader, [...(byLeader.get(entry.leader) ?? []), entry]);
  }
  const connections = await admin.connectToBrokers([...byLeader.keys()]);
  const next = new Map<string, Pending>();
  const errors: string[] = [];
  let fetches = 0;
  await Promise.all(
    [...byLeader].map(async ([leader, entries]) => {
      const connection = connections.get(leader);
      if (!connection) {
        errors.push(`no connection to broker ${leader}`);
        return;
      }
      const byTopic = new Map<string, Pending[]>();
      for (const e of entries)
        byTopic.set(e.topic, [...(byTopic.get(e.topic) ?? []), e]);
      let response: fetchV12.FetchResponse | undefined;
      fetches++;
      try {
        response = await fetchV12.api.async(
          connection,
          0,
          0,
          FETCH_MAX_BYTES,
          FetchIsolationLevels.READ_UNCOMMITTED,
          0,
          -1,
          [...byTopic].map(([topic, list]) => ({
            // Fetch v12 names topics (v13+ use topic ids).
            topicId: topic,
            partitions: list.map(e => ({
              partition: e.partition,
              currentLeaderEpoch: -1,
              fetchOffset: e.offsets[0],
              lastFetchedEpoch: -1,
              partitionMaxBytes: PARTITION_MAX_BYTES,
            })),
          })),
          [],
          '',
        );
      } catch (error) {
        // Partition errors (a leader moved, an offset out of range) still carry the answers
        // of the other partitions.
        response = (error as { response?: fetchV12.FetchResponse }).response;
        errors.push(error instanceof Error ? error.message : String(error));
      }
      for (const topic of response?.responses ?? []) {
        for (const p of topic.partitions) {
          const entry = pending.get(`${topic.topicId}/${p.partitionIndex}`);
          if (!entry || p.errorCode !== 0) continue;
          const { found, remaining } = resolveFromBatches(
            p.records ?? [],
            entry.offsets,
          );
          for (const [offset, ts] of found) {
            timestamps.set(
              timestampKey(entry.topic, entry.partition, offset),
              ts,
            );
          }
          if (remaining.length) {
            next.set(`${entry.topic}/${entry.partition}`, {
              ...entry,
              offsets: remaining,
            });
          }
        }
      }
    }),
  );
  return { next, fetches, errors };
}
