import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Admin, BaseOptions } from '@platformatic/kafka';
import { KafkaClusterConfig, readClusterConfigs, SaslConfig } from '../config';

/**
 * One Kafka admin client and one schema-registry client per configured cluster, created on
 * first use and shared by every caller. Credentials stay inside this class: nothing it hands
 * out (cluster summaries, errors, log lines) contains them.
 * @public
 */
export class KafkaClientPool {
  readonly #clusters: Map<string, KafkaClusterConfig>;
  readonly #logger: LoggerService;
  readonly #admins = new Map<string, Admin>();
  readonly #registries = new Map<string, SchemaRegistry>();

  static create(options: {
    config: Config;
    logger: LoggerService;
  }): KafkaClientPool {
    return new KafkaClientPool(
      readClusterConfigs(options.config),
      options.logger,
    );
  }

  private constructor(clusters: KafkaClusterConfig[], logger: LoggerService) {
    this.#clusters = new Map(clusters.map(c => [c.name, c]));
    this.#logger = logger;
  }

  /** The configured clusters, in config order. */
  clusters(): KafkaClusterConfig[] {
    return [...this.#clusters.values()];
  }

  cluster(name: string): KafkaClusterConfig {
    const cluster = this.#clusters.get(name);
    if (!cluster) {
      throw new NotFoundError(
        `No Kafka cluster named "${name}"; configured clusters: ${
          [...this.#clusters.keys()].join(', ') || 'none'
        }`,
      );
    }
    return cluster;
  }

  /** The shared admin client of a cluster. */
  admin(name: string): Admin {
    const cluster = this.cluster(name);
    let admin = this.#admins.get(name);
    if (!admin) {
      admin = new Admin(clientOptions(cluster));
      this.#admins.set(name, admin);
      this.#logger.debug('kafka admin client created', {
        cluster: name,
        brokers: cluster.brokers.join(','),
      });
    }
    return admin;
  }

  /** The shared Confluent-API schema-registry client of a cluster. */
  schemaRegistry(name: string): SchemaRegistry {
    const cluster = this.cluster(name);
    if (!cluster.schemaRegistry) {
      throw new NotFoundError(
        `Kafka cluster "${name}" has no schema registry: set kafkaTaas.clusters[].schemaRegistry.url`,
      );
    }
    let registry = this.#registries.get(name);
    if (!registry) {
      const { url, username, password } = cluster.schemaRegistry;
      registry = new SchemaRegistry({
        host: url,
        clientId: cluster.clientId,
        auth: username ? { username, password: password ?? '' } : undefined,
        retry: { retries: 1 },
      });
      this.#registries.set(name, registry);
    }
    return registry;
  }

  /** Closes every client; called on backend shutdown. */
  async close(): Promise<void> {
    const admins = [...this.#admins.values()];
    this.#admins.clear();
    this.#registries.clear();
    await Promise.allSettled(admins.map(a => a.close()));
  }
}

function clientOptions(cluster: KafkaClusterConfig): BaseOptions {
  return {
    clientId: cluster.clientId,
    bootstrapBrokers: cluster.brokers,
    connectTimeout: Math.min(cluster.requestTimeoutMs, 5_000),
    requestTimeout: cluster.requestTimeoutMs,
    timeout: cluster.requestTimeoutMs,
    retries: 1,
    retryDelay: 250,
    tls: cluster.tls,
    sasl: cluster.sasl && saslOptions(cluster.sasl),
  };
}

function saslOptions(sasl: SaslConfig): BaseOptions['sasl'] {
  if (sasl.mechanism !== 'oauthbearer') {
    return {
      mechanism: sasl.mechanism.toUpperCase() as
        | 'PLAIN'
        | 'SCRAM-SHA-256'
        | 'SCRAM-SHA-512',
      username: sasl.username,
      password: sasl.password,
    };
  }
  if ('token' in sasl) {
    return { mechanism: 'OAUTHBEARER', token: sasl.token };
  }
  return {
    mechanism: 'OAUTHBEARER',
    token: clientCredentialsToken(sasl.oauth),
  };
}

/**
 * An OAUTHBEARER token provider for the OAuth 2 client-credentials grant: fetches a token,
 * reuses it until a minute before it expires, then fetches the next one.
 */
export function clientCredentialsToken(oauth: {
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
}): () => Promise<string> {
  let cached: { token: string; expiresAt: number } | undefined;
  return async () => {
    if (cached && cached.expiresAt > Date.now() + 60_000) return cached.token;
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (oauth.scope) body.set('scope', oauth.scope);
    const res = await fetch(oauth.tokenEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(
          `${encodeURIComponent(oauth.clientId)}:${encodeURIComponent(
            oauth.clientSecret,
          )}`,
        ).toString('base64')}`,
      },
      body,
    });
    if (!res.ok) {
      throw new Error(
        `OAuth token endpoint ${oauth.tokenEndpoint} answered ${res.status} ${res.statusText} for client ${oauth.clientId}`,
      );
    }
    const json = (await res.json()) as {
      access_token?: string;
      expires_in?: number;
    };
    if (!json.access_token) {
      throw new Error(
        `OAuth token endpoint ${oauth.tokenEndpoint} returned no access_token`,
      );
    }
    cached = {
      token: json.access_token,
      expiresAt: Date.now() + (json.expires_in ?? 300) * 1000,
    };
    return cached.token;
  };
}
