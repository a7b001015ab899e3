import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterStatus,
  KafkaBroker,
} from '@kafka-taas/plugin-kafka-taas-common';
import { KafkaClientPool } from './KafkaClientPool';
import { withTimeout } from './async';
import { describeKafkaError } from './errors';

/** Reads each configured cluster's live state. */
export class ClusterService {
  readonly #pool: KafkaClientPool;
  readonly #logger: LoggerService;

  static create(options: { pool: KafkaClientPool; logger: LoggerService }) {
    return new ClusterService(options.pool, options.logger);
  }

  private constructor(pool: KafkaClientPool, logger: LoggerService) {
    this.#pool = pool;
    this.#logger = logger;
  }

  /** Every configured cluster, asked in parallel; an unreachable one is reported, not thrown. */
  async list(): Promise<ClusterStatus[]> {
    return Promise.all(this.#pool.clusters().map(c => this.status(c.name)));
  }

  async status(name: string): Promise<ClusterStatus> {
    const cluster = this.#pool.cluster(name);
    const base = { name: cluster.name, environment: cluster.environment };
    try {
      const admin = this.#pool.admin(name);
      const metadata = await withTimeout(
        admin.metadata({ topics: [], forceUpdate: true }),
        cluster.requestTimeoutMs,
        `no answer within ${cluster.requestTimeoutMs} ms`,
      );
      const brokers: KafkaBroker[] = [...metadata.brokers.entries()]
        .map(([id, b]) => ({
          id,
          host: b.host,
          port: b.port,
          rack: b.rack ?? undefined,
        }))
        .sort((a, b) => a.id - b.id);
      return {
        ...base,
        reachable: true,
        clusterId: metadata.id,
        brokerCount: brokers.length,
        brokers,
        controller: brokers.find(b => b.id === metadata.controllerId),
        checkedAt: new Date().toISOString(),
      };
    } catch (error) {
      const reason = describeKafkaError(error, cluster.brokers);
      this.#logger.warn('kafka cluster unreachable', { cluster: name, reason });
      return {
        ...base,
        reachable: false,
        error: reason,
        checkedAt: new Date().toISOString(),
      };
    }
  }
}
