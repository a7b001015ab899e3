import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  KafkaGroupTopicLag,
  KafkaTopicLag,
  KafkaTopicLagHistory,
  topicEntityName,
} from '@kafka-taas/plugin-kafka-taas-common';
import { Admin, Producer, stringSerializers } from '@platformatic/kafka';
import { Knex } from 'knex';
import request from 'supertest';
import {
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

// The lag sampler, its history endpoint and the lag alerts end to end: the real plugin in
// Backstage's test backend on the real local broker, a real consumer group with committed
// offsets, the sampler run by hand through the mock scheduler, and two replicas sharing one
// database. Clusters: the local broker, and `gone` on a closed port.

jest.setTimeout(60_000);

const plaintext = { bootstrapBrokers: localStack().plaintextBrokers };
const admin = new Admin({ clientId: 'test-lag-history', ...plaintext });
const producer = new Producer({
  // Idempotent: a retry under load must not write a message twice (exact lags).
  idempotent: true,
  clientId: 'test-lag-history-producer',
  ...plaintext,
  serializers: stringSerializers,
});
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const suffix = uniqueName('lh');
const topic = `payments.lag-history-${suffix}`;
const quietTopic = `orders.lag-history-${suffix}`;
const group = `lag-history-${suffix}`;

async function commit(name: string, groupId: string, offset: number) {
  await admin.alterConsumerGroupOffsets({
    groupId,
    topics: [
      {
        name,
        partitionOffsets: [{ partition: 0, offset: BigInt(offset) }],
      },
    ],
  });
}

async function produce(name: string, count: number) {
  await producer.send({
    messages: Array.from({ length: count }, (_, i) => ({
      topic: name,
      partition: 0,
      value: `v${i}`,
      timestamp: BigInt(Date.now() - 600_000),
    })),
  });
}

/** The topic as its owner declares it in a catalog-info.yaml. */
const declared: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: topic, namespace: 'default' },
  spec: { type: 'kafka-topic', owner: 'team-payments' },
};

function withScheduler() {
  const scheduler = mockServices.scheduler();
  return {
    scheduler,
    factory: createServiceFactory({
      service: coreServices.scheduler,
      deps: {},
      factory: () => scheduler,
    }),
  };
}

type Backend = Awaited<ReturnType<typeof startKafkaTaasBackend>>;

