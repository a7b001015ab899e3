/**
 * The HTTP API of the kafka-taas backend, as OpenAPI 3.1. Requests are validated against it
 * (`createValidatedOpenApiRouter`), and the backend serves it at
 * `/api/kafka-taas/openapi.json`.
 */
import {
  LAG_STATUSES,
  TOPIC_CHANGE_KINDS,
  TOPIC_REQUEST_KINDS,
  TOPIC_REQUEST_STATUSES,
} from '@kafka-taas/plugin-kafka-taas-common';

const entityRef = { type: 'string', minLength: 1, maxLength: 255 } as const;
const shortText = { type: 'string', maxLength: 255 } as const;
/** A schema as a request or a change gives it: its type, the value schema, an optional key schema. */
const schemaInput = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { type: 'string', maxLength: 16 },
    value: { type: 'string', maxLength: 200000 },
    key: { type: 'string', maxLength: 200000 },
  },
} as const;
/** Query strings are not coerced: flags are the strings `true` and `false`. */
const flag = { type: 'string', enum: ['true', 'false'] } as const;
const requestId = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Topic request id.',
  schema: { type: 'string', format: 'uuid' },
} as const;
/** A 64-bit offset or lag as a decimal string (exact; never a JSON number). */
const offset = { type: 'string', pattern: '^-?[0-9]+$' } as const;
const nullableOffset = {
  type: ['string', 'null'],
  pattern: '^-?[0-9]+$',
} as const;
/** What a group on a topic has in common in both lag answers. */
const groupTopicLagProperties = {
  totalLag: offset,
  timeLagMs: { type: ['integer', 'null'], minimum: 0 },
  status: { type: 'string', enum: [...LAG_STATUSES] },
  statusReason: { type: 'string' },
  partitions: {
    type: 'array',
    items: { $ref: '#/components/schemas/PartitionLag' },
  },
} as const;
const jsonBody = (ref: string, required = true) =>
  ({
    required,
    content: { 'application/json': { schema: { $ref: ref } } },
  } as const);
/** The `{topic}` path parameter of the `/topics/{topic}...` routes. */
const topicPath = {
  name: 'topic',
  in: 'path',
  required: true,
  description: 'The Kafka topic name.',
  schema: { type: 'string', pattern: '^[a-zA-Z0-9._-]{1,249}$' },
} as const;
/** An optional `cluster` query parameter: a name from kafkaTaas.clusters. */
const clusterQuery = (description: string) =>
  ({
    name: 'cluster',
    in: 'query',
    required: false,
    description,
    schema: { type: 'string', minLength: 1, maxLength: 63 },
  } as const);
const ok = (description: string, ref: string) =>
  ({
    description,
    content: { 'application/json': { schema: { $ref: ref } } },
  } as const);
const error = (description: string) =>
  ({
    description,
    content: {
      'application/json': { schema: { $ref: '#/components/schemas/Error' } },
    },
  } as const);

