import { driftMarks, inventoryDrift } from './api/topicDrift';
import { currentTopicState } from './api/topicState';
import type { KafkaTopicSummary, TopicRequest } from './api/types';
import { ENVIRONMENT_TIERS, EnvironmentTier } from './policy/types';

/**
 * The catalog model of a Kafka topic: one `kind: Resource`, `spec.type: kafka-topic` entity per
 * topic name, however many clusters the topic lives on. The catalog module emits it for topics
 * provisioned through requests; the template's catalog-info.yaml declares the same shape.
 */

/** `spec.type` of a topic's Resource entity. @public */
export const KAFKA_TOPIC_ENTITY_TYPE = 'kafka-topic';

/** The real Kafka topic name (the entity name may be a shortened form of it). @public */
export const TOPIC_NAME_ANNOTATION = 'kafka-taas/topic-name';
/** The clusters the topic lives on, comma-separated. @public */
export const CLUSTERS_ANNOTATION = 'kafka-taas/clusters';
/** The environments the topic lives in, comma-separated. @public */
export const ENVIRONMENTS_ANNOTATION = 'kafka-taas/environments';
/** The ids of the topic requests that provisioned the topic, comma-separated. @public */
export const REQUEST_IDS_ANNOTATION = 'kafka-taas/request-ids';

/**
 * The events topic the kafka-taas backend publishes to when a topic request changes state, so
 * the catalog can show a provisioned topic at once instead of at its next scheduled refresh.
 * @public
 */
export const TOPIC_REQUESTS_EVENTS_TOPIC = 'kafka-taas.topic-requests';

/** The payload of a {@link TOPIC_REQUESTS_EVENTS_TOPIC} event. @public */
export type TopicRequestsEventPayload = {
  /** What happened: `ready` when the request's topic was provisioned. */
  type: 'ready';
  requestId: string;
  topicName: string;
};

/** Label: the topic's domain (first part of its name). @public */
export const DOMAIN_LABEL = 'kafka-taas/domain';
/** Label: the topic's data classification. @public */
export const CLASSIFICATION_LABEL = 'kafka-taas/classification';
/** Label: the topic's criticality. @public */
export const CRITICALITY_LABEL = 'kafka-taas/criticality';

// What the catalog accepts as `metadata.name` (catalog-model's default validator,
// KubernetesValidatorFunctions.isValidObjectName): 1-63 characters of [A-Za-z0-9-_.],
// starting and ending alphanumeric.
const ENTITY_NAME_MAX_LENGTH = 63;
const ENTITY_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const HASH_HEX_LENGTH = 16;

/** Whether the catalog accepts `name` as an entity name as it is. @public */
export function isValidEntityName(name: string): boolean {
  return name.length <= ENTITY_NAME_MAX_LENGTH && ENTITY_NAME.test(name);
}

/**
 * The entity name of a topic: the topic name itself when the catalog accepts it, else a stable
 * shortened form, `<sanitized prefix>-<16 hex digits of the FNV-1a 64-bit hash of the full
 * name>`, so two long names that share their first 46 characters still get different entity
 * names. The real name is always in the `kafka-taas/topic-name` annotation.
 * @public
 */
export function topicEntityName(topicName: string): string {
  if (isValidEntityName(topicName)) return topicName;
  const hash = fnv1a64Hex(topicName);
  const prefix = topicName
    .replace(/[^-A-Za-z0-9_.]/g, '-')
    .slice(0, ENTITY_NAME_MAX_LENGTH - HASH_HEX_LENGTH - 1)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return `${prefix || 'topic'}-${hash}`;
}

/** `resource:default/<entity name>`: the entity ref of a topic. @public */
export function topicEntityRef(topicName: string): string {
  return `resource:default/${topicEntityName(topicName)}`;
}

const FNV_OFFSET_BASIS = BigInt('0xcbf29ce484222325');
const FNV_PRIME = BigInt('0x100000001b3');
const MASK_64 = (BigInt(1) << BigInt(64)) - BigInt(1);

/** FNV-1a, 64-bit, over the UTF-8 bytes: pure, so it runs in the browser and in Node alike. */
function fnv1a64Hex(text: string): string {
  let hash = FNV_OFFSET_BASIS;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash.toString(16).padStart(HASH_HEX_LENGTH, '0');
}

