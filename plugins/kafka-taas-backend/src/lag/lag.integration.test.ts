import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  KafkaConsumerGroupLag,
  KafkaGroupTopicLag,
  KafkaTopicLag,
  LagStatus,
} from '@kafka-taas/plugin-kafka-taas-common';
import {
  Admin,
  Consumer,
  MessagesStreamModes,
  Producer,
  stringDeserializers,
  stringSerializers,
} from '@platformatic/kafka';
import request from 'supertest';
import {
  eventually,
  localClusterConfig,
  localStack,
  uniqueName,
} from '../__testUtils__/localStack';
import {
  as,
  startKafkaTaasBackend,
  testKafkaTaasConfig,
} from '../__testUtils__/testBackend';
import { LAG_SAMPLER_TASK_ID } from './LagSampler';

// GET /topics/{topic}/lag and GET /consumer-groups/{cluster}/{group}/lag end to end: the real
// plugin in Backstage's test backend on the real local broker. Messages are written with
// explicit timestamps and groups commit known positions (admin OffsetCommit, or a real consumer),
// so every lag is known exactly. Clusters: the local broker, and `gone` on a closed port.

const plaintext = { bootstrapBrokers: localStack().plaintextBrokers };
const admin = new Admin({ clientId: 'test-lag', ...plaintext });
const producer = new Producer({
  // Idempotent: a retry under load must not write a message twice (exact lags).
  idempotent: true,
  clientId: 'test-lag-producer',
  ...plaintext,
  serializers: stringSerializers,
});

/** One hour ago: old enough that a time lag cannot be confused with the test's own duration. */
const baseTs = Date.now() - 3_600_000;

async function produce(
  topic: string,
  partition: number,
  count: number,
  firstTs = baseTs,
) {
  if (count === 0) return;
  await producer.send({
    messages: Array.from({ length: count }, (_, i) => ({
      topic,
      partition,
      key: `k${i}`,
      value: `v${i}`,
      // One message per second of "time", so each offset has a known timestamp.
      timestamp: BigInt(firstTs + i * 1_000),
    })),
  });
}

async function commit(
  groupId: string,
  topic: string,
  offsets: Record<number, number>,
) {
  await admin.alterConsumerGroupOffsets({
    groupId,
    topics: [
      {
        name: topic,
        partitionOffsets: Object.entries(offsets).map(([p, o]) => ({
          partition: Number(p),
          offset: BigInt(o),
        })),
      },
    ],
  });
}

async function createTopic(topic: string, partitions: number) {
  await admin.createTopics({ topics: [topic], partitions, replicas: 1 });
}

type Backend = Awaited<ReturnType<typeof startKafkaTaasBackend>>;

// The status is judged over the lag sampler's stored samples: the tests take them by hand.
const scheduler = mockServices.scheduler();
const schedulerFactory = createServiceFactory({
  service: coreServices.scheduler,
  deps: {},
  factory: () => scheduler,
});

