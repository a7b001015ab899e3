/*
 * Exact consumer-lag arithmetic. Offsets and lags are Kafka int64 values: they stay bigint from
 * the client to the JSON string and never pass through a JS number (which is exact only up to
 * 2^53). Only times (ms since the epoch, and differences of them) are numbers.
 */

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL_INTEGER = /^-?[0-9]+$/;

/**
 * Parses an offset as Kafka clients give it (bigint, number, decimal string) into a bigint.
 * Throws on anything that is not an exact 64-bit integer: "1.5", "", " 7", NaN, a number beyond
 * 2^53 (its precision is already lost) or a value outside the int64 range.
 *
 * @param field - names the value in the error, e.g. `committed offset of partition 3`.
 */
export function toOffset(
  value: bigint | number | string,
  field: string = 'offset',
): bigint {
  const allowed =
    'an integer from -2^63 to 2^63-1, as a bigint, a decimal string such as "42", or a number up to 2^53';
  let offset: bigint;
  if (typeof value === 'bigint') {
    offset = value;
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new TypeError(
        `${field} must be ${allowed}; got the number ${value}${
          Number.isInteger(value) ? ', which is beyond 2^53 and inexact' : ''
        }`,
      );
    }
    offset = BigInt(value);
  } else if (typeof value === 'string' && DECIMAL_INTEGER.test(value)) {
    offset = BigInt(value);
  } else {
    throw new TypeError(
      `${field} must be ${allowed}; got ${
        typeof value === 'string' ? JSON.stringify(value) : typeof value
      }`,
    );
  }
  if (offset < INT64_MIN || offset > INT64_MAX) {
    throw new RangeError(`${field} must be ${allowed}; got ${offset}`);
  }
  return offset;
}

/**
 * The lag of one partition for one group, clamped to what the group can still read:
 *
 * - no committed offset (undefined, or negative: Kafka's -1 "no offset") => lag undefined;
 * - committed below the log start (retention removed messages the group never read) =>
 *   lag = logEnd - logStart and `belowLogStart`;
 * - committed above the log end (briefly, or after a truncation) => lag 0;
 * - otherwise logEnd - committed.
 *
 * Never negative, even when the two ends were read inconsistently (logEnd < logStart).
 */
export function partitionLag(input: {
  committed?: bigint;
  logStart: bigint;
  logEnd: bigint;
}): { lag?: bigint; belowLogStart: boolean } {
  const { committed, logStart, logEnd } = input;
  if (committed === undefined || committed < 0n) {
    return { lag: undefined, belowLogStart: false };
  }
  const belowLogStart = committed < logStart;
  const from = belowLogStart ? logStart : committed;
  return { lag: logEnd > from ? logEnd - from : 0n, belowLogStart };
}

/** The sum of the lags that are known (undefined ones are skipped). */
export function sumLag(values: Iterable<bigint | undefined>): bigint {
  let sum = 0n;
  for (const value of values) {
    if (value !== undefined) sum += value;
  }
  return sum;
}

/** One sampled log-end offset of one partition. */
export type LogEndSample = { atMs: number; logEndOffset: bigint };

/**
 * Time lag from sampled log-end offsets, for when the message at the committed offset cannot be
 * read (deleted, compacted, or too costly to fetch): how long ago that message was appended,
 * i.e. the moment the log end passed `committed` (went from `<= committed` to `committed + 1`),
 * subtracted from `nowMs`.
 *
 * That moment is found by linear interpolation between the latest sample at or below
 * `committed` and the sample after it, computed in bigint: the offset ratio multiplies the
 * (small, exact) time difference before any conversion, so offsets near 2^63 keep full
 * precision and the result is exact to the millisecond.
 *
 * - 0 when `committed >= ` the latest log end (caught up), or when `nowMs` is before the
 *   interpolated moment (clock skew);
 * - undefined when there are no samples, or when every sample is already past `committed`
 *   (the committed offset is older than the history).
 *
 * @param samples - oldest first.
 */
