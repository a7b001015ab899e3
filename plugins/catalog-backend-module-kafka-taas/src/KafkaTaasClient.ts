import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  KafkaTaasPolicy,
  KafkaTopicInventory,
} from '@kafka-taas/plugin-kafka-taas-common';

const PLUGIN_ID = 'kafka-taas';

/** What the catalog module reads from the kafka-taas backend. */
export interface KafkaTaasSource {
  /**
   * Every live topic of every configured cluster with its ready requests, latest schemas and the
   * configs drift compares (`GET /topics?include=schemas,configs`). Throws when the kafka-taas
   * backend cannot tell.
   */
  readInventory(): Promise<KafkaTopicInventory>;
  /** The effective policy (`GET /policy`). Throws when the kafka-taas backend cannot tell. */
  readPolicy(): Promise<KafkaTaasPolicy>;
  /** A stable URL of one request, for the entity's location annotations. */
  requestUrl(id: string): Promise<string>;
  /** A stable URL of one topic (`GET /topics/{topic}`), for the location of an unowned topic. */
  topicUrl(topicName: string): Promise<string>;
}

/**
 * Reads the kafka-taas backend's API, authenticated as the catalog plugin (a service principal:
 * the backend accepts those on its read routes).
 */
export class KafkaTaasClient implements KafkaTaasSource {
  readonly #discovery: DiscoveryService;
  readonly #auth: AuthService;
  readonly #fetch: typeof fetch;

  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
    /** For tests; the global `fetch` by default. */
    fetch?: typeof fetch;
  }) {
    return new KafkaTaasClient(options);
  }

  private constructor(options: {
    discovery: DiscoveryService;
    auth: AuthService;
    fetch?: typeof fetch;
  }) {
    this.#discovery = options.discovery;
    this.#auth = options.auth;
    this.#fetch = options.fetch ?? fetch;
  }

  async readInventory(): Promise<KafkaTopicInventory> {
    const body = await this.#get('/topics?include=schemas,configs');
    if (!isInventory(body)) {
      throw new Error(
        `the kafka-taas backend answered GET /topics with something other than {items, unreachableClusters}: is the kafka-taas plugin of the same version as this catalog module?`,
      );
    }
    return body;
  }

  async readPolicy(): Promise<KafkaTaasPolicy> {
    const body = await this.#get('/policy');
    if (!isPolicy(body)) {
      throw new Error(
        `the kafka-taas backend answered GET /policy with something other than a policy (naming, environments, ...): is the kafka-taas plugin of the same version as this catalog module?`,
      );
    }
    return body;
  }

  async requestUrl(id: string): Promise<string> {
    const baseUrl = await this.#discovery.getExternalBaseUrl(PLUGIN_ID);
    return `${baseUrl}/topic-requests/${encodeURIComponent(id)}`;
  }

  async topicUrl(topicName: string): Promise<string> {
    const baseUrl = await this.#discovery.getExternalBaseUrl(PLUGIN_ID);
    return `${baseUrl}/topics/${encodeURIComponent(topicName)}`;
  }

  async #get(path: string): Promise<unknown> {
    const baseUrl = await this.#discovery.getBaseUrl(PLUGIN_ID);
    const { token } = await this.#auth.getPluginRequestToken({
      onBehalfOf: await this.#auth.getOwnServiceCredentials(),
      targetPluginId: PLUGIN_ID,
    });
    const url = `${baseUrl}${path}`;
    let response: Response;
    try {
      response = await this.#fetch(url, {
        headers: { Authorization: `Bearer ${token}` },
      });
    } catch (error) {
      throw new Error(
        `could not reach the kafka-taas backend at GET ${url}: ${reasonOf(
          error,
        )}`,
      );
    }
    if (!response.ok) {
      const error = await ResponseError.fromResponse(response);
      throw new Error(
        `the kafka-taas backend refused GET ${url} with ${response.status}: ${error.body.error.message}`,
      );
    }
    return response.json();
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isInventory(body: unknown): body is KafkaTopicInventory {
  return (
    isRecord(body) &&
    Array.isArray(body.items) &&
    Array.isArray(body.unreachableClusters)
  );
}

function isPolicy(body: unknown): body is KafkaTaasPolicy {
  return isRecord(body) && isRecord(body.naming) && isRecord(body.environments);
}

/** The message of a fetch failure, with its cause (fetch says only "fetch failed"). */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (!(cause instanceof Error)) return error.message;
  const code =
    'code' in cause && typeof cause.code === 'string' ? cause.code : '';
  const detail = [code, cause.message].filter(Boolean).join(' ');
  return detail ? `${error.message} (${detail})` : error.message;
}
