import {
  BoundedSeries,
  interpolateTimeLagMs,
  LogEndHistory,
  LogEndSample,
  partitionLag,
  sumLag,
  toOffset,
} from './lagMath';

const BIG = 2n ** 60n;

describe('toOffset', () => {
  it('keeps bigints as they are, up to the int64 limits', () => {
    expect(toOffset(BIG + 1n)).toBe(BIG + 1n);
    expect(toOffset(2n ** 63n - 1n)).toBe(2n ** 63n - 1n);
    expect(toOffset(-1n)).toBe(-1n);
  });

  it('parses decimal strings exactly beyond 2^53', () => {
    expect(toOffset('1152921504606846977')).toBe(BIG + 1n);
    expect(toOffset('9007199254740993')).toBe(2n ** 53n + 1n);
    expect(toOffset('-1')).toBe(-1n);
    expect(toOffset('0')).toBe(0n);
  });

  it('accepts safe integer numbers', () => {
    expect(toOffset(42)).toBe(42n);
    expect(toOffset(-1)).toBe(-1n);
    expect(toOffset(Number.MAX_SAFE_INTEGER)).toBe(2n ** 53n - 1n);
  });

  it.each([
    ['1.5', /got "1.5"/],
    ['', /got ""/],
    [' 7', /got " 7"/],
    ['0x10', /got "0x10"/],
    ['1e3', /got "1e3"/],
    [NaN, /got the number NaN/],
    [1.5, /got the number 1.5/],
    [Infinity, /got the number Infinity/],
  ])('refuses %p, saying what is allowed', (value, got) => {
    expect(() => toOffset(value)).toThrow(got);
    expect(() => toOffset(value)).toThrow(
      /offset must be an integer from -2\^63 to 2\^63-1, as a bigint, a decimal string/,
    );
  });

  it('refuses numbers beyond 2^53, whose precision is already lost', () => {
    expect(() => toOffset(2 ** 60)).toThrow(/beyond 2\^53 and inexact/);
  });

  it('refuses values outside int64', () => {
    expect(() => toOffset(2n ** 63n)).toThrow(/got 9223372036854775808/);
    expect(() => toOffset('-9223372036854775809')).toThrow(RangeError);
  });

  it('names the field in the error', () => {
    expect(() => toOffset('abc', 'committed offset of partition 3')).toThrow(
      /^committed offset of partition 3 must be .*; got "abc"$/,
    );
  });

  it('refuses other types coming from untyped clients', () => {
    expect(() => toOffset(null as unknown as string)).toThrow(/got object/);
    expect(() => toOffset(undefined as unknown as string)).toThrow(
      /got undefined/,
    );
  });
});

describe('partitionLag', () => {
  it('is the log end minus the committed offset', () => {
    expect(
      partitionLag({ committed: 40n, logStart: 0n, logEnd: 100n }),
    ).toEqual({
      lag: 60n,
      belowLogStart: false,
    });
  });

  it('is exact beyond 2^53', () => {
    expect(
      partitionLag({ committed: BIG + 1n, logStart: BIG, logEnd: BIG + 3n }),
    ).toEqual({ lag: 2n, belowLogStart: false });
    expect(
      partitionLag({ committed: 1n, logStart: 0n, logEnd: BIG + 1n }),
    ).toEqual({ lag: BIG, belowLogStart: false });
  });

  it("is undefined without a committed offset, or with Kafka's -1", () => {
    expect(partitionLag({ logStart: 0n, logEnd: 10n })).toEqual({
      lag: undefined,
      belowLogStart: false,
    });
    expect(partitionLag({ committed: -1n, logStart: 0n, logEnd: 10n })).toEqual(
      {
        lag: undefined,
        belowLogStart: false,
      },
    );
  });

  it('counts from the log start and flags it when retention removed unread messages', () => {
    expect(partitionLag({ committed: 5n, logStart: 50n, logEnd: 80n })).toEqual(
      {
        lag: 30n,
        belowLogStart: true,
      },
    );
    expect(
      partitionLag({ committed: 0n, logStart: BIG, logEnd: BIG + 7n }),
    ).toEqual({ lag: 7n, belowLogStart: true });
  });

  it('is 0 when the committed offset is above the log end (truncation)', () => {
    expect(
      partitionLag({ committed: 120n, logStart: 0n, logEnd: 100n }),
    ).toEqual({
      lag: 0n,
      belowLogStart: false,
    });
  });

  it('is 0 at the log end, and on empty partitions', () => {
    expect(
      partitionLag({ committed: 100n, logStart: 0n, logEnd: 100n }),
    ).toEqual({
      lag: 0n,
      belowLogStart: false,
    });
    expect(partitionLag({ committed: 0n, logStart: 0n, logEnd: 0n })).toEqual({
      lag: 0n,
      belowLogStart: false,
    });
    // Every message expired: the group missed some, but nothing is left to read.
    expect(partitionLag({ committed: 3n, logStart: 9n, logEnd: 9n })).toEqual({
      lag: 0n,
      belowLogStart: true,
    });
  });

  it('is never negative when the two ends were read inconsistently', () => {
    expect(partitionLag({ committed: 1n, logStart: 10n, logEnd: 8n })).toEqual({
      lag: 0n,
      belowLogStart: true,
    });
  });
});

