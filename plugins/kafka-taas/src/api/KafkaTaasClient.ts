import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ClusterStatus,
  KafkaTaasPolicy,
} from '@kafka-taas/plugin-kafka-taas-common';

/**
 * What the Kafka TaaS frontend asks of the `kafka-taas` backend plugin.
 * @public
 */
export interface KafkaTaasApi {
  /** Every configured cluster and whether it answered just now. */
  listClusters(): Promise<ClusterStatus[]>;
  /** The effective topic policy (defaults plus app-config), as the backend enforces it. */
  getPolicy(): Promise<KafkaTaasPolicy>;
}

/** @public */
export const kafkaTaasApiRef = createApiRef<KafkaTaasApi>({
  id: 'plugin.kafka-taas.service',
});

/**
 * Talks to the `kafka-taas` backend plugin over HTTP.
 * @public
 */
export class KafkaTaasClient implements KafkaTaasApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private policy?: Promise<KafkaTaasPolicy>;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listClusters(): Promise<ClusterStatus[]> {
    const body = await this.get<{ items: ClusterStatus[] }>('/clusters');
    return body.items;
  }

  /**
   * Fetched once per client: the policy comes from the backend's config, and every form field
   * and validation of a template reads it. A failed fetch is not kept, so the next call retries.
   */
  getPolicy(): Promise<KafkaTaasPolicy> {
    if (!this.policy) {
      this.policy = this.get<KafkaTaasPolicy>('/policy').catch(error => {
        this.policy = undefined;
        throw error;
      });
    }
    return this.policy;
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('kafka-taas');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
