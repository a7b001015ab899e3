import type { KafkaTopicSchemaVersion } from './api/types';
import {
  CLUSTERS_ANNOTATION,
  ENVIRONMENTS_ANNOTATION,
  TOPIC_NAME_ANNOTATION,
  isValidEntityName,
  topicEntityName,
} from './catalog';
import {
  ENVIRONMENT_TIERS,
  EnvironmentTier,
  KafkaTaasPolicy,
} from './policy/types';

/**
 * A topic's AsyncAPI description as a catalog `API` entity: the topic is the channel, its value
 * schema the message payload, so Backstage's api-docs plugin renders it. Backstage lets an API
 * entity carry only `type`, `lifecycle`, `owner`, `definition` and `system`; the links to the
 * topic and to the components that produce and consume it are relations, which
 * {@link topicApiRelations} returns for a catalog processor to emit.
 */

/** `spec.type` of a topic's API entity. @public */
export const ASYNCAPI_API_TYPE = 'asyncapi';
/** The AsyncAPI version of the definitions built here. @public */
export const ASYNCAPI_VERSION = '3.0.0';

/** The registry subject of the schema the API entity describes. @public */
export const SCHEMA_SUBJECT_ANNOTATION = 'kafka-taas/schema-subject';
/** The version of that schema under its subject. @public */
export const SCHEMA_VERSION_ANNOTATION = 'kafka-taas/schema-version';
/** The registry's global id of that schema. @public */
export const SCHEMA_ID_ANNOTATION = 'kafka-taas/schema-id';
/** The cluster whose registry holds that schema. @public */
export const SCHEMA_CLUSTER_ANNOTATION = 'kafka-taas/schema-cluster';

/** `schemaFormat` of each registry schema type in the AsyncAPI message payload. @public */
export const ASYNCAPI_SCHEMA_FORMATS = {
  AVRO: 'application/vnd.apache.avro;version=1.9.0',
  JSON: 'application/schema+json;version=draft-07',
  PROTOBUF: 'application/vnd.google.protobuf;version=3',
} as const;

/** A registry schema type this module describes: AVRO, JSON or PROTOBUF. @public */
export type AsyncApiSchemaType = keyof typeof ASYNCAPI_SCHEMA_FORMATS;

/**
 * What this module reads of a catalog entity: structurally catalog-model's `Entity`, so a topic
 * Resource built by `topicEntityFromRequests`, one declared in a catalog-info.yaml and one read
 * back from the catalog are all accepted.
 * @public
 */
export type CatalogEntityLike = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    title?: string;
    description?: string;
    annotations?: Record<string, string>;
  };
  spec?: { [key: string]: unknown };
};

/** A topic's API entity, structurally a catalog-model `ApiEntityV1alpha1`. @public */
export type KafkaTopicApiEntity = {
  apiVersion: 'backstage.io/v1alpha1';
  kind: 'API';
  metadata: {
    name: string;
    namespace: string;
    title: string;
    description: string;
    annotations: Record<string, string>;
    tags: string[];
  };
  spec: {
    type: typeof ASYNCAPI_API_TYPE;
    /** `production` when the topic lives in a prod-tier environment, else `experimental`. */
    lifecycle: 'production' | 'experimental';
    owner: string;
    system?: string;
    /** The AsyncAPI 3.0 document, as JSON text. */
    definition: string;
  };
};

/** Options of {@link topicApiEntity}. @public */
export type TopicApiEntityOptions = {
  /**
   * The policy's environments (`KafkaTaasPolicy['environments']`): the tier of each of the
   * topic's environments, and the cluster that serves it. Without them an environment is of the
   * tier it is named after (`dev`, `staging`, `prod`) and of no tier otherwise.
   */
  environments?: Partial<KafkaTaasPolicy['environments']>;
};

const tierRank = (tier: EnvironmentTier | undefined) =>
  tier === undefined ? -1 : ENVIRONMENT_TIERS.indexOf(tier);

function isAsyncApiSchemaType(type: string): type is AsyncApiSchemaType {
  return Object.prototype.hasOwnProperty.call(ASYNCAPI_SCHEMA_FORMATS, type);
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(part => part.trim())
    .filter(Boolean);
}

/**
 * The catalog `API` entity (`spec.type: asyncapi`) of a topic with a value schema; undefined when
 * `schemas` holds none. `topic` is the topic's `kind: Resource`, `spec.type: kafka-topic`
 * entity; `schemas` its latest value schema per cluster (`KafkaTopicSummary.schemas`).
 *
 * - `metadata.name` and `namespace` are the topic entity's (kind `API` does not clash with kind
 *   `Resource`), so `api:<ns>/<name>` sits beside `resource:<ns>/<name>`.
 * - Owner and system are the topic's; `lifecycle` is `production` when one of the topic's
 *   environments (its `kafka-taas/environments` annotation) is of tier prod.
 * - When clusters hold different schemas, the one of the cluster serving the highest-tier
 *   environment is described (the first in `schemas` when tiers tie or are unknown).
 * - `spec.definition` is an AsyncAPI 3.0 document as JSON: one channel whose address is the
 *   topic name (with its Kafka binding), a `send` and a `receive` operation, and one message
 *   whose payload is the schema (Avro and Protobuf with their `schemaFormat`, JSON Schema as
 *   draft-07). It has no `servers`: broker addresses and their security are not known here,
 *   and api-docs would show a server without security as PLAINTEXT; the clusters are named in
 *   `info.description` and the `kafka-taas/clusters` annotation instead.
 *
 * Throws, naming the field, when the topic has no owner or a schema is of an unknown type or is
 * not the JSON its type requires.
 * @public
 */
