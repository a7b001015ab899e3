import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ClusterStatus,
  KafkaConsumerGroupLag,
  KafkaTaasPolicy,
  KafkaTopicLag,
  KafkaTopicDetails,
  KafkaTopicInventoryWithWarnings,
  KafkaTopicLagHistory,
  KafkaTopicSchemaVersion,
  TopicRequest,
  TopicRequestEvent,
  TopicRequestInput,
  TopicRequestKind,
  TopicRequestPlan,
  TopicRequestStatus,
} from '@kafka-taas/plugin-kafka-taas-common';

/**
 * A topic request with its audit trail, oldest event first.
 * @public
 */
export interface TopicRequestDetails {
  request: TopicRequest;
  events: TopicRequestEvent[];
}

/**
 * Filters of `GET /topic-requests`; a request matches every filter given.
 * @public
 */
export interface ListTopicRequestsFilter {
  kind?: TopicRequestKind;
  /** Any of these statuses. */
  status?: TopicRequestStatus[];
  /** The full topic name. */
  topic?: string;
  /** The owner group's entity ref. */
  owner?: string;
  environment?: string;
  /** Only the caller's own requests. */
  mine?: boolean;
  /** Only pending requests the caller may approve. */
  awaitingMyApproval?: boolean;
  /** 1-500, 100 when not given. */
  limit?: number;
  offset?: number;
}

/**
 * What the Kafka TaaS frontend asks of the `kafka-taas` backend plugin.
 * @public
 */
export interface KafkaTaasApi {
  /** Every configured cluster and whether it answered just now. */
  listClusters(): Promise<ClusterStatus[]>;
  /** The effective topic policy (defaults plus app-config), as the backend enforces it. */
  getPolicy(): Promise<KafkaTaasPolicy>;
  /**
   * The backend's verdict on a topic request, with no side effects: every violation (the schema
   * parsed and checked against the registry once the rest is valid), the approval and the steps.
   */
  planTopicRequest(input: TopicRequestInput): Promise<TopicRequestPlan>;
  /** One topic request and its audit trail; a `ResponseError` with status 404 when there is none. */
  getTopicRequest(id: string): Promise<TopicRequestDetails>;
  /**
   * Gives the caller's approval for one role of a pending request: `role` when given, else the
   * first needed role the caller holds. The backend refuses (403) callers who hold none of the
   * roles and the requester.
   */
  approveTopicRequest(
    id: string,
    decision?: { role?: string; comment?: string },
  ): Promise<TopicRequest>;
  /** Rejects a pending request; `reason` is required and goes to the requester. */
  rejectTopicRequest(
    id: string,
    rejection: { reason: string },
  ): Promise<TopicRequest>;
  /** Resumes a failed request at the step that failed. */
  retryTopicRequest(id: string): Promise<TopicRequest>;
  /**
   * Every consumer group with committed offsets on a topic, per cluster (`cluster` for one);
   * unreachable clusters are listed in the answer. A `ResponseError` with status 404 when no
   * reachable cluster has the topic.
   */
  getTopicLag(
    topic: string,
    options?: { cluster?: string },
  ): Promise<KafkaTopicLag>;
  /**
   * The sampled lag history of a topic's groups, oldest sample first, for trend charts.
   * `since` is an ISO 8601 timestamp or a duration back from now (`6h`, `PT6H`).
   */
  getTopicLagHistory(
    topic: string,
    options?: { cluster?: string; group?: string; since?: string },
  ): Promise<KafkaTopicLagHistory>;
  /**
   * One version of one of the topic's subjects (`<topic>-value`, `<topic>-key`) with its schema
   * text, from the registry of `cluster` (required when the topic is on several). A
   * `ResponseError` with status 404 for a version that does not exist (the message lists those
   * that do), 503 when the registry cannot be read.
   */
  getTopicSchemaVersion(
    topic: string,
    subject: string,
    version: number,
    options?: { cluster?: string },
  ): Promise<KafkaTopicSchemaVersion>;
  /**
   * One consumer group's lag on every topic it has committed offsets on. A `ResponseError` with
   * status 404 for a group the cluster does not know, 400 for a cluster that is not configured,
   * 503 when the cluster cannot be read.
   */
  getConsumerGroupLag(
    cluster: string,
    group: string,
  ): Promise<KafkaConsumerGroupLag>;
  /**
   * One topic on every cluster it lives on: layout, configs, schema subjects, ACLs, the owner's
   * quotas, its owner and its drift; unreachable clusters and unreadable sections are listed in
   * the answer. A `ResponseError` with status 404 when no cluster, request or declaration knows it.
   */
  getTopicDetails(topic: string): Promise<KafkaTopicDetails>;
  /**
   * Every topic of every cluster, read live: where each lives (cluster, environment, partitions,
   * replication factor, consumer groups with committed offsets) and its ready requests; clusters
   * that could not be read are listed in the answer.
   */
  listTopics(): Promise<KafkaTopicInventoryWithWarnings>;
  /** Topic requests matching every filter given, newest first, with how many match in all. */
  listTopicRequests(
    filter?: ListTopicRequestsFilter,
  ): Promise<{ items: TopicRequest[]; totalCount: number }>;
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

