import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { TopicRequest } from '@kafka-taas/plugin-kafka-taas-common';

const PLUGIN_ID = 'kafka-taas';
/** The largest page `GET /topic-requests` serves. */
const PAGE_SIZE = 500;

/** Where the provider reads ready topic requests from. */
export interface ReadyTopicRequestsSource {
  /** Every request with status `ready`. Throws when the kafka-taas backend cannot tell. */
  listReady(): Promise<TopicRequest[]>;
  /** A stable URL of one request, for the entity's location annotations. */
  requestUrl(id: string): Promise<string>;
}

/**
 * Reads topic requests from the kafka-taas backend's API, authenticated as the catalog plugin
 * (a service principal: the backend accepts those on its read routes).
 */
export class KafkaTaasClient implements ReadyTopicRequestsSource {
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

  async listReady(): Promise<TopicRequest[]> {
    const baseUrl = await this.#discovery.getBaseUrl(PLUGIN_ID);
    const { token } = await this.#auth.getPluginRequestToken({
      onBehalfOf: await this.#auth.getOwnServiceCredentials(),
      targetPluginId: PLUGIN_ID,
    });
    // Pages are newest first: a request that turns ready while we page can shift one item to
    // the next page, so items are kept by id. The event of that request triggers another read.
    const byId = new Map<string, TopicRequest>();
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const url = `${baseUrl}/topic-requests?status=ready&limit=${PAGE_SIZE}&offset=${offset}`;
      const page = await this.#getPage(url, token);
      for (const item of page.items) byId.set(item.id, item);
      if (
        page.items.length < PAGE_SIZE ||
        offset + PAGE_SIZE >= page.totalCount
      ) {
        return [...byId.values()];
      }
    }
  }

  async requestUrl(id: string): Promise<string> {
    const baseUrl = await this.#discovery.getExternalBaseUrl(PLUGIN_ID);
    return `${baseUrl}/topic-requests/${encodeURIComponent(id)}`;
  }

  async #getPage(
    url: string,
    token: string,
  ): Promise<{ items: TopicRequest[]; totalCount: number }> {
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
    const body: unknown = await response.json();
    if (!isPage(body)) {
      throw new Error(
        `the kafka-taas backend answered GET ${url} with something other than {items, totalCount}: is the kafka-taas plugin of the same version as this catalog module?`,
      );
    }
    return body;
  }
}

function isPage(
  body: unknown,
): body is { items: TopicRequest[]; totalCount: number } {
  return (
    typeof body === 'object' &&
    body !== null &&
    'items' in body &&
    Array.isArray(body.items) &&
    'totalCount' in body &&
    typeof body.totalCount === 'number'
  );
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