describe('sumLag', () => {
  it('sums the known lags exactly, skipping unknown ones', () => {
    expect(sumLag([BIG, undefined, BIG, 1n])).toBe(2n ** 61n + 1n);
    expect(sumLag(new Set([3n, undefined]).values())).toBe(3n);
  });

  it('is 0 for nothing', () => {
    expect(sumLag([])).toBe(0n);
    expect(sumLag([undefined])).toBe(0n);
  });
});

describe('interpolateTimeLagMs', () => {
  const samples: LogEndSample[] = [
    { atMs: 1_000, logEndOffset: 100n },
    { atMs: 2_000, logEndOffset: 200n },
    { atMs: 3_000, logEndOffset: 400n },
  ];

  it('interpolates when the log end passed the committed offset', () => {
    // The message at 149 was appended when the log end went 149 -> 150: halfway from 1 s to 2 s.
    expect(interpolateTimeLagMs(149n, samples, 10_000)).toBe(8_500);
    // Offset 299 is appended halfway between 200 (2 s) and 400 (3 s).
    expect(interpolateTimeLagMs(299n, samples, 10_000)).toBe(7_500);
  });

  it('takes the later sample when the log end passed the offset exactly there', () => {
    expect(interpolateTimeLagMs(199n, samples, 10_000)).toBe(8_000);
    expect(interpolateTimeLagMs(399n, samples, 10_000)).toBe(7_000);
  });

  it('uses the earlier sample at its log end: the next message came after it', () => {
    expect(interpolateTimeLagMs(100n, samples, 10_000)).toBe(8_990);
    expect(interpolateTimeLagMs(200n, samples, 10_000)).toBe(7_995);
  });

  it('is 0 when caught up with the latest sample, or beyond it', () => {
    expect(interpolateTimeLagMs(400n, samples, 10_000)).toBe(0);
    expect(interpolateTimeLagMs(500n, samples, 10_000)).toBe(0);
  });

  it('is undefined without enough history', () => {
    expect(interpolateTimeLagMs(99n, samples, 10_000)).toBeUndefined();
    expect(interpolateTimeLagMs(0n, samples, 10_000)).toBeUndefined();
    expect(interpolateTimeLagMs(5n, [], 10_000)).toBeUndefined();
    expect(
      interpolateTimeLagMs(5n, [{ atMs: 1_000, logEndOffset: 10n }], 10_000),
    ).toBeUndefined();
  });

  it('keeps full precision with offsets around 2^60', () => {
    const big: LogEndSample[] = [
      { atMs: 1_000_000, logEndOffset: BIG },
      { atMs: 1_060_000, logEndOffset: BIG + 60_000n },
    ];
    // Through a JS number, BIG + 29_999 and BIG + 30_000 are both 2^60: the answer would be off.
    expect(interpolateTimeLagMs(BIG + 29_999n, big, 2_000_000)).toBe(970_000);
    expect(interpolateTimeLagMs(BIG + 30_000n, big, 2_000_000)).toBe(969_999);
    expect(interpolateTimeLagMs(BIG + 59_999n, big, 2_000_000)).toBe(940_000);
  });

  it('stays exact with a huge jump of the log end between two samples', () => {
    const jump: LogEndSample[] = [
      { atMs: 0, logEndOffset: 0n },
      { atMs: 3_600_000, logEndOffset: 2n ** 62n },
    ];
    expect(interpolateTimeLagMs(2n ** 61n - 1n, jump, 3_600_000)).toBe(
      1_800_000,
    );
    expect(interpolateTimeLagMs(2n ** 60n - 1n, jump, 3_600_000)).toBe(
      2_700_000,
    );
  });

  it('is never negative when now is before the interpolated moment (clock skew)', () => {
    expect(interpolateTimeLagMs(299n, samples, 2_000)).toBe(0);
  });

  it('keeps the latest crossing after the log end went back (truncation)', () => {
    const truncated: LogEndSample[] = [
      { atMs: 1_000, logEndOffset: 100n },
      { atMs: 2_000, logEndOffset: 300n },
      { atMs: 3_000, logEndOffset: 150n },
      { atMs: 4_000, logEndOffset: 350n },
    ];
    expect(interpolateTimeLagMs(249n, truncated, 5_000)).toBe(1_500);
  });
});

