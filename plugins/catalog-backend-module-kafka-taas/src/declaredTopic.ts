import { Entity } from '@backstage/catalog-model';
import {
  CLASSIFICATION_LABEL,
  DECLARED_CLEANUP_POLICY_ANNOTATION,
  CRITICALITY_LABEL,
  ENVIRONMENTS_ANNOTATION,
  ENVIRONMENT_TIERS,
  KafkaTaasPolicy,
  DECLARED_PARTITIONS_ANNOTATION,
  PolicyViolation,
  DECLARED_REPLICATION_FACTOR_ANNOTATION,
  DECLARED_RETENTION_MS_ANNOTATION,
  TopicRequestInput,
  evaluateTopicRequest,
  splitList,
  topicNameOf,
} from '@kafka-taas/plugin-kafka-taas-common';
import { topicNameOfEntity } from './KafkaTopicEntityProvider';

/** A policy violation of a declared topic, named by the declaration's field. */
export interface DeclaredTopicViolation {
  /** Where in the catalog-info.yaml: `metadata.name`, `spec.owner`, `metadata.annotations.kafka-taas/partitions`, ... */
  field: string;
  rule: string;
  allowed?: string;
  /** The environments it breaks the rule in. */
  environments: string[];
  /** A sentence naming the field, the rule and what is allowed. */
  message: string;
}

const annotation = (name: string) => `metadata.annotations.${name}`;
const label = (name: string) => `metadata.labels.${name}`;

/** Request field → where a declaration says it. */
const DECLARATION_FIELDS: Record<string, string> = {
  domain: 'metadata.name',
  subdomain: 'metadata.name',
  name: 'metadata.name',
  version: 'metadata.name',
  topicName: 'metadata.name',
  environment: annotation(ENVIRONMENTS_ANNOTATION),
  owner: 'spec.owner',
  system: 'spec.system',
  description: 'metadata.description',
  classification: label(CLASSIFICATION_LABEL),
  criticality: label(CRITICALITY_LABEL),
  partitions: annotation(DECLARED_PARTITIONS_ANNOTATION),
  replicationFactor: annotation(DECLARED_REPLICATION_FACTOR_ANNOTATION),
  retentionMs: annotation(DECLARED_RETENTION_MS_ANNOTATION),
  cleanupPolicy: annotation(DECLARED_CLEANUP_POLICY_ANNOTATION),
};

const NAME_FORM = '<domain>[.<subdomain>].<name>[.v<N>]';

/** The parts of `<domain>[.<subdomain>].<name>[.v<N>]`, or undefined for another shape. */
export function topicNameParts(
  topicName: string,
):
  | Pick<TopicRequestInput, 'domain' | 'subdomain' | 'name' | 'version'>
  | undefined {
  const parts = topicName.split('.');
  const last = parts[parts.length - 1];
  const version =
    parts.length > 2 && /^v[0-9]+$/.test(last)
      ? Number(last.slice(1))
      : undefined;
  if (version !== undefined) parts.pop();
  if (parts.length === 2) {
    const [domain, name] = parts;
    return { domain, name, ...(version !== undefined && { version }) };
  }
  if (parts.length === 3) {
    const [domain, subdomain, name] = parts;
    return {
      domain,
      subdomain,
      name,
      ...(version !== undefined && { version }),
    };
  }
  return undefined;
}

/**
 * The environments a declaration is checked in: those it names in `kafka-taas/environments` and
 * those it lives in, known to the policy; when there are none, the first environment of the
 * lowest tier (a topic declared ahead of its creation is checked as a dev topic would be).
 */
export function environmentsToCheck(
  entity: Entity,
  liveEnvironments: string[],
  policy: KafkaTaasPolicy,
): string[] {
  const named = [
    ...splitList(entity.metadata.annotations?.[ENVIRONMENTS_ANNOTATION]),
    ...liveEnvironments,
  ];
  const environments = [...new Set(named)];
  if (environments.length > 0) return environments;
  const [lowest] = Object.entries(policy.environments).sort(
    ([, a], [, b]) =>
      ENVIRONMENT_TIERS.indexOf(a.tier) - ENVIRONMENT_TIERS.indexOf(b.tier),
  );
  return lowest ? [lowest[0]] : [];
}