/**
 * A topic's Resource entity, structurally a catalog-model `Entity` (this package does not
 * depend on the catalog model, so the frontend and backend can share it as it is).
 * @public
 */
export type KafkaTopicEntity = {
  apiVersion: 'backstage.io/v1alpha1';
  kind: 'Resource';
  metadata: {
    name: string;
    namespace: 'default';
    title: string;
    description: string;
    annotations: Record<string, string>;
    labels: Record<string, string>;
    tags: string[];
  };
  spec: {
    type: typeof KAFKA_TOPIC_ENTITY_TYPE;
    owner: string;
    system?: string;
    /** The components that consume the topic. */
    dependencyOf?: string[];
  };
};

const tierRank = (tier: EnvironmentTier) => ENVIRONMENT_TIERS.indexOf(tier);

/**
 * The entity of one topic from its ready requests, in any number of environments (`create`
 * requests and the `access` and `schema` changes made to them since; see
 * {@link currentTopicState}). Undefined when no environment has the topic any more.
 *
 * Owner, system, description, classification and criticality come from the environment of the
 * highest tier (prod over staging over dev; the most recently updated among equals): that is
 * where the topic matters most. Clusters, environments, the ids of the `create` requests and the
 * consuming components are those of every environment, sorted. Throws when the requests are of
 * different topics.
 * @public
 */
export function topicEntityFromRequests(
  requests: readonly TopicRequest[],
): KafkaTopicEntity | undefined {
  const topicName = requests[0]?.topicName;
  const others = requests.filter(r => r.topicName !== topicName);
  if (others.length > 0) {
    throw new Error(
      `one topic entity is built from requests of one topic; got ${topicName} and ${others
        .map(r => r.topicName)
        .join(', ')}`,
    );
  }

  const byEnvironment = new Map<string, TopicRequest[]>();
  for (const request of requests) {
    byEnvironment.set(request.environment, [
      ...(byEnvironment.get(request.environment) ?? []),
      request,
    ]);
  }
  const environments = [...byEnvironment.values()].flatMap(envRequests => {
    const state = currentTopicState(envRequests);
    if (!state) return [];
    const ready = envRequests.filter(r => r.status === 'ready');
    return [
      {
        state,
        createIds: ready.filter(r => r.kind === 'create').map(r => r.id),
        updatedAt:
          ready
            .map(r => r.updatedAt)
            .sort()
            .pop() ?? '',
      },
    ];
  });
  if (topicName === undefined || environments.length === 0) return undefined;

  const [{ state: main }] = [...environments].sort(
    (a, b) =>
      tierRank(b.state.tier) - tierRank(a.state.tier) ||
      b.updatedAt.localeCompare(a.updatedAt),
  );
  const all = (values: Array<string | undefined>) =>
    [...new Set(values.filter((v): v is string => Boolean(v)))].sort();
  const states = environments.map(e => e.state);
  const consumers = all(
    states.flatMap(state => state.consumers.map(c => c.component)),
  );
  const domain = topicName.split('.')[0];

  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: topicEntityName(topicName),
      namespace: 'default',
      title: topicName,
      description: main.description,
      annotations: {
        [TOPIC_NAME_ANNOTATION]: topicName,
        [CLUSTERS_ANNOTATION]: all(states.map(s => s.cluster)).join(','),
        [ENVIRONMENTS_ANNOTATION]: all(states.map(s => s.environment)).join(
          ',',
        ),
        [REQUEST_IDS_ANNOTATION]: all(
          environments.flatMap(e => e.createIds),
        ).join(','),
      },
      labels: {
        // The policy's names are <domain>[.<subdomain>].<name>; a label value follows the
        // entity-name rule, so a name from outside the policy may have no domain label.
        ...(isValidEntityName(domain) && { [DOMAIN_LABEL]: domain }),
        [CLASSIFICATION_LABEL]: main.classification,
        [CRITICALITY_LABEL]: main.criticality,
      },
      tags: ['kafka'],
    },
    spec: {
      type: KAFKA_TOPIC_ENTITY_TYPE,
      owner: main.owner,
      ...(main.system && { system: main.system }),
      ...(consumers.length > 0 && { dependencyOf: consumers }),
    },
  };
}

