/** A broker as the cluster's metadata reports it. @public */
export interface KafkaBroker {
  id: number;
  host: string;
  port: number;
  rack?: string;
}

/**
 * A configured cluster and what it answered when asked just now.
 * `GET /api/kafka-taas/clusters` returns one per configured cluster.
 * @public
 */
export interface ClusterStatus {
  name: string;
  environment: string;
  /** Whether the cluster answered a metadata request within the configured timeout. */
  reachable: boolean;
  /** Present when reachable. */
  clusterId?: string;
  brokerCount?: number;
  brokers?: KafkaBroker[];
  /** The active controller, when the cluster reports one it also lists as a broker. */
  controller?: KafkaBroker;
  /** Why the cluster is unreachable, in words a user can act on. */
  error?: string;
  /** When the answer was read, ISO 8601. */
  checkedAt: string;
}