describe('lag history, sampler and alerts', () => {
  let knex: Knex;
  let replicaA: Backend;
  let replicaB: Backend;
  const a = withScheduler();
  const b = withScheduler();
  const sample = () => a.scheduler.triggerTask(LAG_SAMPLER_TASK_ID);

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    const kafkaTaas = testKafkaTaasConfig({
      clusters: [
        localClusterConfig('local', 'dev'),
        {
          name: 'gone',
          environment: 'prod-eu',
          brokers: ['127.0.0.1:1'],
          requestTimeoutMs: 1_000,
        },
      ],
      lag: {
        cacheTtl: '0ms',
        status: { stallAfterSamples: 2, stopAfter: '1h', minSamples: 2 },
        alerts: [
          { topic: 'payments.lag-history-*', maxLag: 5, for: '1s' },
          // Never holds: the quiet topic has no lag.
          { topic: `orders.lag-history-${suffix}`, maxLag: 0, for: '0s' },
        ],
      },
    });
    const services = (factory: typeof a.factory) => [
      factory,
      mockServices.database.factory({ knex }),
    ];
    replicaA = await startKafkaTaasBackend({
      kafkaTaas,
      entities: [declared],
      services: services(a.factory),
    });
    replicaB = await startKafkaTaasBackend({
      kafkaTaas,
      entities: [declared],
      services: services(b.factory),
    });
    await admin.createTopics({
      topics: [topic, quietTopic],
      partitions: 1,
      replicas: 1,
    });
    await produce(topic, 10);
    await produce(quietTopic, 3);
    await commit(topic, group, 2);
    await commit(quietTopic, group, 3);
  });

  afterAll(async () => {
    await Promise.allSettled([replicaA?.stop(), replicaB?.stop()]);
    await Promise.allSettled([producer.close(), admin.close()]);
  });

  const history = (backend: Backend, query = '') =>
    request(backend.server)
      .get(
        `/api/kafka-taas/topics/${encodeURIComponent(
          topic,
        )}/lag/history${query}`,
      )
      .set('Authorization', as('alice'));

  const groupLag = async (backend: Backend): Promise<KafkaGroupTopicLag> => {
    const res = await request(backend.server)
      .get(`/api/kafka-taas/topics/${encodeURIComponent(topic)}/lag`)
      .set('Authorization', as('erin'));
    expect(res.status).toBe(200);
    const body = res.body as KafkaTopicLag;
    const found = body.clusters[0].groups.find(g => g.group === group);
    if (!found) throw new Error(`group ${group} not in the lag answer`);
    return found;
  };

  it('samples a real group, skips the unreachable cluster, serves the history and alerts once per incident with one recovery', async () => {
    // Before any sample: no history, and a live read alone is not enough to judge.
    const empty = await history(replicaA);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ topic, series: [] });
    expect((await groupLag(replicaA)).status).toBe('unknown');

    await sample();
    const first = await history(replicaA);
    expect(first.body.series).toEqual([
      {
        cluster: 'local',
        group,
        samples: [
          {
            at: expect.any(String),
            totalLag: '8',
            timeLagMs: expect.any(Number),
            status: 'unknown',
          },
        ],
      },
    ]);
    expect(first.body.series[0].samples[0].timeLagMs).toBeGreaterThanOrEqual(
      600_000,
    );
    // The lag of 8 breaches maxLag 5, but not yet for 1 s: no alert.
    expect(replicaA.notifications).toEqual([]);

    // Both replicas judge over the same stored sample (offsets unmoved, lag > 0): stalled.
    const [onA, onB] = await Promise.all([
      groupLag(replicaA),
      groupLag(replicaB),
    ]);
    expect(onA.status).toBe('stalled');
    expect(onB.status).toBe('stalled');

    await new Promise(r => setTimeout(r, 1_100));
    await sample();
    expect(replicaA.notifications).toHaveLength(1);
    const [alert] = replicaA.notifications;
    expect(alert.recipients).toEqual({
      type: 'entity',
      entityRef: 'group:default/team-payments',
    });
    expect(alert.payload).toMatchObject({
      title: `Consumer lag alert: ${group} on Kafka topic ${topic} (local)`,
      link: `/catalog/default/resource/${topicEntityName(topic)}`,
      severity: 'high',
    });
    expect(alert.payload.description).toContain(
      'Rule "lag > 5 messages, for 1 s" holds',
    );
    expect(alert.payload.description).toContain('now lag 8 messages');

    // Still holding on the next sample: no second notification.
    await sample();
    expect(replicaA.notifications).toHaveLength(1);
    expect(replicaB.notifications).toHaveLength(0);

    // The group catches up: one recovery notification, then nothing more.
    await commit(topic, group, 10);
    await sample();
    await sample();
    expect(replicaA.notifications).toHaveLength(2);
    expect(replicaA.notifications[1].payload).toMatchObject({
      title: `Consumer lag recovered: ${group} on Kafka topic ${topic} (local)`,
      severity: 'normal',
    });
    expect(replicaA.notifications[1].payload.description).toContain(
      'now lag 0 messages',
    );

    // Five samples, oldest first, from either replica; the other group's topic apart.
    const full = await history(replicaB, `?cluster=local&group=${group}`);
    expect(full.status).toBe(200);
    const samples = (full.body as KafkaTopicLagHistory).series[0].samples;
    expect(samples.map(s => s.totalLag)).toEqual(['8', '8', '8', '0', '0']);
    expect(samples.map(s => s.at)).toEqual([...samples.map(s => s.at)].sort());
    expect(samples[samples.length - 1].status).toBe('ok');
    const rows = await knex('kafka_taas_lag_samples')
      .where({ consumer_group: group })
      .select('topic', 'committed');
    expect(rows.filter(r => r.topic === quietTopic)).toHaveLength(5);
    expect(rows.filter(r => r.topic === topic).map(r => r.committed)).toEqual([
      '{"0":"2"}',
      '{"0":"2"}',
      '{"0":"2"}',
      '{"0":"10"}',
      '{"0":"10"}',
    ]);
    // The unreachable cluster was skipped, never stored.
    expect(
      await knex('kafka_taas_lag_samples').where({ cluster: 'gone' }),
    ).toEqual([]);

    // A timestamp is URL-encoded, as any client's query string encoder does.
    const later = await history(
      replicaA,
      `?since=${encodeURIComponent('2099-01-01T00:00:00Z')}`,
    );
    expect(later.status).toBe(200);
    expect(later.body.series).toEqual([]);
    const recent = await history(replicaA, '?since=PT1H');
    expect(recent.body.series[0].samples).toHaveLength(5);
  });

  it.each([
    [
      '?since=yesterday',
      'since "yesterday" is neither an ISO 8601 timestamp nor a duration',
    ],
    [
      '?cluster=nope',
      'cluster "nope" is not a configured Kafka cluster; use one of: local, gone',
    ],
    ['?since=', 'since'],
    [`?group=${'g'.repeat(300)}`, 'group'],
  ])('refuses %s with a 400 naming the field', async (query, message) => {
    const res = await history(replicaA, query);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
  });

  it('refuses an invalid token, as the lag endpoint', async () => {
    const res = await request(replicaA.server)
      .get(`/api/kafka-taas/topics/${encodeURIComponent(topic)}/lag/history`)
      .set('Authorization', mockCredentials.user.invalidHeader());
    expect(res.status).toBe(401);
  });
});