export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'kafka-taas',
    version: '1',
    description:
      'Kafka Topic-as-a-Service: policy, topic requests and changes, approvals and provisioning. Every route needs a Backstage user token; the GET /topic-requests routes also accept service tokens.',
    license: {
      name: 'Apache-2.0',
      url: 'http://www.apache.org/licenses/LICENSE-2.0.html',
    },
  },
  servers: [{ url: '/' }],
  components: {
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              message: { type: 'string' },
            },
            required: ['name', 'message'],
          },
          violations: {
            type: 'array',
            items: { $ref: '#/components/schemas/PolicyViolation' },
          },
        },
        required: ['error'],
      },
      PolicyViolation: {
        type: 'object',
        properties: {
          field: { type: 'string' },
          rule: { type: 'string' },
          allowed: { type: 'string' },
          message: { type: 'string' },
        },
        required: ['field', 'rule', 'message'],
      },
      TopicRequestInput: {
        type: 'object',
        description:
          'What a team asks for. Unset fields take the policy defaults (GET /policy). Unknown fields, here and nested, are refused by the policy engine as `unknownField` violations that name them.',
        required: ['domain', 'name', 'environment', 'owner', 'description'],
        properties: {
          domain: { type: 'string', maxLength: 64 },
          subdomain: { type: 'string', maxLength: 64 },
          name: { type: 'string', maxLength: 128 },
          version: { type: 'integer', minimum: 1, maximum: 1000 },
          environment: { type: 'string', maxLength: 64 },
          owner: entityRef,
          system: entityRef,
          description: { type: 'string', maxLength: 2000 },
          partitions: { type: 'integer' },
          replicationFactor: { type: 'integer' },
          retentionPreset: { type: 'string', maxLength: 64 },
          retentionMs: { type: 'integer' },
          cleanupPolicy: { type: 'string', maxLength: 32 },
          classification: { type: 'string', maxLength: 32 },
          criticality: { type: 'string', maxLength: 32 },
          quotaTier: { type: 'string', maxLength: 64 },
          schema: schemaInput,
          consumers: {
            type: 'array',
            maxItems: 50,
            items: {
              type: 'object',
              required: ['group', 'consumerGroup'],
              properties: {
                group: entityRef,
                consumerGroup: { type: 'string', maxLength: 249 },
                component: entityRef,
              },
            },
          },
        },
      },
      TopicChangeInput: {
        type: 'object',
        description:
          'A change to a topic provisioned through a ready request: `access` (a group asks READ; the owning team approves), `delete` (refused while consumer groups are active unless a platform admin forces it) or `schema` (a new version, checked for compatibility first). The policy engine checks every field and names unknown ones.',
        required: ['kind', 'topic', 'environment'],
        properties: {
          kind: { type: 'string', enum: TOPIC_CHANGE_KINDS },
          topic: { type: 'string', minLength: 1, maxLength: 249 },
          environment: { type: 'string', maxLength: 64 },
          group: entityRef,
          consumerGroup: { type: 'string', maxLength: 249 },
          component: entityRef,
          reason: { type: 'string', maxLength: 2000 },
          force: { type: 'boolean' },
          schema: schemaInput,
        },
      },
      Decision: {
        type: 'object',
        additionalProperties: false,
        properties: {
          role: {
            ...shortText,
            description:
              'The approver role this approval is for; default: the first pending role the caller holds.',
          },
          comment: { type: 'string', maxLength: 2000 },
        },
      },
      Rejection: {
        type: 'object',
        additionalProperties: false,
        required: ['reason'],
        properties: {
          reason: { type: 'string', minLength: 1, maxLength: 2000 },
        },
      },
      TopicRequest: {
        type: 'object',
        description: 'A topic request (see TopicRequest in kafka-taas-common).',
      },
      TopicRequestWithEvents: {
        type: 'object',
        properties: {
          request: { $ref: '#/components/schemas/TopicRequest' },
          events: { type: 'array', items: { type: 'object' } },
        },
        required: ['request', 'events'],
      },
      TopicRequestList: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: { $ref: '#/components/schemas/TopicRequest' },
          },
          totalCount: { type: 'integer' },
        },
        required: ['items', 'totalCount'],
      },
      SubmitResult: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          status: { type: 'string' },
          topicName: { type: 'string' },
          approvalRequired: { type: 'boolean' },
        },
        required: ['id', 'status', 'topicName', 'approvalRequired'],
      },
      Plan: {
        type: 'object',
        description: 'Violations, approval and the exact provisioning steps.',
      },
      Policy: {
        type: 'object',
        description:
          'The effective policy (KafkaTaasPolicy in kafka-taas-common).',
      },
      ClusterList: {
        type: 'object',
        properties: { items: { type: 'array', items: { type: 'object' } } },
      },
      UnreachableCluster: {
        type: 'object',
        properties: {
          cluster: { type: 'string' },
          environment: { type: 'string' },
          error: { type: 'string' },
        },
        required: ['cluster', 'environment', 'error'],
      },
      PartitionLag: {
        type: 'object',
        description:
          'One partition as one consumer group sees it (KafkaPartitionLag).',
        properties: {
          partition: { type: 'integer', minimum: 0 },
          committedOffset: nullableOffset,
          logStartOffset: offset,
          logEndOffset: offset,
          lag: nullableOffset,
          belowLogStart: { type: 'boolean' },
          timeLagMs: { type: ['integer', 'null'], minimum: 0 },
          timeLagSource: { type: 'string', enum: ['record', 'interpolated'] },
        },
        required: [
          'partition',
          'committedOffset',
          'logStartOffset',
          'logEndOffset',
          'lag',
          'belowLogStart',
          'timeLagMs',
        ],
      },
      GroupTopicLag: {
        type: 'object',
        description:
          'A consumer group on one topic of one cluster (KafkaGroupTopicLag).',
        properties: {
          group: { type: 'string' },
          state: { type: 'string' },
          members: { type: 'integer', minimum: 0 },
          ...groupTopicLagProperties,
        },
        required: [
          'group',
          'state',
          'members',
          'totalLag',
          'timeLagMs',
          'status',
          'statusReason',
          'partitions',
        ],
      },
      TopicLag: {
        type: 'object',
        description:
          "A topic's consumer groups on each cluster it is on (KafkaTopicLag in kafka-taas-common). Offsets and lags are decimal strings.",
        properties: {
          topic: { type: 'string' },
          sampledAt: { type: 'string', format: 'date-time' },
          clusters: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                cluster: { type: 'string' },
                environment: { type: 'string' },
                groups: {
                  type: 'array',
                  items: { $ref: '#/components/schemas/GroupTopicLag' },
                },
                totalLag: offset,
              },
              required: ['cluster', 'environment', 'groups', 'totalLag'],
            },
          },
          totalLag: offset,
          unreachableClusters: {
            type: 'array',
            items: { $ref: '#/components/schemas/UnreachableCluster' },
          },
        },
        required: [
          'topic',
          'sampledAt',
          'clusters',
          'totalLag',
          'unreachableClusters',
        ],
      },
      TopicLagHistory: {
        type: 'object',
        description:
          "The lag sampler's history of a topic, per cluster and group (KafkaTopicLagHistory in kafka-taas-common).",
        properties: {
          topic: { type: 'string' },
          series: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                cluster: { type: 'string' },
                group: { type: 'string' },
                samples: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      at: { type: 'string', format: 'date-time' },
                      totalLag: offset,
                      timeLagMs: { type: ['integer', 'null'], minimum: 0 },
                      status: { type: 'string', enum: [...LAG_STATUSES] },
                    },
                    required: ['at', 'totalLag', 'timeLagMs', 'status'],
                  },
                },
              },
              required: ['cluster', 'group', 'samples'],
            },
          },
        },
        required: ['topic', 'series'],
      },
      ConsumerGroupLag: {
        type: 'object',
        description:
          'A consumer group on every topic it has committed offsets on, on one cluster (KafkaConsumerGroupLag in kafka-taas-common).',
        properties: {
          cluster: { type: 'string' },
          environment: { type: 'string' },
          group: { type: 'string' },
          state: { type: 'string' },
          members: { type: 'integer', minimum: 0 },
          sampledAt: { type: 'string', format: 'date-time' },
          totalLag: offset,
          topics: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                topic: { type: 'string' },
                ...groupTopicLagProperties,
              },
              required: [
                'topic',
                'totalLag',
                'timeLagMs',
                'status',
                'statusReason',
                'partitions',
              ],
            },
          },
        },
        required: [
          'cluster',
          'environment',
          'group',
          'state',
          'members',
          'sampledAt',
          'totalLag',
          'topics',
        ],
      },
      TopicInventory: {
        type: 'object',
        description:
          'Every topic of every configured cluster, internal and excluded ones left out (KafkaTopicInventory in kafka-taas-common).',
        properties: {
          items: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                name: { type: 'string' },
                clusters: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      cluster: { type: 'string' },
                      environment: { type: 'string' },
                      partitions: { type: 'integer' },
                      replicationFactor: { type: 'integer' },
                      consumerGroups: {
                        type: 'array',
                        items: { type: 'string' },
                      },
                      configs: {
                        type: 'object',
                        additionalProperties: {
                          type: 'string',
                          nullable: true,
                        },
                      },
                    },
                  },
                },
                requests: {
                  type: 'array',
                  items: { $ref: '#/components/schemas/TopicRequest' },
                },
                schemas: { type: 'array', items: { type: 'object' } },
              },
              required: ['name', 'clusters', 'requests'],
            },
          },
          unreachableClusters: {
            type: 'array',
            items: { $ref: '#/components/schemas/UnreachableCluster' },
          },
          warnings: {
            type: 'array',
            description:
              'Consumer groups, schemas or configs that could not be read on a reachable cluster.',
            items: { type: 'object' },
          },
        },
        required: ['items', 'unreachableClusters', 'warnings'],
      },
      TopicSchemaVersion: {
        type: 'object',
        description:
          "One version of one of a topic's subjects in the registry of one cluster (KafkaTopicSchemaVersion in kafka-taas-common).",
        properties: {
          cluster: { type: 'string' },
          subject: { type: 'string' },
          version: { type: 'integer', minimum: 1 },
          id: { type: 'integer' },
          schemaType: { type: 'string' },
          schema: { type: 'string' },
          references: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                name: { type: 'string' },
                subject: { type: 'string' },
                version: { type: 'integer' },
              },
              required: ['name', 'subject', 'version'],
            },
          },
        },
        required: [
          'cluster',
          'subject',
          'version',
          'id',
          'schemaType',
          'schema',
        ],
      },
      TopicDetails: {
        type: 'object',
        description:
          'One topic on each cluster it lives on: layout, configs, subjects, ACLs, quotas of the owner, and drift (KafkaTopicDetails in kafka-taas-common).',
        properties: {
          name: { type: 'string' },
          owner: { type: 'string' },
          ownerSource: { type: 'string', enum: ['request', 'declared'] },
          unowned: { type: 'boolean' },
          declaredBy: { type: 'string' },
          clusters: { type: 'array', items: { type: 'object' } },
          drift: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                cluster: { type: 'string' },
                environment: { type: 'string' },
                field: { type: 'string' },
                expected: { type: 'string' },
                live: { type: ['string', 'null'] },
                source: { type: 'string', enum: ['approved', 'declared'] },
              },
            },
          },
          requests: {
            type: 'array',
            items: { $ref: '#/components/schemas/TopicRequest' },
          },
          unreachableClusters: {
            type: 'array',
            items: { $ref: '#/components/schemas/UnreachableCluster' },
          },
          errors: { type: 'array', items: { type: 'object' } },
        },
        required: [
          'name',
          'unowned',
          'clusters',
          'drift',
          'requests',
          'unreachableClusters',
          'errors',
        ],
      },
    },
  },
  paths: {
    '/clusters': {
      get: {
        operationId: 'ListClusters',
        description:
          'Each configured cluster with its environment and what it answered just now.',
        responses: {
          '200': ok('Clusters', '#/components/schemas/ClusterList'),
        },
      },
    },
    '/policy': {
      get: {
        operationId: 'GetPolicy',
        description: 'The effective policy, for forms.',
        responses: { '200': ok('The policy', '#/components/schemas/Policy') },
      },
    },
    '/topics': {
      get: {
        operationId: 'ListTopics',
        description:
          'Every topic of every configured cluster, read live, with its ready requests; a cluster that cannot be read is listed in unreachableClusters, never a 500. Accepts user and service tokens.',
        parameters: [
          {
            name: 'include',
            in: 'query',
            required: false,
            description:
              'Comma-separated. `schemas`: also the latest `<topic>-value` schema of each topic per cluster; `configs`: also, on each cluster, the live value of each config drift compares (those the ready requests approved, `retention.ms`, `cleanup.policy`).',
            style: 'form',
            explode: false,
            schema: {
              type: 'array',
              items: { type: 'string', enum: ['schemas', 'configs'] },
            },
          },
        ],
        responses: {
          '200': ok('The topics', '#/components/schemas/TopicInventory'),
        },
      },
    },
    '/topics/{topic}': {
      get: {
        operationId: 'GetTopic',
        description:
          'One topic on every cluster it lives on, its owner and its drift from what was approved or declared. Sections that cannot be read are reported in the answer, never a 500. Accepts user and service tokens.',
        parameters: [topicPath],
        responses: {
          '200': ok('The topic', '#/components/schemas/TopicDetails'),
          '404': error(
            'The topic is on no cluster, no request names it and no catalog entity declares it',
          ),
        },
      },
    },
    '/topics/{topic}/schemas/{subject}/versions/{version}': {
      get: {
        operationId: 'GetTopicSchemaVersion',
        description:
          "One version of one of the topic's own subjects (`<topic>-value`, `<topic>-key`) with its schema text, from the schema registry of a cluster: `cluster`, else the only cluster with a registry the topic is on. Same authorization as GET /topics/{topic}.",
        parameters: [
          topicPath,
          {
            name: 'subject',
            in: 'path',
            required: true,
            description: '`<topic>-value` or `<topic>-key`.',
            schema: { type: 'string', minLength: 1, maxLength: 255 },
          },
          {
            name: 'version',
            in: 'path',
            required: true,
            description: 'The version number, from 1.',
            schema: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' },
          },
          clusterQuery(
            'The cluster whose registry to read (a name from kafkaTaas.clusters); required when the topic is on several.',
          ),
        ],
        responses: {
          '200': ok(
            'The schema version',
            '#/components/schemas/TopicSchemaVersion',
          ),
          '400': error(
            "The subject is not one of the topic's, `cluster` is not a configured cluster, or no `cluster` while the topic is on several",
          ),
          '404': error(
            'The topic is on no cluster with a registry, the cluster has no registry, or the subject has no such version (the message lists those it has)',
          ),
          '503': error('The schema registry could not be read'),
        },
      },
    },
    '/topics/{topic}/lag': {
      get: {
        operationId: 'GetTopicLag',
        description:
          'Every consumer group with committed offsets on the topic, per cluster: per partition the committed offset, log start and end and the lag (exact, as decimal strings), the time lag, and a status judged over recent samples. Read live, cached for kafkaTaas.lag.cacheTtl. Same authorization as GET /topics/{topic}.',
        parameters: [
          topicPath,
          clusterQuery('Only this cluster (a name from kafkaTaas.clusters).'),
        ],
        responses: {
          '200': ok('The lag', '#/components/schemas/TopicLag'),
          '400': error('`cluster` is not a configured cluster'),
          '404': error('The topic is on none of the reachable clusters'),
        },
      },
    },
    '/topics/{topic}/lag/history': {
      get: {
        operationId: 'GetTopicLagHistory',
        description:
          "The lag sampler's stored history of the topic (kafkaTaas.lag.sampleInterval, kept for kafkaTaas.lag.historyRetention): per cluster and consumer group, the samples oldest first, at most 200 per series (the newest, and the highest-lag sample of each equal time bucket before it). Same authorization as GET /topics/{topic}/lag.",
        parameters: [
          topicPath,
          clusterQuery('Only this cluster (a name from kafkaTaas.clusters).'),
          {
            name: 'group',
            in: 'query',
            required: false,
            description: 'Only this consumer group.',
            schema: { type: 'string', minLength: 1, maxLength: 255 },
          },
          {
            name: 'since',
            in: 'query',
            required: false,
            description:
              'From this ISO 8601 timestamp (2026-11-23T10:00:00Z), or this long ago (PT6H, P1D, 15m, 6h, 2d). Default: the whole retention.',
            schema: { type: 'string', minLength: 1, maxLength: 64 },
          },
        ],
        responses: {
          '200': ok('The history', '#/components/schemas/TopicLagHistory'),
          '400': error(
            '`cluster` is not a configured cluster, or `since` is neither a timestamp nor a duration',
          ),
        },
      },
    },
    '/consumer-groups/{cluster}/{group}/lag': {
      get: {
        operationId: 'GetConsumerGroupLag',
        description:
          'A consumer group on every topic it has committed offsets on (topics deleted since are left out), with its state and members. Same authorization as GET /topics/{topic}.',
        parameters: [
          {
            name: 'cluster',
            in: 'path',
            required: true,
            description: 'A cluster name from kafkaTaas.clusters.',
            schema: { type: 'string', minLength: 1, maxLength: 63 },
          },
          {
            name: 'group',
            in: 'path',
            required: true,
            description: 'The consumer group id.',
            schema: { type: 'string', minLength: 1, maxLength: 255 },
          },
        ],
        responses: {
          '200': ok('The lag', '#/components/schemas/ConsumerGroupLag'),
          '400': error('`cluster` is not a configured cluster'),
          '404': error('The cluster does not know the group'),
          '503': error('The cluster could not be read'),
        },
      },
    },
    '/topic-requests/plan': {
      post: {
        operationId: 'PlanTopicRequest',
        description:
          'Every violation, the approval needed and the exact provisioning steps. No side effects.',
        requestBody: jsonBody('#/components/schemas/TopicRequestInput'),
        responses: {
          '200': ok('The plan', '#/components/schemas/Plan'),
          '400': error('The body does not match the schema'),
        },
      },
    },
    '/topic-changes/plan': {
      post: {
        operationId: 'PlanTopicChange',
        description:
          'Every violation (live checks included: schema compatibility, active consumer groups), the approval needed and the exact steps of a change. No side effects.',
        requestBody: jsonBody('#/components/schemas/TopicChangeInput'),
        responses: {
          '200': ok('The plan', '#/components/schemas/Plan'),
          '400': error('The body does not match the schema'),
        },
      },
    },
    '/topic-changes': {
      post: {
        operationId: 'CreateTopicChange',
        description:
          'Submits a change as a topic request of its kind: listed, approved, provisioned and audited like a new topic.',
        requestBody: jsonBody('#/components/schemas/TopicChangeInput'),
        responses: {
          '202': ok(
            'Accepted: provisioning started, or waiting for approval',
            '#/components/schemas/SubmitResult',
          ),
          '400': error('Policy violations, all of them'),
          '403': error(
            'The caller is not a member of the group the change needs (the reading group for access, the owner otherwise)',
          ),
          '409': error('An open request of the same kind exists for the topic'),
        },
      },
    },
    '/topic-requests': {
      post: {
        operationId: 'CreateTopicRequest',
        requestBody: jsonBody('#/components/schemas/TopicRequestInput'),
        responses: {
          '202': ok(
            'Accepted: provisioning started, or waiting for approval',
            '#/components/schemas/SubmitResult',
          ),
          '400': error('Policy violations, all of them'),
          '403': error('The caller is not a member of the owner group'),
          '409': error(
            "The topic exists on the environment's cluster, or an open request has the same name and environment",
          ),
        },
      },
      get: {
        operationId: 'ListTopicRequests',
        parameters: [
          {
            name: 'status',
            in: 'query',
            description: 'Statuses, comma-separated: `status=ready,failed`.',
            style: 'form',
            explode: false,
            schema: {
              type: 'array',
              items: { type: 'string', enum: TOPIC_REQUEST_STATUSES },
            },
          },
          {
            name: 'kind',
            in: 'query',
            description: 'Kinds, comma-separated: `kind=create,access`.',
            style: 'form',
            explode: false,
            schema: {
              type: 'array',
              items: { type: 'string', enum: TOPIC_REQUEST_KINDS },
            },
          },
          {
            name: 'topic',
            in: 'query',
            description: 'Full topic name.',
            schema: { type: 'string', maxLength: 249 },
          },
          {
            name: 'owner',
            in: 'query',
            description: 'Owner group ref.',
            schema: entityRef,
          },
          { name: 'environment', in: 'query', schema: shortText },
          {
            name: 'mine',
            in: 'query',
            description: 'Only requests the caller made.',
            schema: flag,
          },
          {
            name: 'awaitingMyApproval',
            in: 'query',
            description:
              'Only pending requests that need a role the caller holds and has not approved.',
            schema: flag,
          },
          {
            name: 'limit',
            in: 'query',
            description: '1-500, default 100.',
            schema: { type: 'string', pattern: '^[0-9]{1,3}$' },
          },
          {
            name: 'offset',
            in: 'query',
            schema: { type: 'string', pattern: '^[0-9]{1,9}$' },
          },
        ],
        responses: {
          '200': ok(
            'Requests, newest first',
            '#/components/schemas/TopicRequestList',
          ),
        },
      },
    },
    '/topic-requests/{id}': {
      get: {
        operationId: 'GetTopicRequest',
        parameters: [requestId],
        responses: {
          '200': ok(
            'The request and its audit trail',
            '#/components/schemas/TopicRequestWithEvents',
          ),
          '404': error('No such request'),
        },
      },
    },
    '/topic-requests/{id}/approve': {
      post: {
        operationId: 'ApproveTopicRequest',
        parameters: [requestId],
        requestBody: jsonBody('#/components/schemas/Decision', false),
        responses: {
          '200': ok(
            'The request after the approval',
            '#/components/schemas/TopicRequest',
          ),
          '403': error('The caller holds no pending role, or is the requester'),
          '404': error('No such request'),
          '409': error(
            'The request is not pending approval, or the role is already approved',
          ),
        },
      },
    },
    '/topic-requests/{id}/reject': {
      post: {
        operationId: 'RejectTopicRequest',
        parameters: [requestId],
        requestBody: jsonBody('#/components/schemas/Rejection'),
        responses: {
          '200': ok(
            'The rejected request',
            '#/components/schemas/TopicRequest',
          ),
          '400': error('No reason given'),
          '403': error('The caller holds no pending role'),
          '404': error('No such request'),
          '409': error('The request is not pending approval'),
        },
      },
    },
    '/topic-requests/{id}/retry': {
      post: {
        operationId: 'RetryTopicRequest',
        parameters: [requestId],
        responses: {
          '202': ok(
            'Provisioning resumes from the failed step',
            '#/components/schemas/TopicRequest',
          ),
          '403': error(
            'Only the requester, the owner group or a platform admin may retry',
          ),
          '404': error('No such request'),
          '409': error('The request has not failed'),
        },
      },
    },
  },
} as const;
