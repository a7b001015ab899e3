import { LagStatus } from '@kafka-taas/plugin-kafka-taas-common';
import { BoundedSeries } from './lagMath';

/** One sample of one group on one topic of one cluster. */
export type GroupLagObservation = {
  atMs: number;
  /** partition -> committed offset (undefined: none) */
  committed: ReadonlyMap<number, bigint | undefined>;
  totalLag: bigint;
  members: number;
};

export type LagStatusOptions = {
  /** samples without any committed offset moving, with lag > 0, before `stalled` (default 3) */
  stallAfterSamples: number;
  /** ms without any committed offset moving, with lag > 0, before `stopped` (default 5 min) */
  stopAfterMs: number;
  /** minimum observations to judge at all (default 2), else `unknown` */
  minSamples: number;
};

export const DEFAULT_LAG_STATUS_OPTIONS: LagStatusOptions = Object.freeze({
  stallAfterSamples: 3,
  stopAfterMs: 5 * 60_000,
  minSamples: 2,
});

/**
 * The status of one group on one topic of one cluster over a window of its observations
 * (oldest first), in the spirit of Burrow's evaluator: judged on how the committed offsets and
 * the lag move, not on one threshold. The first rule that matches wins:
 *
 * 1. `unknown` when the window is empty.
 * 2. `rewound` when a committed offset of any partition went down between two consecutive
 *    observations of the window (an offset reset): even when caught up, since the consumers
 *    re-read what they had already processed. A partition losing or gaining its committed
 *    offset is not a rewind.
 * 3. `ok` when the total lag of the latest observation is 0 (caught up), whatever the history.
 * 4. `unknown` when the window holds fewer than `minSamples` observations.
 * 5. `stopped` when the latest observations have the same committed offsets, all with lag > 0,
 *    and they span at least `stopAfterMs` (measured from the first of them, so a window
 *    shorter than that is never stopped).
 * 6. `stalled` when that run of unmoved observations with lag > 0 holds at least
 *    `stallAfterSamples` observations.
 * 7. `lagging` when the window holds at least 3 observations and the total lag strictly
 *    increased between every consecutive pair (the consumers commit, but slower than the
 *    producers write; a group that does not commit and is not yet stalled is lagging too).
 * 8. `ok` otherwise: the offsets move and the lag does not keep growing.
 *
 * Offsets "move" when any partition's committed offset differs from the previous observation
 * (including a partition gaining its first committed offset). The run in rules 5 and 6 starts
 * after the last move and after the last observation without lag, so an idle consumer that was
 * caught up and has just received messages is judged from when they arrived.
 */
export function evaluateLagStatus(
  window: GroupLagObservation[],
  options?: Partial<LagStatusOptions>,
): { status: LagStatus; reason: string } {
  const { stallAfterSamples, stopAfterMs, minSamples } =
    resolveOptions(options);
  if (window.length === 0) {
    return {
      status: 'unknown',
      reason:
        'no sample of this group yet: its status shows after the next samples',
    };
  }
  const latest = window[window.length - 1];

  const rewinds = findRewinds(window);
  if (rewinds.length > 0) {
    return { status: 'rewound', reason: rewoundReason(rewinds, latest) };
  }

  if (latest.totalLag <= 0n) {
    return { status: 'ok', reason: 'caught up: no message waits' };
  }

  if (window.length < minSamples) {
    return {
      status: 'unknown',
      reason: `${waiting(latest.totalLag)}, but ${count(
        window.length,
        'sample',
      )} of this group ${
        window.length === 1 ? 'is' : 'are'
      } not enough to judge (at least ${minSamples} needed): its status shows after the next samples`,
    };
  }

  let runStart = window.length - 1;
  while (
    runStart > 0 &&
    window[runStart - 1].totalLag > 0n &&
    sameOffsets(window[runStart - 1], window[runStart])
  ) {
    runStart--;
  }
  const runSamples = window.length - runStart;
  const runMs = latest.atMs - window[runStart].atMs;

  if (runSamples >= 2 && runMs >= stopAfterMs) {
    return {
      status: 'stopped',
      reason: `committed offsets have not moved for ${formatDuration(
        runMs,
      )} while ${waiting(latest.totalLag)}; ${membersAdvice(latest.members)}`,
    };
  }

  if (runSamples >= stallAfterSamples) {
    return {
      status: 'stalled',
      reason: `committed offsets have not moved over the last ${runSamples} samples (${formatDuration(
        runMs,
      )}) while ${waiting(latest.totalLag)}; ${membersAdvice(latest.members)}`,
    };
  }

  if (window.length >= 3 && lagGrewEachTime(window)) {
    const first = window[0];
    const moved = window.some(
      (o, i) => i > 0 && !sameOffsets(window[i - 1], o),
    );
    return {
      status: 'lagging',
      reason: `lag grew steadily over the last ${
        window.length
      } samples (${formatDuration(
        latest.atMs - first.atMs,
      )}), from ${formatCount(first.totalLag)} to ${formatCount(
        latest.totalLag,
      )} messages: ${
        moved
          ? 'the consumers commit but read slower than the producers write'
          : 'the consumers have not committed for a while'
      }; ${
        latest.members === 0
          ? 'the group has no members: start its consumers'
          : 'add consumers (up to one per partition) or speed up their processing'
      }`,
    };
  }

  return {
    status: 'ok',
    reason: `committed offsets move and the lag does not keep growing; ${waiting(
      latest.totalLag,
    )}`,
  };
}