export function interpolateTimeLagMs(
  committed: bigint,
  samples: LogEndSample[],
  nowMs: number,
): number | undefined {
  if (samples.length === 0) return undefined;
  const latest = samples[samples.length - 1];
  if (committed >= latest.logEndOffset) return 0;

  // The most recent sample whose log end had not yet passed `committed`; scanning from the
  // newest keeps the latest crossing should a truncation have moved the log end back.
  let before = -1;
  for (let i = samples.length - 2; i >= 0; i--) {
    if (samples[i].logEndOffset <= committed) {
      before = i;
      break;
    }
  }
  if (before < 0) return undefined;

  const a = samples[before];
  const b = samples[before + 1];
  // a.logEndOffset <= committed < b.logEndOffset, so 0 < step <= span.
  const span = b.logEndOffset - a.logEndOffset;
  const step = committed + 1n - a.logEndOffset;
  const elapsed = BigInt(Math.max(0, Math.round(b.atMs - a.atMs)));
  // Rounded to the nearest ms; the result is <= elapsed, so it converts exactly.
  const offsetMs = Number((elapsed * step * 2n + span) / (span * 2n));
  const passedAtMs = Math.round(a.atMs) + offsetMs;
  return Math.max(0, Math.round(nowMs) - passedAtMs);
}

/**
 * Bounded, time-ordered series per key, for in-memory histories that must not grow with the
 * number of partitions or groups: at most `capacity` entries per key, none older than
 * `maxAgeMs` before the newest entry of its key, and at most `maxKeys` keys (adding to a new key
 * beyond that drops the least recently updated key).
 */
export class BoundedSeries<T extends { atMs: number }> {
  readonly #capacity: number;
  readonly #maxAgeMs: number;
  readonly #maxKeys: number;
  /** Map iteration order is insertion order: re-inserting on update keeps the LRU key first. */
  readonly #series = new Map<string, T[]>();

  constructor(options: {
    capacity: number;
    maxAgeMs: number;
    maxKeys: number;
    /** Names the options in errors, e.g. `LagWindows`. */
    name: string;
    /** What the caller calls `capacity`, for errors (default `capacity`). */
    capacityOption?: string;
  }) {
    const { name, capacityOption = 'capacity' } = options;
    this.#capacity = positiveInteger(
      `${name} ${capacityOption}`,
      options.capacity,
    );
    this.#maxKeys = positiveInteger(`${name} maxKeys`, options.maxKeys);
    if (!(options.maxAgeMs > 0)) {
      throw new RangeError(
        `${name} maxAgeMs must be a positive number of milliseconds; got ${options.maxAgeMs}`,
      );
    }
    this.#maxAgeMs = options.maxAgeMs;
  }

  /** Adds an entry (an entry at the same `atMs` as one held replaces it); returns the series. */
  add(key: string, entry: T): T[] {
    const series = this.#series.get(key) ?? [];
    this.#series.delete(key);

    let index = series.length;
    while (index > 0 && series[index - 1].atMs > entry.atMs) index--;
    if (index > 0 && series[index - 1].atMs === entry.atMs) {
      series[index - 1] = entry;
    } else {
      series.splice(index, 0, entry);
    }

    const newestMs = series[series.length - 1].atMs;
    let drop = Math.max(0, series.length - this.#capacity);
    while (
      drop < series.length &&
      series[drop].atMs < newestMs - this.#maxAgeMs
    ) {
      drop++;
    }
    series.splice(0, drop);

    this.#series.set(key, series);
    while (this.#series.size > this.#maxKeys) {
      const oldest = this.#series.keys().next().value;
      if (oldest === undefined) break;
      this.#series.delete(oldest);
    }
    return [...series];
  }

  /** The series of a key, oldest first; empty when unknown. */
  get(key: string): T[] {
    return [...(this.#series.get(key) ?? [])];
  }

  /** How many keys are held. */
  get size(): number {
    return this.#series.size;
  }
}

/**
 * Recent log-end offsets per partition (key e.g. `${cluster}\u0000${topic}\u0000${partition}`),
 * for {@link interpolateTimeLagMs}. Bounded in samples per key, age and number of keys, so it
 * stays small at 50,000 partitions.
 */
export class LogEndHistory {
  readonly #series: BoundedSeries<LogEndSample>;

  constructor(options: {
    capacity: number;
    maxAgeMs: number;
    maxKeys: number;
  }) {
    this.#series = new BoundedSeries({ ...options, name: 'LogEndHistory' });
  }

  add(key: string, sample: LogEndSample): void {
    this.#series.add(key, sample);
  }

  /** Oldest first; empty for an unknown key. */
  get(key: string): LogEndSample[] {
    return this.#series.get(key);
  }

  /** How many partitions are held. */
  get size(): number {
    return this.#series.size;
  }
}

function positiveInteger(field: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(
      `${field} must be an integer of at least 1; got ${value}`,
    );
  }
  return value;
}