export function topicApiEntity(
  topic: CatalogEntityLike,
  schemas: readonly KafkaTopicSchemaVersion[],
  options: TopicApiEntityOptions = {},
): KafkaTopicApiEntity | undefined {
  const annotations = topic.metadata.annotations ?? {};
  // The real topic name; a declared entity without the annotation is named after its topic.
  const topicName = annotations[TOPIC_NAME_ANNOTATION] ?? topic.metadata.name;
  const owner = topic.spec?.owner;
  if (typeof owner !== 'string' || owner === '') {
    throw new Error(
      `topic entity ${
        topic.metadata.name
      }: spec.owner is required for its API entity (an entity ref of a group or user); got ${JSON.stringify(
        owner,
      )}`,
    );
  }
  const system =
    typeof topic.spec?.system === 'string' && topic.spec.system !== ''
      ? topic.spec.system
      : undefined;

  const environmentTier = (environment: string): EnvironmentTier | undefined =>
    options.environments?.[environment]?.tier ??
    ENVIRONMENT_TIERS.find(tier => tier === environment);
  const environments = splitList(annotations[ENVIRONMENTS_ANNOTATION]);
  const lifecycle = environments.some(env => environmentTier(env) === 'prod')
    ? 'production'
    : 'experimental';

  const clusterRank = (cluster: string) =>
    Math.max(
      -1,
      ...environments
        .filter(env => options.environments?.[env]?.cluster === cluster)
        .map(env => tierRank(environmentTier(env))),
    );
  const [schema] = schemas
    .map((candidate, index) => ({ candidate, index }))
    .sort(
      (a, b) =>
        clusterRank(b.candidate.cluster) - clusterRank(a.candidate.cluster) ||
        a.index - b.index,
    )
    .map(({ candidate }) => candidate);
  if (!schema) return undefined;

  const schemaType = schema.schemaType.toUpperCase();
  if (!isAsyncApiSchemaType(schemaType)) {
    throw new Error(
      `schema ${schema.subject} version ${schema.version} on cluster ${
        schema.cluster
      }: schemaType ${JSON.stringify(
        schema.schemaType,
      )} is not supported; allowed: ${Object.keys(ASYNCAPI_SCHEMA_FORMATS).join(
        ', ',
      )}`,
    );
  }

  const description =
    topic.metadata.description || `Messages of the Kafka topic ${topicName}.`;
  const clusters = [
    ...new Set([
      ...splitList(annotations[CLUSTERS_ANNOTATION]),
      ...schemas.map(s => s.cluster),
    ]),
  ];
  const definition = asyncApiDocument({
    topicName,
    description,
    schema,
    schemaType,
    clusters,
  });

  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: {
      name: isValidEntityName(topic.metadata.name)
        ? topic.metadata.name
        : topicEntityName(topicName),
      namespace: topic.metadata.namespace ?? 'default',
      title: `${topicName} (AsyncAPI)`,
      description,
      annotations: {
        [TOPIC_NAME_ANNOTATION]: topicName,
        ...(clusters.length > 0 && {
          [CLUSTERS_ANNOTATION]: clusters.join(','),
        }),
        [SCHEMA_SUBJECT_ANNOTATION]: schema.subject,
        [SCHEMA_VERSION_ANNOTATION]: String(schema.version),
        [SCHEMA_ID_ANNOTATION]: String(schema.id),
        [SCHEMA_CLUSTER_ANNOTATION]: schema.cluster,
      },
      tags: ['kafka', schemaType.toLowerCase()],
    },
    spec: {
      type: ASYNCAPI_API_TYPE,
      lifecycle,
      owner,
      ...(system && { system }),
      definition,
    },
  };
}

/** Characters AsyncAPI allows in a component or operation id. */
const toId = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_');