describe('consumer lag endpoints', () => {
  let backend: Backend;
  const suffix = uniqueName('lag');
  const topic = `analytics.lag.exact-${suffix}`;
  const groupA = `lag-a-${suffix}`;
  const groupB = `lag-b-${suffix}`;

  beforeAll(async () => {
    backend = await startKafkaTaasBackend({
      kafkaTaas: testKafkaTaasConfig({
        clusters: [
          localClusterConfig('local', 'dev'),
          {
            name: 'gone',
            environment: 'prod-eu',
            brokers: ['127.0.0.1:1'],
            requestTimeoutMs: 2_000,
          },
        ],
        lag: {
          // Every call reads the broker, so repeated calls are new samples.
          cacheTtl: '0ms',
          status: { stallAfterSamples: 2, stopAfter: '3s', minSamples: 2 },
        },
      }),
      services: [schedulerFactory],
    });
    // p0: 10 messages, p1: 5, p2: 3 (no commit), p3: empty.
    await createTopic(topic, 4);
    await produce(topic, 0, 10);
    await produce(topic, 1, 5);
    await produce(topic, 2, 3);
    await commit(groupA, topic, { 0: 4, 1: 5, 3: 0 });
    await commit(groupB, topic, { 0: 0 });
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
    await Promise.allSettled([producer.close(), admin.close()]);
  });

  async function topicLag(name: string, query = '') {
    return request(backend.server)
      .get(`/api/kafka-taas/topics/${encodeURIComponent(name)}/lag${query}`)
      .set('Authorization', as('alice'));
  }

  async function groupLag(cluster: string, group: string) {
    return request(backend.server)
      .get(
        `/api/kafka-taas/consumer-groups/${cluster}/${encodeURIComponent(
          group,
        )}/lag`,
      )
      .set('Authorization', as('alice'));
  }

  const groupOn = (body: KafkaTopicLag, group: string) => {
    const found = body.clusters
      .find(c => c.cluster === 'local')
      ?.groups.find(g => g.group === group);
    if (!found) throw new Error(`no group ${group} in ${JSON.stringify(body)}`);
    return found;
  };

  it('returns exact per-partition lag, totals and record time lags for committed positions', async () => {
    const before = Date.now();
    const res = await topicLag(topic, '?cluster=local');
    const after = Date.now();
    expect(res.status).toBe(200);
    const body = res.body as KafkaTopicLag;
    expect(body.topic).toBe(topic);
    expect(body.unreachableClusters).toEqual([]);
    expect(body.clusters.map(c => c.cluster)).toEqual(['local']);
    expect(body.clusters[0].groups.map(g => g.group)).toEqual([groupA, groupB]);

    const a = groupOn(body, groupA);
    expect(a.state).toBe('Empty');
    expect(a.members).toBe(0);
    expect(a.totalLag).toBe('6');
    expect(a.partitions.map(({ timeLagMs, ...p }) => p)).toEqual([
      {
        partition: 0,
        committedOffset: '4',
        logStartOffset: '0',
        logEndOffset: '10',
        lag: '6',
        belowLogStart: false,
        timeLagSource: 'record',
      },
      {
        partition: 1,
        committedOffset: '5',
        logStartOffset: '0',
        logEndOffset: '5',
        lag: '0',
        belowLogStart: false,
      },
      // Messages, but no commit: listed, lag unknown.
      {
        partition: 2,
        committedOffset: null,
        logStartOffset: '0',
        logEndOffset: '3',
        lag: null,
        belowLogStart: false,
      },
      // Empty partition, committed at 0.
      {
        partition: 3,
        committedOffset: '0',
        logStartOffset: '0',
        logEndOffset: '0',
        lag: '0',
        belowLogStart: false,
      },
    ]);
    // Time lag: the age of the message at offset 4 (written at baseTs + 4 s), measured during
    // the request; tolerance: the request's own duration (same clock for broker and test).
    const oldest = baseTs + 4_000;
    expect(a.partitions[0].timeLagMs).toBeGreaterThanOrEqual(before - oldest);
    expect(a.partitions[0].timeLagMs).toBeLessThanOrEqual(after - oldest);
    expect(a.partitions.slice(1).map(p => p.timeLagMs)).toEqual([0, null, 0]);
    expect(a.timeLagMs).toBe(a.partitions[0].timeLagMs);

    const b = groupOn(body, groupB);
    expect(b.totalLag).toBe('10');
    expect(b.partitions[0]).toMatchObject({ committedOffset: '0', lag: '10' });
    expect(b.timeLagMs).toBeGreaterThanOrEqual(before - baseTs);
    expect(b.timeLagMs).toBeLessThanOrEqual(after - baseTs);
    expect(b.partitions.slice(1).map(p => p.lag)).toEqual([null, null, null]);

    expect(body.clusters[0].totalLag).toBe('16');
    expect(body.totalLag).toBe('16');
    expect(Date.parse(body.sampledAt)).toBeGreaterThanOrEqual(before - 1);
  });

  it('clamps a committed offset below the log start after deleteRecords and flags it', async () => {
    const name = `analytics.lag.retention-${suffix}`;
    const group = `lag-retention-${suffix}`;
    await createTopic(name, 1);
    await produce(name, 0, 10);
    await commit(group, name, { 0: 2 });
    await admin.deleteRecords({
      topics: [{ name, partitions: [{ partition: 0, offset: BigInt(5) }] }],
    });

    const before = Date.now();
    const res = await topicLag(name, '?cluster=local');
    const after = Date.now();
    expect(res.status).toBe(200);
    const g = groupOn(res.body, group);
    expect(g.partitions).toEqual([
      {
        partition: 0,
        committedOffset: '2',
        logStartOffset: '5',
        logEndOffset: '10',
        // Counted from the log start: what the group can still read.
        lag: '5',
        belowLogStart: true,
        timeLagMs: expect.any(Number),
        timeLagSource: 'record',
      },
    ]);
    // The oldest message still there is offset 5.
    expect(g.timeLagMs).toBeGreaterThanOrEqual(before - (baseTs + 5_000));
    expect(g.timeLagMs).toBeLessThanOrEqual(after - (baseTs + 5_000));
  });

  it('shows a live consumer group as Stable with its member, then Empty once it closed', async () => {
    const name = `analytics.lag.live-${suffix}`;
    const group = `lag-live-${suffix}`;
    await createTopic(name, 2);
    await produce(name, 0, 4);
    await produce(name, 1, 2);
    const consumer = new Consumer({
      clientId: 'test-lag-consumer',
      groupId: group,
      ...plaintext,
      deserializers: stringDeserializers,
      sessionTimeout: 10_000,
      heartbeatInterval: 500,
    });
    let read = 0;
    const stream = await consumer.consume({
      topics: [name],
      mode: MessagesStreamModes.EARLIEST,
      autocommit: false,
    });
    try {
      for await (const message of stream) {
        await message.commit();
        if (++read === 6) break;
      }
      const live = await eventually(async () => {
        const res = await groupLag('local', group);
        expect(res.status).toBe(200);
        expect(res.body.state).toBe('Stable');
        return res.body as KafkaConsumerGroupLag;
      });
      expect(live).toMatchObject({
        cluster: 'local',
        environment: 'dev',
        group,
        members: 1,
        totalLag: '0',
      });
      expect(live.topics.map(t => t.topic)).toEqual([name]);
      expect(
        live.topics[0].partitions.map(p => [p.committedOffset, p.lag]),
      ).toEqual([
        ['4', '0'],
        ['2', '0'],
      ]);
      const onTopic = groupOn((await topicLag(name)).body, group);
      expect(onTopic).toMatchObject({ state: 'Stable', members: 1 });
    } finally {
      await stream.close();
      await consumer.close(true);
    }
    const closed = await eventually(async () => {
      const res = await groupLag('local', group);
      expect(res.body.state).toBe('Empty');
      return res.body as KafkaConsumerGroupLag;
    });
    expect(closed.members).toBe(0);
    // Offsets are still read for an empty group.
    expect(closed.topics[0].partitions.map(p => p.committedOffset)).toEqual([
      '4',
      '2',
    ]);
  }, 60_000);

  it('turns a group whose offsets stop moving while messages arrive stalled, then stopped', async () => {
    const name = `analytics.lag.stall-${suffix}`;
    const group = `lag-stall-${suffix}`;
    await createTopic(name, 1);
    await produce(name, 0, 5, Date.now());
    await commit(group, name, { 0: 2 });

    const seen: Array<{ status: LagStatus; reason: string; lag: string }> = [];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const res = await topicLag(name, '?cluster=local');
      expect(res.status).toBe(200);
      const g: KafkaGroupTopicLag = groupOn(res.body, group);
      seen.push({ status: g.status, reason: g.statusReason, lag: g.totalLag });
      if (g.status === 'stopped') break;
      await produce(name, 0, 1, Date.now());
      await scheduler.triggerTask(LAG_SAMPLER_TASK_ID);
      await new Promise(r => setTimeout(r, 400));
    }
    const statuses = seen.map(s => s.status);
    expect(statuses[0]).toBe('unknown');
    expect(statuses).toContain('stalled');
    expect(statuses[statuses.length - 1]).toBe('stopped');
    expect(statuses.indexOf('stalled')).toBeLessThan(
      statuses.indexOf('stopped'),
    );
    // Only unknown, then stalled, then stopped: never ok or lagging for a consumer that stopped.
    expect(new Set(statuses)).toEqual(
      new Set(['unknown', 'stalled', 'stopped']),
    );
    // The lag grew as messages kept arriving.
    expect(BigInt(seen[seen.length - 1].lag)).toBeGreaterThan(BigInt(3));
    expect(seen[seen.length - 1].reason).not.toBe('');
  }, 60_000);

  it('reports an unreachable cluster while the others still answer', async () => {
    const res = await topicLag(topic);
    expect(res.status).toBe(200);
    const body = res.body as KafkaTopicLag;
    expect(body.clusters.map(c => c.cluster)).toEqual(['local']);
    expect(body.totalLag).toBe('16');
    expect(body.unreachableClusters).toEqual([
      {
        cluster: 'gone',
        environment: 'prod-eu',
        error: expect.stringContaining('Kafka cluster "gone"'),
      },
    ]);
    expect(body.unreachableClusters[0].error).toContain('127.0.0.1:1');

    const only = await topicLag(topic, '?cluster=gone');
    expect(only.status).toBe(404);
    expect(only.body.error.message).toContain('could not read "gone"');

    const group = await groupLag('gone', groupA);
    expect(group.status).toBe(503);
    expect(group.body.error.message).toContain('Kafka cluster "gone"');
  });

  it('answers 404 for a deleted topic and leaves it out of the lag of a group that had offsets on it', async () => {
    const name = `analytics.lag.deleted-${suffix}`;
    const group = `lag-deleted-${suffix}`;
    await createTopic(name, 1);
    await produce(name, 0, 3);
    await commit(group, name, { 0: 1 });
    await commit(group, topic, { 0: 7 });
    expect((await groupLag('local', group)).body.topics).toHaveLength(2);

    await admin.deleteTopics({ topics: [name] });
    await eventually(async () => {
      const res = await topicLag(name, '?cluster=local');
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain(`Topic "${name}"`);
    });
    const res = await groupLag('local', group);
    expect(res.status).toBe(200);
    const body = res.body as KafkaConsumerGroupLag;
    expect(body.topics.map(t => t.topic)).toEqual([topic]);
    expect(body.totalLag).toBe('3');
  });

  it('refuses an unknown cluster with 400 naming the configured ones, and an unknown group with 404', async () => {
    const byTopic = await topicLag(topic, '?cluster=nope');
    expect(byTopic.status).toBe(400);
    expect(byTopic.body.error.message).toBe(
      'cluster "nope" is not a configured Kafka cluster; use one of: local, gone',
    );
    const byGroup = await groupLag('nope', groupA);
    expect(byGroup.status).toBe(400);
    expect(byGroup.body.error.message).toContain('cluster "nope"');

    const unknown = await groupLag('local', `never-${suffix}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain(`"never-${suffix}"`);

    const badName = await topicLag('not a topic!');
    expect(badName.status).toBe(400);
  });

  it('refuses a caller without a Backstage token, like GET /topics/{topic}', async () => {
    for (const path of [
      `/api/kafka-taas/topics/${topic}/lag`,
      `/api/kafka-taas/consumer-groups/local/${groupA}/lag`,
    ]) {
      const res = await request(backend.server)
        .get(path)
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    }
  });
});