describe('LogEndHistory', () => {
  it('keeps at most `capacity` samples per key, oldest first', () => {
    const history = new LogEndHistory({
      capacity: 3,
      maxAgeMs: 60_000,
      maxKeys: 10,
    });
    for (let i = 1; i <= 5; i++) {
      history.add('c\u0000t\u00000', {
        atMs: i * 1_000,
        logEndOffset: BIG + BigInt(i),
      });
    }
    expect(history.get('c\u0000t\u00000')).toEqual([
      { atMs: 3_000, logEndOffset: BIG + 3n },
      { atMs: 4_000, logEndOffset: BIG + 4n },
      { atMs: 5_000, logEndOffset: BIG + 5n },
    ]);
  });

  it('drops samples older than maxAgeMs before the newest', () => {
    const history = new LogEndHistory({
      capacity: 100,
      maxAgeMs: 10_000,
      maxKeys: 10,
    });
    history.add('p', { atMs: 0, logEndOffset: 1n });
    history.add('p', { atMs: 5_000, logEndOffset: 2n });
    history.add('p', { atMs: 10_000, logEndOffset: 3n });
    expect(history.get('p').map(s => s.atMs)).toEqual([0, 5_000, 10_000]);
    history.add('p', { atMs: 12_000, logEndOffset: 4n });
    expect(history.get('p').map(s => s.atMs)).toEqual([5_000, 10_000, 12_000]);
  });

  it('keeps samples in time order and replaces one at the same time', () => {
    const history = new LogEndHistory({
      capacity: 10,
      maxAgeMs: 60_000,
      maxKeys: 10,
    });
    history.add('p', { atMs: 3_000, logEndOffset: 30n });
    history.add('p', { atMs: 1_000, logEndOffset: 10n });
    history.add('p', { atMs: 2_000, logEndOffset: 20n });
    history.add('p', { atMs: 2_000, logEndOffset: 21n });
    expect(history.get('p')).toEqual([
      { atMs: 1_000, logEndOffset: 10n },
      { atMs: 2_000, logEndOffset: 21n },
      { atMs: 3_000, logEndOffset: 30n },
    ]);
  });

  it('drops the least recently updated key beyond maxKeys', () => {
    const history = new LogEndHistory({
      capacity: 2,
      maxAgeMs: 60_000,
      maxKeys: 2,
    });
    history.add('a', { atMs: 1, logEndOffset: 1n });
    history.add('b', { atMs: 1, logEndOffset: 1n });
    history.add('a', { atMs: 2, logEndOffset: 2n });
    history.add('c', { atMs: 1, logEndOffset: 1n });
    expect(history.size).toBe(2);
    expect(history.get('b')).toEqual([]);
    expect(history.get('a')).toHaveLength(2);
    expect(history.get('c')).toHaveLength(1);
  });

  it('stays bounded at 50,000 partitions', () => {
    const history = new LogEndHistory({
      capacity: 4,
      maxAgeMs: 60_000,
      maxKeys: 50_000,
    });
    const key = (p: number) => `c\u0000t\u0000${p}`;
    for (let round = 0; round < 6; round++) {
      for (let p = 0; p < 50_000; p++) {
        history.add(key(p), {
          atMs: round * 1_000,
          logEndOffset: BigInt(round),
        });
      }
    }
    expect(history.size).toBe(50_000);
    expect(history.get(key(0))).toHaveLength(4);

    // 10,000 new partitions push out the 10,000 least recently updated.
    for (let p = 50_000; p < 60_000; p++) {
      history.add(key(p), { atMs: 6_000, logEndOffset: 6n });
    }
    expect(history.size).toBe(50_000);
    expect(history.get(key(9_999))).toEqual([]);
    expect(history.get(key(10_000))).toHaveLength(4);
    expect(history.get(key(59_999))).toHaveLength(1);
  });

  it('hands out copies, so callers cannot alter the history', () => {
    const history = new LogEndHistory({
      capacity: 3,
      maxAgeMs: 60_000,
      maxKeys: 3,
    });
    history.add('p', { atMs: 1, logEndOffset: 1n });
    history.get('p').push({ atMs: 2, logEndOffset: 2n });
    expect(history.get('p')).toHaveLength(1);
  });

  it('refuses bounds that would not bound anything', () => {
    expect(
      () => new LogEndHistory({ capacity: 0, maxAgeMs: 1, maxKeys: 1 }),
    ).toThrow('LogEndHistory capacity must be an integer of at least 1; got 0');
    expect(
      () => new LogEndHistory({ capacity: 1, maxAgeMs: 0, maxKeys: 1 }),
    ).toThrow(
      'LogEndHistory maxAgeMs must be a positive number of milliseconds; got 0',
    );
    expect(
      () => new LogEndHistory({ capacity: 1, maxAgeMs: 1, maxKeys: 1.5 }),
    ).toThrow(
      'LogEndHistory maxKeys must be an integer of at least 1; got 1.5',
    );
    expect(
      () =>
        new BoundedSeries({
          capacity: NaN,
          maxAgeMs: 1,
          maxKeys: 1,
          name: 'X',
        }),
    ).toThrow('X capacity must be an integer of at least 1; got NaN');
  });
});