/** `"true"` on the entity of a topic found on a cluster that nobody requested or declared. @public */
export const UNOWNED_ANNOTATION = 'kafka-taas/unowned';

/**
 * On a component: its consumer groups, comma-separated `<cluster>/<group>` pairs
 * (`local-dev/ledger, local-dev/audit`). The component depends on every topic those groups have
 * committed offsets on.
 * @public
 */
export const CONSUMER_GROUPS_ANNOTATION = 'kafka-taas/consumer-groups';
/** The community Kafka plugin's consumer-groups annotation, same format, read the same way. @public */
export const COMMUNITY_CONSUMER_GROUPS_ANNOTATION =
  'kafka.apache.org/consumer-groups';
/** On a component: the topics it produces to, comma-separated topic names. @public */
export const PRODUCES_ANNOTATION = 'kafka-taas/produces';

/** One `<cluster>/<group>` pair of a consumer-groups annotation. @public */
export interface ConsumerGroupRef {
  cluster: string;
  group: string;
}

/**
 * The pairs of a {@link CONSUMER_GROUPS_ANNOTATION} (or the community plugin's) value, in order,
 * without duplicates; entries that are not `<cluster>/<group>` with both parts are in `invalid`.
 * The group is everything after the first `/`.
 * @public
 */
export function parseConsumerGroupsAnnotation(value: string | undefined): {
  groups: ConsumerGroupRef[];
  invalid: string[];
} {
  const groups: ConsumerGroupRef[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const entry of splitList(value)) {
    const slash = entry.indexOf('/');
    const cluster = entry.slice(0, slash).trim();
    const group = entry.slice(slash + 1).trim();
    if (slash < 0 || !cluster || !group) {
      invalid.push(entry);
      continue;
    }
    const key = `${cluster}/${group}`;
    if (seen.has(key)) continue;
    seen.add(key);
    groups.push({ cluster, group });
  }
  return { groups, invalid };
}

/** The items of a comma-separated annotation, trimmed, empty ones left out. @public */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(item => item.trim())
    .filter(Boolean);
}

/**
 * The entity of a topic found live on the clusters (`GET /topics`): from its ready requests as
 * {@link topicEntityFromRequests} builds it, else, when nobody requested it, owned by
 * `unownedOwner`, marked {@link UNOWNED_ANNOTATION} and described as found on the cluster.
 * Either way the clusters and environments annotations are where the topic lives now (its
 * placements, in the order given), not where it was requested.
 * @public
 */
export function topicEntityFromSummary(
  summary: KafkaTopicSummary,
  options: { unownedOwner: string },
): KafkaTopicEntity {
  const placements = summary.clusters;
  const unique = (values: string[]) => [...new Set(values)].join(',');
  const where = {
    [CLUSTERS_ANNOTATION]: unique(placements.map(p => p.cluster)),
    [ENVIRONMENTS_ANNOTATION]: unique(placements.map(p => p.environment)),
  };
  const requested =
    summary.requests.length > 0
      ? topicEntityFromRequests(summary.requests)
      : undefined;
  if (requested) {
    const drift = driftMarks(inventoryDrift(summary));
    return {
      ...requested,
      metadata: {
        ...requested.metadata,
        annotations: {
          ...requested.metadata.annotations,
          ...where,
          ...drift?.annotations,
        },
        labels: { ...requested.metadata.labels, ...drift?.labels },
      },
    };
  }

  const topicName = summary.name;
  const [domain] = topicName.split('.');
  const found = placements
    .map(p => `${p.cluster} (${p.environment})`)
    .join(', ');
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: topicEntityName(topicName),
      namespace: 'default',
      title: topicName,
      description: `Found on ${
        found || 'a cluster'
      } by Kafka TaaS; nobody owns it yet. Declare it in a catalog-info.yaml (kind Resource, spec.type kafka-topic) to give it an owner.`,
      annotations: {
        [TOPIC_NAME_ANNOTATION]: topicName,
        ...where,
        [UNOWNED_ANNOTATION]: 'true',
      },
      labels: {
        ...(topicName.includes('.') &&
          isValidEntityName(domain) && { [DOMAIN_LABEL]: domain }),
      },
      tags: ['kafka'],
    },
    spec: {
      type: KAFKA_TOPIC_ENTITY_TYPE,
      owner: options.unownedOwner,
    },
  };
}
