import { InputError } from '@backstage/errors';
import { LagSample } from './LagHistoryStore';
import { downsample, LagHistoryService, parseSince } from './LagHistoryService';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const MIN = 60_000;

function samples(count: number, lagOf: (i: number) => number): LagSample[] {
  return Array.from({ length: count }, (_, i) => ({
    cluster: 'local',
    group: 'g',
    topic: 't',
    atMs: NOW - (count - i) * MIN,
    totalLag: BigInt(lagOf(i)),
    timeLagMs: null,
    status: 'ok' as const,
    members: 0,
    committed: new Map(),
  }));
}

describe('parseSince', () => {
  it('reads ISO 8601 timestamps and durations, ISO or short', () => {
    expect(parseSince('2026-11-23T10:00:00Z', NOW)).toBe(
      Date.parse('2026-11-23T10:00:00Z'),
    );
    expect(parseSince('2026-11-23T10:00:00.5+01:00', NOW)).toBe(
      Date.parse('2026-11-23T09:00:00.5Z'),
    );
    expect(parseSince('PT6H', NOW)).toBe(NOW - 6 * 3_600_000);
    expect(parseSince('P1DT30M', NOW)).toBe(NOW - 86_400_000 - 30 * MIN);
    expect(parseSince('15m', NOW)).toBe(NOW - 15 * MIN);
    expect(parseSince('2d', NOW)).toBe(NOW - 2 * 86_400_000);
  });

  it.each([
    'yesterday',
    'P',
    'PT',
    '6 h',
    '2026-11-23',
    '2026-13-45T99:00:00Z',
    '-5m',
  ])('refuses %j, naming the field and what is allowed', since => {
    expect(() => parseSince(since, NOW)).toThrow(InputError);
    expect(() => parseSince(since, NOW)).toThrow(
      /^since ".*" is neither an ISO 8601 timestamp nor a duration: use .*PT6H/,
    );
  });
});

describe('downsample', () => {
  it('keeps a series of up to 200 samples as it is', () => {
    const s = samples(200, i => i);
    expect(downsample(s)).toBe(s);
  });

  it('keeps at most 200 points of 1,440 (a day at 1 min), oldest first, the newest and every spike', () => {
    const s = samples(1_440, i => (i === 700 ? 1_000_000 : i % 7));
    const out = downsample(s);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out.length).toBeGreaterThan(190);
    expect(out[out.length - 1]).toBe(s[s.length - 1]);
    expect(out.map(x => x.atMs)).toEqual([...out.map(x => x.atMs)].sort());
    expect(out.some(x => x.totalLag === 1_000_000n)).toBe(true);
    // Each bucket keeps its highest lag: 6 (the most of i % 7) wherever 7 samples fall in one.
    expect(out.slice(0, -1).every(x => x.totalLag >= 5n)).toBe(true);
  });
});

describe('LagHistoryService', () => {
  const store = {
    calls: [] as unknown[],
    async topicSamples(query: unknown) {
      store.calls.push(query);
      return [
        ...samples(3, i => i).map(s => ({ ...s, group: 'a' })),
        ...samples(2, i => 10 + i).map(s => ({ ...s, group: 'b' })),
        ...samples(1, () => 99).map(s => ({ ...s, cluster: 'other' })),
      ];
    },
  };
  const service = LagHistoryService.create({
    store,
    clusters: () => [
      {
        name: 'local',
        environment: 'dev',
        brokers: ['x:1'],
        clientId: 'c',
        requestTimeoutMs: 1,
      },
    ],
    config: { historyRetentionMs: 24 * 60 * MIN },
    now: () => NOW,
  });

  it('groups the samples in series per cluster and group, as JSON, within the retention', async () => {
    const history = await service.topicHistory('t', { since: 'P7D' });
    expect(store.calls.pop()).toEqual({
      topic: 't',
      sinceMs: NOW - 24 * 60 * MIN,
    });
    expect(
      history.series.map(s => [s.cluster, s.group, s.samples.length]),
    ).toEqual([
      ['local', 'a', 3],
      ['local', 'b', 2],
      ['other', 'g', 1],
    ]);
    expect(history.series[1].samples[1]).toEqual({
      at: new Date(NOW - MIN).toISOString(),
      totalLag: '11',
      timeLagMs: null,
      status: 'ok',
    });
  });

  it('refuses an unknown cluster, naming the configured ones', async () => {
    await expect(
      service.topicHistory('t', { cluster: 'nope' }),
    ).rejects.toThrow(
      'cluster "nope" is not a configured Kafka cluster; use one of: local',
    );
  });
});
