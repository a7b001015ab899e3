import { LoggerService } from '@backstage/backend-plugin-api';
import { KafkaClusterConfig, LagConfig } from '../config';
import { kafkaFailure } from '../provisioning/kafkaFailures';
import { LagAlerter } from './lagAlerts';
import { LagHistoryStore, LagSample } from './LagHistoryStore';
import { ClusterLagRead, LagService } from './LagService';

/** The task id in Backstage's scheduler. */
export const LAG_SAMPLER_TASK_ID = 'kafka-taas-lag-sampler';

/** One stored row per group and topic of a cluster read. */
export function samplesOf(read: ClusterLagRead): LagSample[] {
  const samples: LagSample[] = [];
  for (const [topic, { groups }] of read.topics) {
    for (const g of groups) {
      const committed = new Map<number, bigint>();
      for (const p of g.partitions) {
        if (p.committed !== undefined) committed.set(p.partition, p.committed);
      }
      samples.push({
        cluster: read.cluster,
        group: g.group,
        topic,
        atMs: read.atMs,
        totalLag: g.totalLag,
        timeLagMs: g.timeLagMs,
        status: g.status,
        members: g.members,
        committed,
      });
    }
  }
  return samples;
}

/**
 * The scheduled lag sampler (`kafkaTaas.lag.sampleInterval`, one replica at a time): per
 * cluster, one batched read of every group on every topic, stored as one row per group and
 * topic, then the alert rules on the stored history; then the samples older than
 * `kafkaTaas.lag.historyRetention` are pruned. A cluster that cannot be read is logged and
 * skipped.
 */
export class LagSampler {
  readonly #lag: Pick<LagService, 'sampleCluster'>;
  readonly #clusters: () => KafkaClusterConfig[];
  readonly #store: Pick<LagHistoryStore, 'addSamples' | 'prune'>;
  readonly #alerter: Pick<LagAlerter, 'evaluate'>;
  readonly #config: Pick<LagConfig, 'historyRetentionMs'>;
  readonly #logger: LoggerService;
  readonly #now: () => number;

  static create(options: {
    lag: Pick<LagService, 'sampleCluster'>;
    clusters: () => KafkaClusterConfig[];
    store: Pick<LagHistoryStore, 'addSamples' | 'prune'>;
    alerter: Pick<LagAlerter, 'evaluate'>;
    config: Pick<LagConfig, 'historyRetentionMs'>;
    logger: LoggerService;
    now?: () => number;
  }): LagSampler {
    return new LagSampler(options);
  }

  private constructor(options: Parameters<typeof LagSampler.create>[0]) {
    this.#lag = options.lag;
    this.#clusters = options.clusters;
    this.#store = options.store;
    this.#alerter = options.alerter;
    this.#config = options.config;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
  }

  /** One round: every cluster in turn (one batched read each), then pruning. */
  async run(): Promise<void> {
    for (const cluster of this.#clusters()) {
      let read: ClusterLagRead;
      try {
        read = await this.#lag.sampleCluster(cluster.name);
      } catch (error) {
        const failure = kafkaFailure('sample consumer lag', cluster, error);
        this.#logger.warn('lag sample skipped: kafka cluster unreadable', {
          cluster: cluster.name,
          reason: failure.message,
        });
        continue;
      }
      const samples = samplesOf(read);
      await this.#store.addSamples(samples);
      await this.#alerter.evaluate(cluster.name, samples, read.atMs);
      this.#logger.debug('lag sampled', {
        cluster: cluster.name,
        samples: samples.length,
      });
    }
    const pruned = await this.#store.prune(
      this.#now() - this.#config.historyRetentionMs,
    );
    if (pruned > 0) this.#logger.debug('lag samples pruned', { pruned });
  }
}