/**
 * Checks a declared kafka-topic Resource against the policy, as a topic request with the same
 * name, owner, system, description, classification and criticality labels and
 * `kafka-taas/partitions`, `kafka-taas/replication-factor`, `kafka-taas/retention-ms` and
 * `kafka-taas/cleanup-policy` annotations would be checked, in each environment it names or
 * lives in. The schema and consumers are not part of a declaration and are not checked.
 * A violation found in several environments is reported once, naming them.
 */
export function checkDeclaredTopic(
  entity: Entity,
  policy: KafkaTaasPolicy,
  liveEnvironments: string[],
): DeclaredTopicViolation[] {
  const topicName = topicNameOfEntity(entity);
  const parts = topicNameParts(topicName);
  if (!parts) {
    return [
      {
        field: 'metadata.name',
        rule: 'pattern',
        allowed: NAME_FORM,
        environments: [],
        message: `Kafka topic ${topicName}: metadata.name breaks the policy's naming rule (pattern): it must have the form ${NAME_FORM}, with 2 or 3 dot-separated parts before an optional version.`,
      },
    ];
  }
  const annotations = entity.metadata.annotations ?? {};
  const labels = entity.metadata.labels ?? {};
  const spec = entity.spec ?? {};
  const base = {
    ...parts,
    owner: spec.owner,
    system: spec.system,
    description: entity.metadata.description,
    classification: labels[CLASSIFICATION_LABEL],
    criticality: labels[CRITICALITY_LABEL],
    partitions: numberOf(annotations[DECLARED_PARTITIONS_ANNOTATION]),
    replicationFactor: numberOf(
      annotations[DECLARED_REPLICATION_FACTOR_ANNOTATION],
    ),
    retentionMs: numberOf(annotations[DECLARED_RETENTION_MS_ANNOTATION]),
    cleanupPolicy: annotations[DECLARED_CLEANUP_POLICY_ANNOTATION],
  };

  const found = new Map<string, DeclaredTopicViolation>();
  const add = (violation: PolicyViolation, environment: string) => {
    const key = `${violation.field}\u0000${violation.rule}\u0000${violation.message}`;
    const known = found.get(key);
    if (known) {
      known.environments.push(environment);
      return;
    }
    found.set(key, {
      field: DECLARATION_FIELDS[violation.field] ?? violation.field,
      rule: violation.rule,
      ...(violation.allowed !== undefined && { allowed: violation.allowed }),
      environments: [environment],
      message: violation.message,
    });
  };

  for (const environment of environmentsToCheck(
    entity,
    liveEnvironments,
    policy,
  )) {
    // The request's shape is what the engine checks: values of the wrong type are reported
    // by it, naming the field, so they go in as they are.
    const input = { ...base, environment } as TopicRequestInput;
    const { violations } = evaluateTopicRequest(withoutAbsent(input), policy);
    for (const violation of violations) {
      if (/^(schema|consumers)(\.|$)/.test(violation.field)) continue;
      add(violation, environment);
    }
    const rebuilt = topicNameOf(parts);
    if (rebuilt !== topicName) {
      add(
        {
          field: 'topicName',
          rule: 'pattern',
          allowed: NAME_FORM,
          message: `topicName ${JSON.stringify(
            topicName,
          )} is not in its normal form ${JSON.stringify(
            rebuilt,
          )} (allowed: ${NAME_FORM}).`,
        },
        environment,
      );
    }
  }

  return [...found.values()].map(violation => ({
    ...violation,
    message: `Kafka topic ${topicName} in ${violation.environments.join(
      ', ',
    )}: ${violation.field} breaks the policy rule "${violation.rule}"${
      violation.allowed ? ` (allowed: ${violation.allowed})` : ''
    }: ${violation.message}`,
  }));
}

/** A whole number as a number; anything else as it is, for the engine to report. */
function numberOf(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  return /^-?[0-9]+$/.test(value.trim()) ? Number(value) : value;
}

function withoutAbsent<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}
