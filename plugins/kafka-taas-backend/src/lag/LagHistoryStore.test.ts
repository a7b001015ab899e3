import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { LagHistoryStore, LagSample } from './LagHistoryStore';

// SQLite and PostgreSQL, as the topic request store tests (scripts/test.sh exports
// BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING).
const POSTGRES = `POSTGRES_${
  process.env.KAFKA_TAAS_POSTGRES_MAJOR ?? '15'
}` as TestDatabaseId;
const databases = TestDatabases.create({ ids: ['SQLITE_3', POSTGRES] });

const T0 = Date.parse('2026-11-23T10:00:00Z');
const MIN = 60_000;
/** Beyond 2^53: a float or a JS number would lose it. */
const HUGE = 2n ** 62n + 7n;

function sample(overrides: Partial<LagSample> = {}): LagSample {
  return {
    cluster: 'local',
    group: 'g1',
    topic: 'payments.v1',
    atMs: T0,
    totalLag: 10n,
    timeLagMs: 1_500,
    status: 'ok',
    members: 1,
    committed: new Map([
      [0, 5n],
      [1, 7n],
    ]),
    ...overrides,
  };
}

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

async function setUp(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const store = await LagHistoryStore.create({
    database: mockServices.database({ knex }),
  });
  return { knex, store };
}

describe('LagHistoryStore', () => {
  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let knex: Knex;
    let store: LagHistoryStore;
    beforeEach(async () => {
      ({ knex, store } = await setUp(databaseId));
    });

    it('migrates down (dropping its tables) and up again', async () => {
      const tables = ['kafka_taas_lag_samples', 'kafka_taas_lag_incidents'];
      for (const t of tables) expect(await knex.schema.hasTable(t)).toBe(true);
      await knex.migrate.rollback(
        {
          directory: resolvePackagePath(
            '@kafka-taas/plugin-kafka-taas-backend',
            'migrations',
          ),
        },
        true,
      );
      for (const t of tables) expect(await knex.schema.hasTable(t)).toBe(false);
      await LagHistoryStore.create({
        database: mockServices.database({ knex }),
      });
      for (const t of tables) expect(await knex.schema.hasTable(t)).toBe(true);
    });

    it('stores samples in batches and reads them back exactly, beyond 2^53, oldest first', async () => {
      const samples = Array.from({ length: 1_234 }, (_, i) =>
        sample({
          group: `g${i % 617}`,
          atMs: T0 + Math.floor(i / 617) * MIN,
          totalLag: HUGE + BigInt(i),
          timeLagMs: i === 0 ? null : 40 * 86_400_000 + i,
          committed: new Map([[3, HUGE - BigInt(i)]]),
          status: 'stalled',
        }),
      );
      await store.addSamples(samples);
      expect(
        Number((await knex('kafka_taas_lag_samples').count({ n: '*' }))[0].n),
      ).toBe(1_234);

      const g0 = await store.topicSamples({
        topic: 'payments.v1',
        group: 'g0',
        sinceMs: 0,
      });
      expect(g0).toEqual([{ ...samples[0] }, { ...samples[617] }]);
      expect(g0[1].totalLag).toBe(HUGE + 617n);
      expect(g0[1].timeLagMs).toBe(40 * 86_400_000 + 617);
      expect(g0[1].committed.get(3)).toBe(HUGE - 617n);
    });

    it('gives the latest samples per group and topic since a time, for the status windows', async () => {
      await store.addSamples([
        ...[0, 1, 2, 3, 4].map(i =>
          sample({ atMs: T0 + i * MIN, totalLag: BigInt(i) }),
        ),
        ...[0, 1, 2].map(i =>
          sample({
            topic: 'orders.v1',
            atMs: T0 + i * MIN,
            totalLag: BigInt(i),
          }),
        ),
        sample({ group: 'g2', atMs: T0 + 4 * MIN }),
        sample({ cluster: 'other', atMs: T0 + 4 * MIN }),
      ]);
      const recent = await store.recentSamples({
        cluster: 'local',
        topics: ['payments.v1'],
        sinceMs: T0 + MIN,
        size: 3,
      });
      expect(recent.map(s => [s.group, s.topic, Number(s.totalLag)])).toEqual([
        ['g1', 'payments.v1', 2],
        ['g1', 'payments.v1', 3],
        ['g1', 'payments.v1', 4],
        ['g2', 'payments.v1', 10],
      ]);
      const all = await store.recentSamples({
        cluster: 'local',
        sinceMs: 0,
        size: 2,
      });
      expect(all.map(s => `${s.group}/${s.topic}/${s.totalLag}`)).toEqual([
        'g1/orders.v1/1',
        'g1/orders.v1/2',
        'g1/payments.v1/3',
        'g1/payments.v1/4',
        'g2/payments.v1/10',
      ]);
      const group = await store.recentSamples({
        cluster: 'local',
        group: 'g2',
        sinceMs: 0,
        size: 10,
      });
      expect(group).toHaveLength(1);
    });

    it('prunes the samples older than the retention in batches, and closed incidents', async () => {
      const old = Array.from({ length: 12_000 }, (_, i) =>
        sample({ group: `g${i}`, atMs: T0 - 25 * 60 * MIN }),
      );
      await store.addSamples([...old, sample({ atMs: T0 })]);
      const closed = await store.openIncident({
        rule: 'r',
        cluster: 'local',
        group: 'g1',
        topic: 'payments.v1',
        openedAtMs: T0 - 26 * 60 * MIN,
        details: {},
      });
      await store.closeIncident(must(closed).id, T0 - 25 * 60 * MIN);
      await store.openIncident({
        rule: 'r',
        cluster: 'local',
        group: 'g1',
        topic: 'payments.v1',
        openedAtMs: T0 - 26 * 60 * MIN,
        details: {},
      });

      expect(await store.prune(T0 - 24 * 60 * MIN)).toBe(12_000);
      const left = await store.topicSamples({
        topic: 'payments.v1',
        sinceMs: 0,
      });
      expect(left.map(s => s.atMs)).toEqual([T0]);
      expect(
        await knex('kafka_taas_lag_incidents').select('closed_at'),
      ).toEqual([{ closed_at: null }]);
    });

    it('opens one incident per rule and key until it is closed, and closes it once', async () => {
      const incident = {
        rule: 'rule-1',
        cluster: 'local',
        group: 'g1',
        topic: 'payments.v1',
        openedAtMs: T0,
        details: { rule: 'lag > 1,000 messages, for 5 min' },
      };
      const opened = await store.openIncident(incident);
      expect(opened).toMatchObject(incident);
      // A second replica, or the next sample: already open.
      expect(await store.openIncident(incident)).toBeUndefined();
      expect(
        await store.openIncident({ ...incident, group: 'g2' }),
      ).toBeDefined();
      expect(await store.openIncidents('local')).toEqual([
        { ...incident, id: must(opened).id },
        expect.objectContaining({ group: 'g2' }),
      ]);
      expect(await store.openIncidents('other')).toEqual([]);

      const [a, b] = await Promise.all([
        store.closeIncident(must(opened).id, T0 + MIN),
        store.closeIncident(must(opened).id, T0 + MIN),
      ]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      expect((await store.openIncidents('local')).map(i => i.group)).toEqual([
        'g2',
      ]);
      // A new incident on the same key once the first is closed.
      expect(await store.openIncident(incident)).toBeDefined();
    });
  });
});