function parseSchemaJson(
  schema: KafkaTopicSchemaVersion,
  schemaType: AsyncApiSchemaType,
): unknown {
  try {
    return JSON.parse(schema.schema);
  } catch (error) {
    throw new Error(
      `schema ${schema.subject} version ${schema.version} on cluster ${
        schema.cluster
      }: schema must be valid JSON for type ${schemaType}: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
}

function messagePayload(
  schema: KafkaTopicSchemaVersion,
  schemaType: AsyncApiSchemaType,
): { schemaFormat: string; schema: unknown } {
  return {
    schemaFormat: ASYNCAPI_SCHEMA_FORMATS[schemaType],
    schema:
      schemaType === 'PROTOBUF'
        ? schema.schema
        : parseSchemaJson(schema, schemaType),
  };
}

/** A human title for the message: the Avro record's name, the JSON Schema's title. */
function messageTitle(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { name, title } = payload as { name?: unknown; title?: unknown };
  if (typeof title === 'string') return title;
  return typeof name === 'string' ? name : undefined;
}

function asyncApiDocument(options: {
  topicName: string;
  description: string;
  schema: KafkaTopicSchemaVersion;
  schemaType: AsyncApiSchemaType;
  clusters: string[];
}): string {
  const { topicName, description, schema, schemaType, clusters } = options;
  const channelId = toId(topicName);
  const messageId = toId(schema.subject);
  const payload = messagePayload(schema, schemaType);
  const title = messageTitle(payload.schema);
  const messageRef = {
    $ref: `#/channels/${channelId}/messages/${messageId}`,
  };
  const document = {
    asyncapi: ASYNCAPI_VERSION,
    info: {
      title: topicName,
      version: String(schema.version),
      description:
        clusters.length > 0
          ? `${description}\n\nKafka clusters: ${clusters.join(', ')}.`
          : description,
    },
    channels: {
      [channelId]: {
        address: topicName,
        title: topicName,
        description,
        bindings: { kafka: { topic: topicName, bindingVersion: '0.5.0' } },
        messages: {
          [messageId]: {
            name: messageId,
            ...(title && { title }),
            summary: `The value of a record on ${topicName}: schema ${schema.subject} version ${schema.version} (id ${schema.id}).`,
            payload,
          },
        },
      },
    },
    operations: {
      [`produce_${channelId}`]: {
        action: 'send',
        title: `Produce to ${topicName}`,
        channel: { $ref: `#/channels/${channelId}` },
        messages: [messageRef],
      },
      [`consume_${channelId}`]: {
        action: 'receive',
        title: `Consume from ${topicName}`,
        channel: { $ref: `#/channels/${channelId}` },
        messages: [messageRef],
      },
    },
  };
  return JSON.stringify(document, null, 2);
}

/** A catalog entity ref split into its parts, as catalog-model's `CompoundEntityRef`. @public */
export type CompoundEntityRefLike = {
  kind: string;
  namespace: string;
  name: string;
};

/** One relation a catalog processor emits, as catalog-model's `EntityRelationSpec`. @public */
export type EntityRelationSpecLike = {
  source: CompoundEntityRefLike;
  type: string;
  target: CompoundEntityRefLike;
};

const ENTITY_REF = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/;

function parseRef(
  ref: string,
  field: string,
  defaultKind: string,
): CompoundEntityRefLike {
  const match = ENTITY_REF.exec(ref);
  if (!match) {
    throw new Error(
      `${field}: ${JSON.stringify(
        ref,
      )} is not an entity ref; allowed: [<kind>:][<namespace>/]<name>`,
    );
  }
  const [, kind = defaultKind, namespace = 'default', name] = match;
  return { kind, namespace, name };
}

const refOf = (entity: CatalogEntityLike): CompoundEntityRefLike => ({
  kind: entity.kind,
  namespace: entity.metadata.namespace ?? 'default',
  name: entity.metadata.name,
});

/**
 * The relations a catalog processor emits for a topic's API entity (both directions of each, as
 * Backstage's own processors do):
 * - API `dependsOn` the topic Resource (and the topic `dependencyOf` the API);
 * - each producer `providesApi` the API (the API `apiProvidedBy` it);
 * - each consumer `consumesApi` the API (the API `apiConsumedBy` it).
 *
 * Producers and consumers are entity refs; the kind defaults to `component` and the namespace to
 * `default`. The topic's consumers are its Resource's `spec.dependencyOf`. Throws, naming the
 * field, on a ref that does not parse.
 * @public
 */
export function topicApiRelations(options: {
  api: CatalogEntityLike;
  topic: CatalogEntityLike;
  producers?: readonly string[];
  consumers?: readonly string[];
}): EntityRelationSpecLike[] {
  const api = refOf(options.api);
  const topic = refOf(options.topic);
  const both = (
    source: CompoundEntityRefLike,
    type: string,
    target: CompoundEntityRefLike,
    reverse: string,
  ): EntityRelationSpecLike[] => [
    { source, type, target },
    { source: target, type: reverse, target: source },
  ];
  return [
    ...both(api, 'dependsOn', topic, 'dependencyOf'),
    ...(options.producers ?? []).flatMap((ref, i) =>
      both(
        parseRef(ref, `producers[${i}]`, 'component'),
        'providesApi',
        api,
        'apiProvidedBy',
      ),
    ),
    ...(options.consumers ?? []).flatMap((ref, i) =>
      both(
        parseRef(ref, `consumers[${i}]`, 'component'),
        'consumesApi',
        api,
        'apiConsumedBy',
      ),
    ),
  ];
}
