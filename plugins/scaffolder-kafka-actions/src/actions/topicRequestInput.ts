import { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';

/** The zod instance createTemplateAction hands to schema functions. */
type Zod = Parameters<
  NonNullable<NonNullable<TemplateActionOptions['schema']>['input']>[string]
>[0];

// zod is not a dependency of this package, so the exported schemas are typed through `Zod`
// (their inferred types could not be named in the declarations). Nested objects are typed as
// `unknown`: the actions only pass them on, and the backend validates them.
export type ZodString = ReturnType<Zod['string']>;
type ZodNumber = ReturnType<Zod['number']>;
export type ZodUnknownValue = ReturnType<Zod['custom']>;
export type Optional<T extends { optional(): unknown }> = ReturnType<
  T['optional']
>;
export type Field<T> = (z: Zod) => T;

/** The zod schemas of a topic request's fields, by name. */
export type TopicRequestInputSchema = {
  domain: Field<ZodString>;
  subdomain: Field<Optional<ZodString>>;
  name: Field<ZodString>;
  version: Field<Optional<ZodNumber>>;
  environment: Field<ZodString>;
  owner: Field<ZodString>;
  system: Field<Optional<ZodString>>;
  description: Field<ZodString>;
  partitions: Field<Optional<ZodNumber>>;
  replicationFactor: Field<Optional<ZodNumber>>;
  retentionPreset: Field<Optional<ZodString>>;
  retentionMs: Field<Optional<ZodNumber>>;
  cleanupPolicy: Field<Optional<ZodString>>;
  classification: Field<Optional<ZodString>>;
  criticality: Field<Optional<ZodString>>;
  quotaTier: Field<Optional<ZodString>>;
  schema: Field<Optional<ZodUnknownValue>>;
  consumers: Field<Optional<ZodUnknownValue>>;
};

/**
 * The inputs of a topic request (TopicRequestInput in kafka-taas-common), shared by
 * `kafka:topic:plan` and `kafka:topic:request`. Types are deliberately loose (plain strings and
 * numbers): the backend's policy engine is what refuses a request, with every violation named.
 */
export const topicRequestInputSchema: TopicRequestInputSchema = {
  domain: (z: Zod) =>
    z
      .string()
      .describe(
        'Business domain, the first part of the topic name (e.g. banking, marketing, analytics, operations)',
      ),
  subdomain: (z: Zod) =>
    z
      .string()
      .optional()
      .describe('Optional subdomain, the second part of the topic name'),
  name: (z: Zod) =>
    z
      .string()
      .describe(
        'The name part of the topic: lowercase letters, digits and dashes, 3-64 characters',
      ),
  version: (z: Zod) =>
    z
      .number()
      .optional()
      .describe(
        'Version suffix `.v<N>` of the topic name; required when the policy says so',
      ),
  environment: (z: Zod) =>
    z
      .string()
      .describe(
        'Environment to create the topic in (e.g. dev, staging, prod); it selects the cluster',
      ),
  owner: (z: Zod) =>
    z
      .string()
      .describe(
        'Catalog group that owns the topic, e.g. group:default/team-payments; the task initiator must be a member',
      ),
  system: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        'Catalog system the topic belongs to, e.g. system:default/payments',
      ),
  description: (z: Zod) =>
    z.string().describe('What the topic carries, at least 20 characters'),
  partitions: (z: Zod) =>
    z
      .number()
      .optional()
      .describe(
        'Number of partitions (policy default 6; critical topics need at least 6)',
      ),
  replicationFactor: (z: Zod) =>
    z
      .number()
      .optional()
      .describe('Replication factor (policy default 3; prod needs 3)'),
  retentionPreset: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        'Retention preset: operational-events, business-transactions, audit-logs or analytics; ignored when retentionMs is set',
      ),
  retentionMs: (z: Zod) =>
    z
      .number()
      .optional()
      .describe('Retention in milliseconds (policy default 7 days)'),
  cleanupPolicy: (z: Zod) =>
    z
      .string()
      .optional()
      .describe('cleanup.policy: delete, compact or compact,delete'),
  classification: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        'Data classification: public, internal, confidential or restricted (default internal)',
      ),
  criticality: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        'Criticality: low, medium, high or critical (default medium); with the environment it decides who must approve',
      ),
  quotaTier: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        "Quota tier of the owner's principal: bronze, silver, gold or platinum",
      ),
  schema: (z: Zod) =>
    z
      .object({
        type: z
          .string()
          .describe(
            'Schema type: avro, json, protobuf or none (none only in dev)',
          ),
        value: z
          .string()
          .optional()
          .describe(
            'The value schema text (Avro JSON, JSON Schema or a .proto file); required unless type is none',
          ),
        key: z
          .string()
          .optional()
          .describe('An optional key schema, of the same type'),
      })
      .optional()
      .describe(
        'Schema of the messages, registered as subject <topic>-value (and <topic>-key)',
      ),
  consumers: (z: Zod) =>
    z
      .array(
        z.object({
          group: z
            .string()
            .describe(
              'Catalog group that runs the consumer; it gets READ on the topic and its consumer group',
            ),
          consumerGroup: z
            .string()
            .describe('The Kafka consumer group id the consumer commits with'),
          component: z
            .string()
            .optional()
            .describe('The catalog component that consumes, for relations'),
        }),
      )
      .optional()
      .describe('Consumers to grant read access to'),
};

/** An approver role in the outputs: each role must approve once. */
export const approversOutputSchema: Field<ZodUnknownValue> = z =>
  z
    .array(
      z.object({
        role: z.string().describe('Approver role, e.g. platform'),
        title: z.string().describe('Human title of the role'),
        groups: z
          .array(z.string())
          .describe('Catalog groups whose members hold the role'),
      }),
    )
    .describe(
      'Roles that must each approve the request (empty when automatic)',
    );

/** The request body: the topic request fields only, as the backend refuses unknown fields. */
export function topicRequestBody(
  input: Record<string, unknown>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(topicRequestInputSchema)) {
    if (input[key] !== undefined) body[key] = input[key];
  }
  return body;
}

/** The topic name the input asks for, as far as it can be read without the policy. */
export function requestedTopicName(input: {
  domain: string;
  subdomain?: string;
  name: string;
  version?: number;
}): string {
  return [
    input.domain,
    input.subdomain,
    input.name,
    input.version === undefined ? undefined : `v${input.version}`,
  ]
    .filter(part => part)
    .join('.');
}
