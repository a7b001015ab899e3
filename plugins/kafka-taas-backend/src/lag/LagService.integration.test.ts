import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Admin, Producer, stringSerializers } from '@platformatic/kafka';
import { tracingChannel } from 'node:diagnostics_channel';
import {
  localClusterConfig,
  localStack,
  uniqueName,
} from '../__testUtils__/localStack';
import { readLagConfig } from '../config';
import { mapLimit } from '../services/async';
import { KafkaClientPool } from '../services/KafkaClientPool';
import { LagService } from './LagService';

// The Kafka requests one topicLag sends, counted on the wire (every request of every
// @platformatic/kafka connection in this process is traced on `plt:kafka:connections:api`),
// for a topic with 200 consumer groups at 200 different positions on the real local broker.

const API_NAMES: Record<number, string> = {
  1: 'Fetch',
  2: 'ListOffsets',
  3: 'Metadata',
  9: 'OffsetFetch',
  10: 'FindCoordinator',
  15: 'DescribeGroups',
  16: 'ListGroups',
};
const GROUPS = 200;
const PARTITIONS = 4;

const plaintext = { bootstrapBrokers: localStack().plaintextBrokers };
const admin = new Admin({ clientId: 'test-lag-calls', ...plaintext });

describe('LagService on the wire', () => {
  const suffix = uniqueName('lagcalls');
  const topic = `analytics.lag.calls-${suffix}`;
  const groups = Array.from(
    { length: GROUPS },
    (_, i) => `lag-calls-${suffix}-${String(i).padStart(3, '0')}`,
  );
  const config = new ConfigReader({
    kafkaTaas: {
      clusters: [localClusterConfig('local', 'dev')],
      lag: { cacheTtl: '0ms' },
    },
  });
  const pool = KafkaClientPool.create({
    config,
    logger: mockServices.logger.mock(),
  });
  const service = LagService.create({
    pool,
    logger: mockServices.logger.mock(),
    config: readLagConfig(config),
  });

  beforeAll(async () => {
    await admin.createTopics({
      topics: [topic],
      partitions: PARTITIONS,
      replicas: 1,
    });
    const producer = new Producer({
      // Idempotent: a retry under load must not write a message twice (exact lags).
      idempotent: true,
      clientId: 'test-lag-calls-producer',
      ...plaintext,
      serializers: stringSerializers,
    });
    try {
      await producer.send({
        messages: Array.from({ length: PARTITIONS * GROUPS }, (_, i) => ({
          topic,
          partition: i % PARTITIONS,
          value: `v${i}`,
        })),
      });
    } finally {
      await producer.close();
    }
    // Group i committed at offset i on every partition: 200 different positions.
    await mapLimit([...groups.entries()], 10, ([i, groupId]) =>
      admin.alterConsumerGroupOffsets({
        groupId,
        topics: [
          {
            name: topic,
            partitionOffsets: Array.from({ length: PARTITIONS }, (_, p) => ({
              partition: p,
              offset: BigInt(i),
            })),
          },
        ],
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([pool.close(), admin.close()]);
  });

  async function countRequests<T>(fn: () => Promise<T>) {
    const counts: Record<string, number> = {};
    const channel = tracingChannel<{ apiKey?: number }>(
      'plt:kafka:connections:api',
    );
    const handlers = {
      start(message: { apiKey?: number }) {
        const name = API_NAMES[message.apiKey ?? -1] ?? `api ${message.apiKey}`;
        counts[name] = (counts[name] ?? 0) + 1;
      },
      end() {},
      asyncStart() {},
      asyncEnd() {},
      error() {},
    };
    channel.subscribe(handlers);
    try {
      return { result: await fn(), counts };
    } finally {
      channel.unsubscribe(handlers);
    }
  }

  it('reads a topic with 200 groups in a fixed handful of requests, none per group or per partition', async () => {
    // Connections (ApiVersions, SASL) are set up by a first read.
    await service.topicLag(topic);
    const before = (await admin.listGroups()).size;
    const { result, counts } = await countRequests(() =>
      service.topicLag(topic),
    );
    const after = (await admin.listGroups()).size;

    // Exact lags: group i is at offset i of 200 on each of the 4 partitions.
    const local = result.clusters[0];
    expect(local.groups.map(g => g.group)).toEqual(groups);
    local.groups.forEach((g, i) => {
      expect(g.totalLag).toBe(String(PARTITIONS * (GROUPS - i)));
      expect(g.partitions.every(p => p.timeLagSource === 'record')).toBe(true);
    });

    // OffsetFetch asks 200 groups per request; the broker holds other tests' groups too, so
    // the requests follow the cluster's whole group count, not this topic's.
    const offsetFetches = counts.OffsetFetch;
    expect(offsetFetches).toBeGreaterThanOrEqual(Math.ceil(before / 200));
    expect(offsetFetches).toBeLessThanOrEqual(Math.ceil(after / 200));
    expect(counts).toEqual({
      // ListGroups' own, the topic's leaders, and one for both ListOffsets (sent together, the
      // client shares one Metadata request between them).
      Metadata: 3,
      // One broker, so one of each per call.
      ListGroups: 1,
      FindCoordinator: offsetFetches + 1,
      OffsetFetch: offsetFetches,
      DescribeGroups: 1,
      ListOffsets: 2,
      // All 800 committed records' timestamps in one Fetch of the 4 partitions.
      Fetch: 1,
    });
  });
});
