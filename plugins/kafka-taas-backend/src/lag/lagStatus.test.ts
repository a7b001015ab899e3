import {
  DEFAULT_LAG_STATUS_OPTIONS,
  evaluateLagStatus,
  GroupLagObservation,
  LagWindows,
} from './lagStatus';

const BIG = 2n ** 60n;
const MIN = 60_000;

/** An observation at `atS` seconds; `committed` lists offsets by partition (0, 1, ...). */
const obs = (
  atS: number,
  committed: Array<bigint | undefined>,
  totalLag: bigint,
  members = 2,
): GroupLagObservation => ({
  atMs: atS * 1_000,
  committed: new Map(committed.map((offset, partition) => [partition, offset])),
  totalLag,
  members,
});

describe('evaluateLagStatus', () => {
  it('has Burrow-like defaults', () => {
    expect(DEFAULT_LAG_STATUS_OPTIONS).toEqual({
      stallAfterSamples: 3,
      stopAfterMs: 5 * MIN,
      minSamples: 2,
    });
  });

  describe('unknown', () => {
    it('is unknown without any observation', () => {
      expect(evaluateLagStatus([])).toEqual({
        status: 'unknown',
        reason:
          'no sample of this group yet: its status shows after the next samples',
      });
    });

    it('is unknown with fewer than minSamples observations and lag', () => {
      expect(evaluateLagStatus([obs(0, [10n], 1_204n)])).toEqual({
        status: 'unknown',
        reason:
          '1,204 messages wait, but 1 sample of this group is not enough to judge (at least 2 needed): its status shows after the next samples',
      });
      expect(
        evaluateLagStatus([obs(0, [10n], 5n), obs(10, [11n], 5n)], {
          minSamples: 3,
        }).status,
      ).toBe('unknown');
    });
  });

  describe('ok', () => {
    it('is ok when caught up, even from one observation', () => {
      expect(evaluateLagStatus([obs(0, [10n], 0n)])).toEqual({
        status: 'ok',
        reason: 'caught up: no message waits',
      });
    });

    it('is ok when caught up whatever the history (stopped, then caught up)', () => {
      const window = [
        obs(0, [10n], 50n, 0),
        obs(400, [10n], 50n, 0),
        obs(800, [10n], 80n, 0),
        obs(810, [90n], 0n),
      ];
      expect(evaluateLagStatus(window).status).toBe('ok');
    });

    it('is ok when caught up after the lag grew over the window', () => {
      const window = [
        obs(0, [1n], 10n),
        obs(10, [2n], 20n),
        obs(20, [3n], 30n),
        obs(30, [40n], 0n),
      ];
      expect(evaluateLagStatus(window).status).toBe('ok');
    });

    it('is ok when the offsets move and the lag does not keep growing', () => {
      const window = [
        obs(0, [100n], 30n),
        obs(10, [120n], 40n),
        obs(20, [150n], 35n),
      ];
      expect(evaluateLagStatus(window)).toEqual({
        status: 'ok',
        reason:
          'committed offsets move and the lag does not keep growing; 35 messages wait',
      });
    });

    it('is ok with an idle caught-up group that has just received a message', () => {
      // Offsets did not move for 10 min, but there was nothing to read until the last sample.
      const window = [
        obs(0, [10n], 0n),
        obs(300, [10n], 0n),
        obs(600, [10n], 1n),
      ];
      expect(evaluateLagStatus(window)).toEqual({
        status: 'ok',
        reason:
          'committed offsets move and the lag does not keep growing; 1 message waits',
      });
    });

    it('is ok with two observations whose lag grew (lagging needs three)', () => {
      expect(
        evaluateLagStatus([obs(0, [1n], 10n), obs(10, [2n], 20n)]).status,
      ).toBe('ok');
    });
  });

  describe('rewound', () => {
    it('is rewound when a committed offset went down, naming the partition and offsets', () => {
      const window = [
        obs(0, [BIG + 1_200n, 50n], 10n),
        obs(60, [BIG, 60n], 1_210n),
        obs(120, [BIG + 100n, 70n], 1_110n),
      ];
      expect(evaluateLagStatus(window)).toEqual({
        status: 'rewound',
        reason:
          'the committed offset of partition 0 went back from 1,152,921,504,606,848,176 to 1,152,921,504,606,846,976 1 min ago: its offsets were reset, so its consumers read 1,200 messages again; if that was not intended, check who reset them (kafka-consumer-groups --reset-offsets, or auto.offset.reset after the offsets expired)',
      });
    });

    it('wins over caught up', () => {
      const window = [
        obs(0, [500n], 0n),
        obs(10, [0n], 500n),
        obs(20, [500n], 0n),
      ];
      expect(evaluateLagStatus(window).status).toBe('rewound');
    });

    it('wins over stopped and minSamples', () => {
      const stoppedAfterReset = [
        obs(0, [90n], 10n),
        obs(10, [0n], 100n),
        obs(900, [0n], 100n),
      ];
      expect(evaluateLagStatus(stoppedAfterReset).status).toBe('rewound');
      expect(
        evaluateLagStatus([obs(0, [90n], 10n), obs(10, [0n], 100n)], {
          minSamples: 5,
        }).status,
      ).toBe('rewound');
    });

    it('names the latest rewind and counts the other partitions', () => {
      const window = [
        obs(0, [100n, 100n, 100n], 0n),
        obs(10, [100n, 40n, 100n], 60n),
        obs(20, [20n, 40n, 30n], 200n),
      ];
      expect(evaluateLagStatus(window).reason).toMatch(
        /^the committed offset of partition 0 went back from 100 to 20 \(and 2 other partitions too\): .* read 80 messages again/,
      );
    });

    it('is not a rewind when a partition loses or gains its committed offset, or gets -1', () => {
      const window = [
        obs(0, [100n, undefined], 5n),
        obs(10, [undefined, 3n], 5n),
        obs(20, [-1n, 4n], 4n),
        obs(30, [110n, 5n], 3n),
      ];
      expect(evaluateLagStatus(window).status).toBe('ok');
    });

    it('is rewound while the rewind is in the window, and no longer once it slides out', () => {
      const windows = new LagWindows({
        size: 3,
        maxAgeMs: 60 * MIN,
        maxKeys: 10,
      });
      const key = 'dev-eu\u0000billing\u0000payments';
      windows.add(key, obs(0, [100n], 10n));
      expect(
        evaluateLagStatus(windows.add(key, obs(10, [10n], 100n))).status,
      ).toBe('rewound');
      expect(
        evaluateLagStatus(windows.add(key, obs(20, [50n], 60n))).status,
      ).toBe('rewound');
      expect(
        evaluateLagStatus(windows.add(key, obs(30, [90n], 20n))).status,
      ).toBe('ok');
    });
  });

  describe('stopped', () => {
    it('is stopped when no offset moved for stopAfterMs, telling an empty group what to do', () => {
      const window = [
        obs(0, [500n, 7n], 1_000n, 0),
        obs(240, [600n, 7n], 1_100n, 0),
        obs(300, [600n, 7n], 1_150n, 0),
        obs(480, [600n, 7n], 1_180n, 0),
        obs(600, [600n, 7n], 1_204n, 0),
      ];
      expect(evaluateLagStatus(window)).toEqual({
        status: 'stopped',
        reason:
          'committed offsets have not moved for 6 min while 1,204 messages wait; the group has no members: start its consumers or delete the group',
      });
    });

    it('tells a group whose members commit nothing to look for a stuck consumer', () => {
      const window = [obs(0, [7n], 3n, 1), obs(400, [7n], 3n, 1)];
      expect(evaluateLagStatus(window)).toEqual({
        status: 'stopped',
        reason:
          'committed offsets have not moved for 6 min 40 s while 3 messages wait; its 1 member is connected but commits nothing: look for a stuck consumer (a message it fails on, a handler that hangs, commits that fail) in its logs',
      });
    });

    it('measures from the first observation with the same offsets', () => {
      const window = [obs(0, [1n], 9n), obs(100, [2n], 9n), obs(399, [2n], 9n)];
      // 299 s since the offsets last moved: not yet stopped (but stalled? only 2 samples: no).
      expect(evaluateLagStatus(window).status).toBe('ok');
      expect(evaluateLagStatus([...window, obs(400, [2n], 9n)]).status).toBe(
        'stopped',
      );
    });

    it('is not stopped when the window is shorter than stopAfterMs', () => {
      const window = [obs(0, [2n], 9n), obs(100, [2n], 9n), obs(200, [2n], 9n)];
      expect(evaluateLagStatus(window).status).toBe('stalled');
      expect(evaluateLagStatus(window, { stopAfterMs: 200_000 }).status).toBe(
        'stopped',
      );
    });

    it('measures from when the lag appeared, not from an idle caught-up period', () => {
      const window = [
        obs(0, [10n], 0n),
        obs(200, [10n], 0n),
        obs(400, [10n], 4n),
        obs(500, [10n], 4n),
      ];
      expect(evaluateLagStatus(window).status).toBe('ok');
    });

    it('wins over stalled', () => {
      const window = [
        obs(0, [5n], 10n),
        obs(150, [5n], 10n),
        obs(300, [5n], 10n),
      ];
      expect(evaluateLagStatus(window).status).toBe('stopped');
    });

    it('reads exact lags beyond 2^53', () => {
      const window = [obs(0, [1n], BIG + 1n, 0), obs(300, [1n], BIG + 3n, 0)];
      expect(evaluateLagStatus(window).reason).toContain(
        'while 1,152,921,504,606,846,979 messages wait',
      );
    });
  });

  describe('stalled', () => {
    it('is stalled when no offset moved over the last stallAfterSamples observations', () => {
      const window = [
        obs(0, [3n, 4n], 10n),
        obs(10, [5n, 6n], 12n),
        obs(20, [5n, 6n], 15n),
        obs(30, [5n, 6n], 15n),
      ];
      expect(evaluateLagStatus(window)).toEqual({
        status: 'stalled',
        reason:
          'committed offsets have not moved over the last 3 samples (20 s) while 15 messages wait; its 2 members are connected but commit nothing: look for a stuck consumer (a message it fails on, a handler that hangs, commits that fail) in their logs',
      });
    });

    it('is not stalled with fewer unmoved observations', () => {
      const window = [
        obs(0, [3n], 10n),
        obs(10, [4n], 12n),
        obs(20, [5n], 11n),
        obs(30, [5n], 11n),
      ];
      expect(evaluateLagStatus(window).status).toBe('ok');
      expect(evaluateLagStatus(window, { stallAfterSamples: 2 }).status).toBe(
        'stalled',
      );
    });

    it('wins over lagging', () => {
      const window = [
        obs(0, [1n], 10n),
        obs(10, [2n], 20n),
        obs(20, [2n], 30n),
        obs(30, [2n], 40n),
      ];
      expect(evaluateLagStatus(window).status).toBe('stalled');
    });

    it('counts a partition gaining its first committed offset as a move', () => {
      const window = [
        obs(0, [5n, undefined], 10n),
        obs(10, [5n, undefined], 10n),
        obs(20, [5n, 0n], 10n),
      ];
      expect(evaluateLagStatus(window).status).toBe('ok');
    });

    it('turns stalled, then stopped, as a consumer stays stopped', () => {
      const windows = new LagWindows({
        size: 10,
        maxAgeMs: 30 * MIN,
        maxKeys: 10,
      });
      const statuses = [0, 1, 2, 3, 4, 5, 6].map(
        i =>
          evaluateLagStatus(
            windows.add(
              'k',
              obs(i * 60, [i < 2 ? BigInt(i) : 1n], 10n + BigInt(i)),
            ),
          ).status,
      );
      expect(statuses).toEqual([
        'unknown',
        'ok',
        'lagging',
        'stalled',
        'stalled',
        'stalled',
        'stopped',
      ]);
    });
  });

  describe('lagging', () => {
    it('is lagging when the offsets move but the lag grew between every pair', () => {
      const window = [
        obs(0, [100n], 1_000n),
        obs(60, [200n], 1_500n),
        obs(120, [300n], 2_300n),
      ];
      expect(evaluateLagStatus(window)).toEqual({
        status: 'lagging',
        reason:
          'lag grew steadily over the last 3 samples (2 min), from 1,000 to 2,300 messages: the consumers commit but read slower than the producers write; add consumers (up to one per partition) or speed up their processing',
      });
    });

    it('is not lagging when the lag stayed the same once', () => {
      const window = [
        obs(0, [100n], 1_000n),
        obs(60, [200n], 1_500n),
        obs(120, [300n], 1_500n),
        obs(180, [400n], 1_600n),
      ];
      expect(evaluateLagStatus(window).status).toBe('ok');
    });

    it('is lagging with growing lags beyond 2^53 that a JS number could not tell apart', () => {
      const window = [
        obs(0, [1n], BIG),
        obs(10, [2n], BIG + 1n),
        obs(20, [3n], BIG + 2n),
      ];
      expect(Number(BIG) === Number(BIG + 1n)).toBe(true);
      expect(evaluateLagStatus(window).status).toBe('lagging');
    });

    it('is lagging when a not yet stalled group does not commit while the lag grows', () => {
      const window = [
        obs(0, [1n], 10n, 0),
        obs(10, [1n], 20n, 0),
        obs(20, [1n], 30n, 0),
      ];
      expect(evaluateLagStatus(window, { stallAfterSamples: 5 })).toEqual({
        status: 'lagging',
        reason:
          'lag grew steadily over the last 3 samples (20 s), from 10 to 30 messages: the consumers have not committed for a while; the group has no members: start its consumers',
      });
    });
  });

  it('refuses options that cannot be evaluated, naming the option and what is allowed', () => {
    const window = [obs(0, [1n], 1n)];
    expect(() => evaluateLagStatus(window, { stallAfterSamples: 1 })).toThrow(
      'lag status option stallAfterSamples must be an integer of at least 2; got 1',
    );
    expect(() => evaluateLagStatus(window, { minSamples: 0 })).toThrow(
      'lag status option minSamples must be an integer of at least 1; got 0',
    );
    expect(() => evaluateLagStatus(window, { stopAfterMs: -5 })).toThrow(
      'lag status option stopAfterMs must be a positive number of milliseconds; got -5',
    );
  });
});

