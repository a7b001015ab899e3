import { LoggerService } from '@backstage/backend-plugin-api';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { KafkaTopicSchemaVersion } from '@kafka-taas/plugin-kafka-taas-common';
import { KafkaClusterConfig } from '../config';
import { kafkaFailure } from '../provisioning/kafkaFailures';
import { RegistryClient, RegistryError } from '../provisioning/RegistryClient';
import { withTimeout } from './async';
import { KafkaClientPool } from './KafkaClientPool';
import { metadataOf } from './TopicInventoryService';

type Presence =
  | { cluster: KafkaClusterConfig; status: 'present' | 'absent' }
  | { cluster: KafkaClusterConfig; status: 'unreachable'; error: string };

/**
 * One version of a topic's own schema subject (`<topic>-value`, `<topic>-key`) from the
 * registry of one cluster: the cluster named, else the only cluster with a registry the topic
 * lives on. Errors name the registry by its URL, never its credentials.
 */
export class TopicSchemaService {
  readonly #pool: KafkaClientPool;
  readonly #logger: LoggerService;

  static create(options: {
    pool: KafkaClientPool;
    logger: LoggerService;
  }): TopicSchemaService {
    return new TopicSchemaService(options);
  }

  private constructor(options: {
    pool: KafkaClientPool;
    logger: LoggerService;
  }) {
    this.#pool = options.pool;
    this.#logger = options.logger;
  }

  /**
   * The version with its schema text. InputError for a subject that is not the topic's, for a
   * cluster that is not configured, or for no cluster named while the topic is on several;
   * NotFoundError for a topic on no cluster or a version that does not exist (naming those that
   * do); ServiceUnavailableError when the registry cannot be read.
   */
  async version(options: {
    topic: string;
    subject: string;
    version: number;
    cluster?: string;
  }): Promise<KafkaTopicSchemaVersion> {
    const { topic, subject, version } = options;
    const own = [`${topic}-value`, `${topic}-key`];
    if (!own.includes(subject)) {
      throw new InputError(
        `subject "${subject}" is not a subject of topic "${topic}": only the topic's own subjects (topic name strategy) can be read here, "${own[0]}" and "${own[1]}"`,
      );
    }
    const cluster = options.cluster
      ? this.#named(options.cluster)
      : await this.#onlyClusterOf(topic);
    const registry = RegistryClient.forCluster(this.#pool, cluster.name);
    const where = `the schema registry of Kafka cluster "${cluster.name}"`;
    try {
      const found = await registry.version(subject, version);
      return {
        cluster: cluster.name,
        subject,
        version: found.version,
        id: found.id,
        schemaType: found.schemaType,
        schema: found.schema,
        ...(found.references && { references: found.references }),
      };
    } catch (error) {
      if (!(error instanceof RegistryError && error.notFound)) {
        throw this.#unreadable(cluster, subject, error);
      }
    }
    const versions = await registry
      .versions(subject)
      .catch((error: unknown) => {
        throw this.#unreadable(cluster, subject, error);
      });
    if (versions.length === 0) {
      throw new NotFoundError(
        `Subject "${subject}" has no versions in ${where}: the topic has no schema there`,
      );
    }
    throw new NotFoundError(
      `Subject "${subject}" has no version ${version} in ${where}; its versions: ${[
        ...versions,
      ]
        .sort((a, b) => a - b)
        .join(', ')}`,
    );
  }

  #named(name: string): KafkaClusterConfig {
    const cluster = this.#pool.clusters().find(c => c.name === name);
    if (!cluster) {
      const names = this.#pool
        .clusters()
        .map(c => c.name)
        .join(', ');
      throw new InputError(
        `cluster "${name}" is not a configured Kafka cluster; use one of: ${
          names || 'none (kafkaTaas.clusters is empty)'
        }`,
      );
    }
    return cluster;
  }

  /** The one cluster with a schema registry the topic is on, read live. */
  async #onlyClusterOf(topic: string): Promise<KafkaClusterConfig> {
    const candidates = this.#pool.clusters().filter(c => c.schemaRegistry);
    const presence = await Promise.all(
      candidates.map(cluster => this.#presence(cluster, topic)),
    );
    const present = presence.filter(p => p.status === 'present');
    if (present.length === 1) return present[0].cluster;
    if (present.length > 1) {
      throw new InputError(
        `cluster is required: topic "${topic}" is on several Kafka clusters with a schema registry; use one of: ${present
          .map(p => p.cluster.name)
          .join(', ')}`,
      );
    }
    const unread = presence.flatMap(p =>
      p.status === 'unreachable' ? [`"${p.cluster.name}" (${p.error})`] : [],
    );
    throw new NotFoundError(
      `Topic "${topic}" is on none of the Kafka clusters with a schema registry (${
        candidates.map(c => c.name).join(', ') || 'none'
      })${unread.length ? `; could not read ${unread.join(', ')}` : ''}`,
    );
  }

  async #presence(
    cluster: KafkaClusterConfig,
    topic: string,
  ): Promise<Presence> {
    try {
      const layouts = await withTimeout(
        metadataOf(this.#pool.admin(cluster.name), [topic]),
        cluster.requestTimeoutMs,
        `no answer within ${cluster.requestTimeoutMs} ms`,
      );
      return { cluster, status: layouts.has(topic) ? 'present' : 'absent' };
    } catch (error) {
      const failure = kafkaFailure(`read topic "${topic}"`, cluster, error);
      this.#logger.warn('kafka cluster unreadable for topic schemas', {
        cluster: cluster.name,
        topic,
        reason: failure.message,
      });
      return { cluster, status: 'unreachable', error: failure.message };
    }
  }

  /** The registry failed (down, or an error status other than 404): a 503 that says so. */
  #unreadable(
    cluster: KafkaClusterConfig,
    subject: string,
    error: unknown,
  ): Error {
    if (error instanceof ServiceUnavailableError) {
      this.#logger.warn('schema registry unreachable', {
        cluster: cluster.name,
        subject,
        reason: error.message,
      });
      return error;
    }
    const message = error instanceof Error ? error.message : String(error);
    this.#logger.warn('schema registry unreadable', {
      cluster: cluster.name,
      subject,
      reason: message,
    });
    return new ServiceUnavailableError(message);
  }
}
