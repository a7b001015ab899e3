import { mockServices } from '@backstage/backend-test-utils';
import { Admin } from '@platformatic/kafka';
import { KafkaClusterConfig, LagConfig } from '../config';
import { LagService } from './LagService';

// LagService's own logic on a fake admin, for what the real broker does not let a test arrange
// on demand: offsets still held for a topic deleted a moment ago, and a record that cannot be
// read (so the time lag is interpolated from the log-end history).

const cluster: KafkaClusterConfig = {
  name: 'fake',
  environment: 'dev',
  brokers: ['fake:9092'],
  clientId: 'test',
  requestTimeoutMs: 1_000,
};
const config: LagConfig = {
  cacheTtlMs: 0,
  fetchTimeoutMs: 500,
  maxFetchRounds: 1,
  windowSize: 10,
  status: {},
  sampleIntervalMs: 60_000,
  historyRetentionMs: 86_400_000,
  alerts: [],
};

/** One broker; `topics` maps a topic to its log end per partition (log start 0). */
function fakeAdmin(state: {
  topics: Map<string, bigint[]>;
  committed: Map<string, Map<string, bigint[]>>;
}) {
  const calls: string[] = [];
  const admin = {
    async listGroups() {
      calls.push('listGroups');
      return new Map(
        [...state.committed.keys()].map(id => [
          id,
          { id, state: 'Empty', protocolType: 'consumer' },
        ]),
      );
    },
    async listConsumerGroupOffsets({ groups }: { groups: string[] }) {
      calls.push('listConsumerGroupOffsets');
      return groups.map(groupId => ({
        groupId,
        topics: [...(state.committed.get(groupId) ?? [])].map(
          ([name, offsets]) => ({
            name,
            partitions: offsets.map((committedOffset, partitionIndex) => ({
              partitionIndex,
              committedOffset,
              committedLeaderEpoch: -1,
              metadata: null,
            })),
          }),
        ),
      }));
    },
    async metadata({ topics }: { topics: string[] }) {
      calls.push('metadata');
      const gone = topics.find(t => !state.topics.has(t));
      if (gone) throw new Error(`Unknown topic ${gone}.`);
      return {
        topics: new Map(
          topics.map(t => [
            t,
            {
              partitions: (state.topics.get(t) ?? []).map(() => ({
                leader: 1,
                leaderEpoch: 0,
              })),
            },
          ]),
        ),
      };
    },
    async listOffsets({
      topics,
    }: {
      topics: Array<{
        name: string;
        partitions: Array<{ partitionIndex: number; timestamp: bigint }>;
      }>;
    }) {
      calls.push('listOffsets');
      return topics.map(t => ({
        name: t.name,
        partitions: t.partitions.map(p => ({
          partitionIndex: p.partitionIndex,
          offset:
            p.timestamp === BigInt(-2)
              ? BigInt(0)
              : (state.topics.get(t.name) ?? [])[p.partitionIndex],
          timestamp: BigInt(-1),
          leaderEpoch: 0,
        })),
      }));
    },
    async describeGroups({ groups }: { groups: string[] }) {
      calls.push('describeGroups');
      return new Map(
        groups.map(id => [id, { id, state: 'Empty', members: new Map() }]),
      );
    },
    async connectToBrokers() {
      calls.push('connectToBrokers');
      throw new Error('broker 1 is not reachable for Fetch');
    },
  };
  return { admin: admin as unknown as Admin, calls };
}

function service(admin: Admin, now: () => number) {
  return LagService.create({
    pool: { clusters: () => [cluster], admin: () => admin },
    logger: mockServices.logger.mock(),
    config,
    now,
  });
}

describe('LagService', () => {
  it('leaves out of a group lag the topics deleted while the broker still holds their offsets', async () => {
    const { admin } = fakeAdmin({
      topics: new Map([['orders', [BigInt(10)]]]),
      committed: new Map([
        [
          'billing',
          new Map([
            ['orders', [BigInt(4)]],
            ['orders-deleted', [BigInt(3)]],
          ]),
        ],
      ]),
    });
    const lag = await service(admin, Date.now).groupLag('fake', 'billing');
    expect(lag.topics.map(t => t.topic)).toEqual(['orders']);
    expect(lag.totalLag).toBe('6');
  });

  it('interpolates the time lag from the log-end history when the record cannot be read', async () => {
    const state = {
      topics: new Map([['orders', [BigInt(10)]]]),
      committed: new Map([['billing', new Map([['orders', [BigInt(10)]]])]]),
    };
    let now = 1_000_000;
    const { admin } = fakeAdmin(state);
    const lag = service(admin, () => now);

    // Caught up at 10: the first log-end sample.
    const first = await lag.topicLag('orders');
    expect(first.clusters[0].groups[0].partitions[0]).toMatchObject({
      committedOffset: '10',
      lag: '0',
      timeLagMs: 0,
    });

    // 10 s later the log end is 20 and the group at 12: its next record (offset 12, the 3rd of
    // the 10 written since) is placed 3 s after the first sample, so 7 s old.
    now += 10_000;
    state.topics.set('orders', [BigInt(20)]);
    state.committed.set('billing', new Map([['orders', [BigInt(12)]]]));
    const second = await lag.topicLag('orders');
    expect(second.clusters[0].groups[0].partitions[0]).toEqual({
      partition: 0,
      committedOffset: '12',
      logStartOffset: '0',
      logEndOffset: '20',
      lag: '8',
      belowLogStart: false,
      timeLagMs: 7_000,
      timeLagSource: 'interpolated',
    });
  });

  it('shares one read between concurrent identical calls', async () => {
    const { admin, calls } = fakeAdmin({
      topics: new Map([['orders', [BigInt(0)]]]),
      committed: new Map([['billing', new Map([['orders', [BigInt(0)]]])]]),
    });
    const lag = service(admin, Date.now);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => lag.topicLag('orders')),
    );
    expect(new Set(answers.map(a => JSON.stringify(a))).size).toBe(1);
    expect(calls.filter(c => c === 'listGroups')).toHaveLength(1);
    expect(calls.filter(c => c === 'listOffsets')).toHaveLength(2);
  });
});