/**
 * Bounded windows of observations per key (e.g. `${cluster}\u0000${group}\u0000${topic}`), for
 * {@link evaluateLagStatus}: at most `size` observations per key, none older than `maxAgeMs`
 * before the newest of its key, and at most `maxKeys` keys (the least recently updated key is
 * dropped first).
 */
export class LagWindows {
  readonly #series: BoundedSeries<GroupLagObservation>;

  constructor(options: { size: number; maxAgeMs: number; maxKeys: number }) {
    this.#series = new BoundedSeries({
      capacity: options.size,
      maxAgeMs: options.maxAgeMs,
      maxKeys: options.maxKeys,
      name: 'LagWindows',
      capacityOption: 'size',
    });
  }

  /** Adds an observation; returns the key's window, oldest first, to evaluate. */
  add(key: string, o: GroupLagObservation): GroupLagObservation[] {
    return this.#series.add(key, o);
  }

  /** Oldest first; empty for an unknown key. */
  get(key: string): GroupLagObservation[] {
    return this.#series.get(key);
  }

  /** How many keys are held. */
  get size(): number {
    return this.#series.size;
  }
}

type Rewind = { partition: number; from: bigint; to: bigint; atMs: number };

function resolveOptions(options?: Partial<LagStatusOptions>): LagStatusOptions {
  const defaults = DEFAULT_LAG_STATUS_OPTIONS;
  const resolved: LagStatusOptions = {
    stallAfterSamples: options?.stallAfterSamples ?? defaults.stallAfterSamples,
    stopAfterMs: options?.stopAfterMs ?? defaults.stopAfterMs,
    minSamples: options?.minSamples ?? defaults.minSamples,
  };
  const integerAtLeast = (field: keyof LagStatusOptions, min: number) => {
    const value = resolved[field];
    if (!Number.isSafeInteger(value) || value < min) {
      throw new RangeError(
        `lag status option ${field} must be an integer of at least ${min}; got ${value}`,
      );
    }
  };
  integerAtLeast('stallAfterSamples', 2);
  integerAtLeast('minSamples', 1);
  if (!(resolved.stopAfterMs > 0)) {
    throw new RangeError(
      `lag status option stopAfterMs must be a positive number of milliseconds; got ${resolved.stopAfterMs}`,
    );
  }
  return resolved;
}

/** A committed offset, treating Kafka's negative "no offset" as none. */
function committedOf(
  o: GroupLagObservation,
  partition: number,
): bigint | undefined {
  const offset = o.committed.get(partition);
  return offset === undefined || offset < 0n ? undefined : offset;
}

function sameOffsets(a: GroupLagObservation, b: GroupLagObservation): boolean {
  for (const partition of new Set([
    ...a.committed.keys(),
    ...b.committed.keys(),
  ])) {
    if (committedOf(a, partition) !== committedOf(b, partition)) return false;
  }
  return true;
}

/** Every committed offset that went down, latest first. */
function findRewinds(window: GroupLagObservation[]): Rewind[] {
  const rewinds: Rewind[] = [];
  for (let i = window.length - 1; i > 0; i--) {
    const before = window[i - 1];
    const after = window[i];
    for (const partition of [...after.committed.keys()].sort((x, y) => x - y)) {
      const from = committedOf(before, partition);
      const to = committedOf(after, partition);
      if (from !== undefined && to !== undefined && to < from) {
        rewinds.push({ partition, from, to, atMs: after.atMs });
      }
    }
  }
  return rewinds;
}

function rewoundReason(rewinds: Rewind[], latest: GroupLagObservation): string {
  const [first, ...others] = rewinds;
  const partitions = new Set(others.map(r => r.partition));
  partitions.delete(first.partition);
  const ago = latest.atMs - first.atMs;
  return `the committed offset of partition ${
    first.partition
  } went back from ${formatCount(first.from)} to ${formatCount(first.to)}${
    ago > 0 ? ` ${formatDuration(ago)} ago` : ''
  }${
    partitions.size > 0
      ? ` (and ${count(partitions.size, 'other partition')} too)`
      : ''
  }: its offsets were reset, so its consumers read ${formatCount(
    first.from - first.to,
  )} messages again; if that was not intended, check who reset them (kafka-consumer-groups --reset-offsets, or auto.offset.reset after the offsets expired)`;
}

function lagGrewEachTime(window: GroupLagObservation[]): boolean {
  return window.every((o, i) => i === 0 || o.totalLag > window[i - 1].totalLag);
}

function membersAdvice(members: number): string {
  if (members <= 0) {
    return 'the group has no members: start its consumers or delete the group';
  }
  const one = members === 1;
  return `its ${count(members, 'member')} ${
    one ? 'is connected but commits' : 'are connected but commit'
  } nothing: look for a stuck consumer (a message it fails on, a handler that hangs, commits that fail) in ${
    one ? 'its' : 'their'
  } logs`;
}

function waiting(lag: bigint): string {
  return lag === 1n ? '1 message waits' : `${formatCount(lag)} messages wait`;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** 1204n => "1,204", exact at any size. */
function formatCount(n: bigint): string {
  return n.toLocaleString('en-US');
}

/** 45 s, 6 min, 1 min 30 s, 2 h 5 min, 3 d 4 h. */
function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  }
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}
