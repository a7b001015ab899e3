import {
  PolicyViolation,
  ResolvedTopicRequest,
} from '@kafka-taas/plugin-kafka-taas-common';
import { KafkaClientPool } from '../services/KafkaClientPool';
import { kafkaFailure } from './kafkaFailures';
import { RegistryClient, RegistryError } from './RegistryClient';
import {
  ParsedSchemaType,
  SCHEMA_TYPE_TITLES,
  schemaParseError,
} from './schemaParsers';

/** What each level allows, for the message of an incompatible schema. */
const COMPATIBILITY_HINTS: Record<string, string> = {
  BACKWARD:
    'Consumers on the new schema must read old data: add fields only with defaults, remove fields freely.',
  BACKWARD_TRANSITIVE:
    'Consumers on the new schema must read data of every version: add fields only with defaults.',
  FORWARD:
    'Consumers on the old schema must read new data: add fields freely, remove only fields with defaults.',
  FORWARD_TRANSITIVE:
    'Consumers on every version must read new data: remove only fields with defaults.',
  FULL: 'Add or remove only fields with defaults.',
  FULL_TRANSITIVE: 'Add or remove only fields with defaults.',
};

/**
 * The checks of a topic request that need more than the pure policy: each schema parsed by
 * the real parser, its compatibility with what the registry already holds, and whether the
 * topic already exists. Violations are the requester's to fix; an unreachable registry or
 * cluster is thrown, never reported as a violation.
 */
export class SchemaChecker {
  readonly #pool: KafkaClientPool;

  static create(options: { pool: KafkaClientPool }): SchemaChecker {
    return new SchemaChecker(options.pool);
  }

  private constructor(pool: KafkaClientPool) {
    this.#pool = pool;
  }

  async check(request: ResolvedTopicRequest): Promise<PolicyViolation[]> {
    const schema = request.schema;
    if (!schema) return [];
    const parts = [
      {
        part: 'value' as const,
        subject: schema.subjects.value,
        text: schema.value,
      },
      ...(schema.key !== undefined && schema.subjects.key
        ? [
            {
              part: 'key' as const,
              subject: schema.subjects.key,
              text: schema.key,
            },
          ]
        : []),
    ];

    const violations: PolicyViolation[] = [];
    let registry: RegistryClient | undefined;
    for (const { part, subject, text } of parts) {
      const field = `schema.${part}`;
      const title = SCHEMA_TYPE_TITLES[schema.type];
      const parseError = schemaParseError(schema.type, text);
      if (parseError) {
        violations.push({
          field,
          rule: 'parse',
          allowed: `a valid ${title} schema`,
          message: `The ${part} schema is not valid ${title}: ${parseError}`,
        });
        continue;
      }
      // NONE accepts any next version, and provisioning sets it before registering.
      if (schema.compatibility === 'NONE') continue;
      registry ??= RegistryClient.forCluster(this.#pool, request.cluster);
      const violation = await this.#compatibility(registry, {
        field,
        part,
        subject,
        type: schema.type,
        text,
      });
      if (violation) violations.push(violation);
    }
    return violations;
  }

  /** Asks the registry whether the schema may follow the subject's latest version; fine when the subject is new. */
  async #compatibility(
    registry: RegistryClient,
    options: {
      field: string;
      part: string;
      subject: string;
      type: ParsedSchemaType;
      text: string;
    },
  ): Promise<PolicyViolation | undefined> {
    const { field, part, subject, type, text } = options;
    if ((await registry.versions(subject)).length === 0) return undefined;
    let compatible: boolean;
    try {
      compatible = await registry.isCompatibleWithLatest(subject, {
        type,
        schema: text,
      });
    } catch (error) {
      if (error instanceof RegistryError && error.notFound) return undefined; // deleted meanwhile
      if (error instanceof RegistryError && error.status === 422) {
        return {
          field,
          rule: 'parse',
          allowed: `a ${SCHEMA_TYPE_TITLES[type]} schema the registry accepts`,
          message: `The ${part} schema is rejected by the schema registry ${registry.url}: ${error.message}`,
        };
      }
      throw error;
    }
    if (compatible) return undefined;
    const level = await registry.compatibility(subject);
    const where = `under ${level} compatibility (schema registry ${registry.url})`;
    return {
      field,
      rule: 'compatible',
      allowed: `a schema ${level}-compatible with the latest version of subject ${subject}`,
      message:
        `The ${part} schema is not compatible with the latest version of subject "${subject}" ${where}. ${
          COMPATIBILITY_HINTS[level] ?? ''
        }`.trim(),
    };
  }

  /**
   * Whether the topic exists on the cluster. Lists the names rather than asking metadata for
   * the one topic: the client retries an unknown topic for seconds before giving up.
   */
  async topicExists(cluster: string, topic: string): Promise<boolean> {
    try {
      const topics = await this.#pool
        .admin(cluster)
        .listTopics({ includeInternals: true });
      return topics.includes(topic);
    } catch (error) {
      throw kafkaFailure(
        `check whether topic "${topic}" exists`,
        this.#pool.cluster(cluster),
        error,
      );
    }
  }
}