describe('LagWindows', () => {
  it('keeps at most `size` observations per key, oldest first', () => {
    const windows = new LagWindows({
      size: 3,
      maxAgeMs: 60 * MIN,
      maxKeys: 10,
    });
    for (let i = 0; i < 5; i++) windows.add('k', obs(i, [BigInt(i)], 1n));
    expect(windows.get('k').map(o => o.atMs)).toEqual([2_000, 3_000, 4_000]);
  });

  it('drops observations older than maxAgeMs before the newest', () => {
    const windows = new LagWindows({
      size: 10,
      maxAgeMs: 5 * MIN,
      maxKeys: 10,
    });
    windows.add('k', obs(0, [1n], 1n));
    windows.add('k', obs(200, [2n], 1n));
    expect(windows.add('k', obs(301, [3n], 1n)).map(o => o.atMs)).toEqual([
      200_000, 301_000,
    ]);
  });

  it('drops the least recently updated key beyond maxKeys', () => {
    const windows = new LagWindows({ size: 2, maxAgeMs: 60 * MIN, maxKeys: 2 });
    windows.add('a', obs(0, [1n], 1n));
    windows.add('b', obs(0, [1n], 1n));
    windows.add('a', obs(10, [2n], 1n));
    windows.add('c', obs(0, [1n], 1n));
    expect(windows.size).toBe(2);
    expect(windows.get('b')).toEqual([]);
    expect(windows.get('a')).toHaveLength(2);
  });

  it('returns windows the caller cannot use to alter what is held', () => {
    const windows = new LagWindows({ size: 2, maxAgeMs: 60 * MIN, maxKeys: 2 });
    windows.add('a', obs(0, [1n], 1n)).push(obs(5, [1n], 1n));
    expect(windows.get('a')).toHaveLength(1);
  });

  it('refuses a size below 1, naming the option', () => {
    expect(() => new LagWindows({ size: 0, maxAgeMs: 1, maxKeys: 1 })).toThrow(
      'LagWindows size must be an integer of at least 1; got 0',
    );
  });
});
