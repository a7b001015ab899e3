import { InputError } from '@backstage/errors';
import {
  KafkaLagSample,
  KafkaTopicLagHistory,
} from '@kafka-taas/plugin-kafka-taas-common';
import { KafkaClusterConfig, LagConfig } from '../config';
import { LagHistoryStore, LagSample } from './LagHistoryStore';

/** Points per series at most, for charts. */
export const MAX_POINTS = 200;

const UNIT_MS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};
const SHORT_DURATION = /^([0-9]{1,9})(s|m|h|d)$/;
const ISO_DURATION =
  /^P(?:([0-9]{1,9})D)?(?:T(?:([0-9]{1,9})H)?(?:([0-9]{1,9})M)?(?:([0-9]{1,9})S)?)?$/;
const ISO_TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * `since` of the history endpoint, as ms since the epoch: an ISO 8601 timestamp with its zone
 * (`2026-11-23T10:00:00Z`), or a duration back from `nowMs`, ISO 8601 (`PT6H`, `P1D`) or short
 * (`90s`, `15m`, `6h`, `2d`).
 */
export function parseSince(since: string, nowMs: number): number {
  const short = SHORT_DURATION.exec(since);
  if (short) return nowMs - Number(short[1]) * UNIT_MS[short[2]];
  const iso = ISO_DURATION.exec(since);
  if (iso && since !== 'P' && !since.endsWith('T')) {
    const [, d, h, m, s] = iso.map(v => Number(v ?? 0));
    return nowMs - (d * 86_400 + h * 3_600 + m * 60 + s) * 1_000;
  }
  if (ISO_TIMESTAMP.test(since)) {
    const ms = Date.parse(since);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new InputError(
    `since "${since}" is neither an ISO 8601 timestamp nor a duration: use a timestamp with its zone such as 2026-11-23T10:00:00Z, or a duration back from now such as PT6H, P1D, 15m, 6h or 2d`,
  );
}

/**
 * At most `maxPoints` samples of one series (oldest first), for charts: the newest sample is
 * always kept (the current value); the others fall into `maxPoints - 1` equal time buckets, each
 * represented by its sample with the highest lag (the latest of equals), so a spike is never
 * averaged away. A series that fits is returned as it is.
 */
export function downsample(
  series: LagSample[],
  maxPoints: number = MAX_POINTS,
): LagSample[] {
  if (series.length <= maxPoints) return series;
  const latest = series[series.length - 1];
  const rest = series.slice(0, -1);
  const buckets = maxPoints - 1;
  const fromMs = rest[0].atMs;
  const spanMs = latest.atMs - fromMs || 1;
  const picked: Array<LagSample | undefined> = new Array(buckets);
  for (const sample of rest) {
    const b = Math.min(
      buckets - 1,
      Math.floor(((sample.atMs - fromMs) / spanMs) * buckets),
    );
    const current = picked[b];
    if (!current || sample.totalLag >= current.totalLag) picked[b] = sample;
  }
  return [...picked.filter((s): s is LagSample => s !== undefined), latest];
}

function toJson(sample: LagSample): KafkaLagSample {
  return {
    at: new Date(sample.atMs).toISOString(),
    totalLag: sample.totalLag.toString(),
    timeLagMs: sample.timeLagMs,
    status: sample.status,
  };
}

/** `GET /topics/{topic}/lag/history`: the sampler's stored history of a topic, for charts. */
export class LagHistoryService {
  readonly #store: Pick<LagHistoryStore, 'topicSamples'>;
  readonly #clusters: () => KafkaClusterConfig[];
  readonly #config: Pick<LagConfig, 'historyRetentionMs'>;
  readonly #now: () => number;

  static create(options: {
    store: Pick<LagHistoryStore, 'topicSamples'>;
    clusters: () => KafkaClusterConfig[];
    config: Pick<LagConfig, 'historyRetentionMs'>;
    now?: () => number;
  }): LagHistoryService {
    return new LagHistoryService(options);
  }

  private constructor(options: Parameters<typeof LagHistoryService.create>[0]) {
    this.#store = options.store;
    this.#clusters = options.clusters;
    this.#config = options.config;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Per cluster and group (sorted), the samples since `since` (default: the whole retention),
   * oldest first, downsampled to {@link MAX_POINTS}. An unknown `cluster` or a `since` that is
   * not a timestamp or duration is an InputError; a topic never sampled has no series.
   */
  async topicHistory(
    topic: string,
    query: { cluster?: string; group?: string; since?: string },
  ): Promise<KafkaTopicLagHistory> {
    const nowMs = this.#now();
    if (
      query.cluster !== undefined &&
      !this.#clusters().some(c => c.name === query.cluster)
    ) {
      const names = this.#clusters()
        .map(c => c.name)
        .join(', ');
      throw new InputError(
        `cluster "${
          query.cluster
        }" is not a configured Kafka cluster; use one of: ${
          names || 'none (kafkaTaas.clusters is empty)'
        }`,
      );
    }
    const oldestMs = nowMs - this.#config.historyRetentionMs;
    const sinceMs =
      query.since === undefined
        ? oldestMs
        : Math.max(oldestMs, parseSince(query.since, nowMs));
    const samples = await this.#store.topicSamples({
      topic,
      cluster: query.cluster,
      group: query.group,
      sinceMs,
    });
    const series: KafkaTopicLagHistory['series'] = [];
    let start = 0;
    for (let i = 1; i <= samples.length; i++) {
      const s = samples[i];
      const first = samples[start];
      if (s && s.cluster === first.cluster && s.group === first.group) continue;
      series.push({
        cluster: first.cluster,
        group: first.group,
        samples: downsample(samples.slice(start, i)).map(toJson),
      });
      start = i;
    }
    return { topic, series };
  }
}