  planTopicRequest(input: TopicRequestInput): Promise<TopicRequestPlan> {
    return this.post<TopicRequestPlan>('/topic-requests/plan', input);
  }

  getTopicRequest(id: string): Promise<TopicRequestDetails> {
    return this.get<TopicRequestDetails>(
      `/topic-requests/${encodeURIComponent(id)}`,
    );
  }

  approveTopicRequest(
    id: string,
    decision: { role?: string; comment?: string } = {},
  ): Promise<TopicRequest> {
    return this.post<TopicRequest>(
      `/topic-requests/${encodeURIComponent(id)}/approve`,
      decision,
    );
  }

  rejectTopicRequest(
    id: string,
    rejection: { reason: string },
  ): Promise<TopicRequest> {
    return this.post<TopicRequest>(
      `/topic-requests/${encodeURIComponent(id)}/reject`,
      rejection,
    );
  }

  retryTopicRequest(id: string): Promise<TopicRequest> {
    return this.post<TopicRequest>(
      `/topic-requests/${encodeURIComponent(id)}/retry`,
    );
  }

  getTopicLag(
    topic: string,
    options: { cluster?: string } = {},
  ): Promise<KafkaTopicLag> {
    return this.get<KafkaTopicLag>(
      `/topics/${encodeURIComponent(topic)}/lag${query(options)}`,
    );
  }

  getTopicLagHistory(
    topic: string,
    options: { cluster?: string; group?: string; since?: string } = {},
  ): Promise<KafkaTopicLagHistory> {
    return this.get<KafkaTopicLagHistory>(
      `/topics/${encodeURIComponent(topic)}/lag/history${query(options)}`,
    );
  }

  getTopicSchemaVersion(
    topic: string,
    subject: string,
    version: number,
    options: { cluster?: string } = {},
  ): Promise<KafkaTopicSchemaVersion> {
    return this.get<KafkaTopicSchemaVersion>(
      `/topics/${encodeURIComponent(topic)}/schemas/${encodeURIComponent(
        subject,
      )}/versions/${version}${query(options)}`,
    );
  }

  getConsumerGroupLag(
    cluster: string,
    group: string,
  ): Promise<KafkaConsumerGroupLag> {
    return this.get<KafkaConsumerGroupLag>(
      `/consumer-groups/${encodeURIComponent(cluster)}/${encodeURIComponent(
        group,
      )}/lag`,
    );
  }

  getTopicDetails(topic: string): Promise<KafkaTopicDetails> {
    return this.get<KafkaTopicDetails>(`/topics/${encodeURIComponent(topic)}`);
  }

  listTopics(): Promise<KafkaTopicInventoryWithWarnings> {
    return this.get<KafkaTopicInventoryWithWarnings>('/topics');
  }

  listTopicRequests(
    filter: ListTopicRequestsFilter = {},
  ): Promise<{ items: TopicRequest[]; totalCount: number }> {
    const { status, limit, offset, mine, awaitingMyApproval, ...rest } = filter;
    return this.get<{ items: TopicRequest[]; totalCount: number }>(
      `/topic-requests${query({
        ...rest,
        status: status?.join(','),
        mine: mine ? 'true' : undefined,
        awaitingMyApproval: awaitingMyApproval ? 'true' : undefined,
        limit: limit?.toString(),
        offset: offset?.toString(),
      })}`,
    );
  }

  private get<T>(path: string): Promise<T> {
    return this.send<T>(path, { method: 'GET' });
  }

  private post<T>(path: string, body?: object): Promise<T> {
    return this.send<T>(
      path,
      body === undefined
        ? { method: 'POST' }
        : {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          },
    );
  }

  private async send<T>(path: string, init: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('kafka-taas');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

/** `?a=1&b=2` from the options that are set, or nothing. */
function query(options: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
