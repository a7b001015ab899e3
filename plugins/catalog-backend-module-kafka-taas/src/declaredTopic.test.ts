import { Entity } from '@backstage/catalog-model';
import {
  DEFAULT_POLICY,
  KafkaTaasPolicy,
} from '@kafka-taas/plugin-kafka-taas-common';
import {
  checkDeclaredTopic,
  environmentsToCheck,
  topicNameParts,
} from './declaredTopic';

// The policy checks of a kafka-topic Resource declared in a catalog-info.yaml: each violation
// names the declaration's field, the rule and what is allowed.

const policy: KafkaTaasPolicy = {
  ...DEFAULT_POLICY,
  environments: {
    prod: { cluster: 'prod-cluster', tier: 'prod' },
    staging: { cluster: 'staging-cluster', tier: 'staging' },
    dev: { cluster: 'dev-cluster', tier: 'dev' },
  },
  principals: { 'group:default/team-payments': 'User:payments-svc' },
};

/** A declaration that follows the policy in every environment; `changes` break it. */
function declared(
  changes: {
    name?: string;
    description?: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    spec?: Record<string, unknown>;
  } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: changes.name ?? 'banking.payments.card-authorized',
      description:
        changes.description ?? 'Authorized card payments, one per event.',
      labels: {
        'kafka-taas/classification': 'internal',
        'kafka-taas/criticality': 'low',
        ...changes.labels,
      },
      annotations: {
        'kafka-taas/partitions': '6',
        'kafka-taas/replication-factor': '3',
        ...changes.annotations,
      },
    },
    spec: {
      type: 'kafka-topic',
      owner: 'group:default/team-payments',
      ...changes.spec,
    },
  };
}

/** The violations of a declaration living in `live` (dev by default). */
function check(entity: Entity, live: string[] = ['dev']) {
  return checkDeclaredTopic(entity, policy, live);
}

describe('checkDeclaredTopic', () => {
  it('finds nothing in a declaration that follows the policy, in every environment it lives in', () => {
    expect(check(declared(), ['dev', 'staging', 'prod'])).toEqual([]);
  });

  it('does not ask a declaration for a schema or consumers, which a catalog-info.yaml does not hold', () => {
    // A prod topic request without a schema is refused; a declaration is not.
    expect(check(declared(), ['prod'])).toEqual([]);
  });

  it('refuses a name that is not <domain>[.<subdomain>].<name>[.v<N>], under metadata.name', () => {
    const [violation, ...others] = check(declared({ name: 'payments' }));
    expect(others).toEqual([]);
    expect(violation).toMatchObject({
      field: 'metadata.name',
      rule: 'pattern',
      allowed: '<domain>[.<subdomain>].<name>[.v<N>]',
    });
    expect(violation.message).toBe(
      "Kafka topic payments: metadata.name breaks the policy's naming rule (pattern): it must have the form <domain>[.<subdomain>].<name>[.v<N>], with 2 or 3 dot-separated parts before an optional version.",
    );
  });

  it('checks the real topic name of the kafka-taas/topic-name annotation, not the entity name', () => {
    const entity = declared({
      name: 'card-authorized',
      annotations: { 'kafka-taas/topic-name': 'crypto.payments.card' },
    });
    const [violation] = check(entity);
    expect(violation).toMatchObject({
      field: 'metadata.name',
      rule: 'enum',
      environments: ['dev'],
    });
    expect(violation.allowed).toContain('banking, marketing');
    expect(violation.message).toMatch(
      /^Kafka topic crypto\.payments\.card in dev: metadata\.name breaks the policy rule "enum" \(allowed: one of banking, marketing, analytics, operations\): /,
    );
  });

  it('refuses a name part with characters the policy does not allow, under metadata.name', () => {
    const violations = check(
      declared({ name: 'banking.payments.card_events' }),
    );
    expect(violations).toEqual([
      expect.objectContaining({
        field: 'metadata.name',
        rule: 'pattern',
        allowed:
          'lowercase letters, digits and hyphens, starting with a letter',
      }),
    ]);
    expect(violations[0].message).toContain('name must not contain "_"');
  });

  it('refuses a version suffix that is not in its normal form', () => {
    const violations = check(declared({ name: 'banking.payments.card.v01' }));
    expect(violations).toEqual([
      expect.objectContaining({
        field: 'metadata.name',
        rule: 'pattern',
        allowed: '<domain>[.<subdomain>].<name>[.v<N>]',
      }),
    ]);
    expect(violations[0].message).toContain(
      'is not in its normal form "banking.payments.card.v1"',
    );
  });

  it('names spec.owner when the owner has no Kafka principal, listing the groups that have one', () => {
    const violations = check(
      declared({ spec: { owner: 'group:default/team-unknown' } }),
    );
    expect(violations).toEqual([
      expect.objectContaining({
        field: 'spec.owner',
        rule: 'principal',
        allowed: 'a group with a Kafka principal: group:default/team-payments',
      }),
    ]);
  });

  it('names metadata.description when it is shorter than the policy asks', () => {
    const violations = check(declared({ description: 'Too short.' }));
    expect(violations).toEqual([
      expect.objectContaining({
        field: 'metadata.description',
        rule: 'minLength',
      }),
    ]);
    expect(violations[0].message).toContain(
      'metadata.description breaks the policy rule "minLength"',
    );
  });

  it('names the classification and criticality labels when their values are not the policy’s', () => {
    const violations = check(
      declared({
        labels: {
          'kafka-taas/classification': 'secret',
          'kafka-taas/criticality': 'urgent',
        },
      }),
    );
    expect(violations).toEqual([
      expect.objectContaining({
        field: 'metadata.labels.kafka-taas/criticality',
        rule: 'enum',
        allowed: 'one of low, medium, high, critical',
      }),
      expect.objectContaining({
        field: 'metadata.labels.kafka-taas/classification',
        rule: 'enum',
        allowed: 'one of public, internal, confidential, restricted',
      }),
    ]);
  });

  it('names each settings annotation out of bounds: partitions, replication factor, retention, cleanup policy', () => {
    const violations = check(
      declared({
        annotations: {
          'kafka-taas/partitions': '500',
          'kafka-taas/replication-factor': '7',
          'kafka-taas/retention-ms': '1000',
          'kafka-taas/cleanup-policy': 'forever',
        },
      }),
    );
    expect(violations.map(v => [v.field, v.rule, v.allowed])).toEqual(
      expect.arrayContaining([
        ['metadata.annotations.kafka-taas/partitions', 'max', '1-100'],
        ['metadata.annotations.kafka-taas/replication-factor', 'max', '1-3'],
        [
          'metadata.annotations.kafka-taas/retention-ms',
          'min',
          expect.stringContaining('3600000'),
        ],
        [
          'metadata.annotations.kafka-taas/cleanup-policy',
          'enum',
          'one of delete, compact, compact,delete',
        ],
      ]),
    );
    expect(violations).toHaveLength(4);
    for (const violation of violations) {
      expect(violation.message).toContain(
        `${violation.field} breaks the policy rule "${violation.rule}" (allowed: ${violation.allowed})`,
      );
    }
  });

  it('names the partitions annotation when a critical topic has fewer than the policy asks', () => {
    const violations = check(
      declared({
        labels: { 'kafka-taas/criticality': 'critical' },
        annotations: { 'kafka-taas/partitions': '3' },
      }),
    );
    expect(violations).toEqual([
      expect.objectContaining({
        field: 'metadata.annotations.kafka-taas/partitions',
        rule: 'criticalMin',
        allowed: '6-100 for critical topics',
      }),
    ]);
  });

  it('names an annotation that is not a whole number, as the engine reports it', () => {
    const violations = check(
      declared({ annotations: { 'kafka-taas/partitions': 'six' } }),
    );
    expect(violations).toEqual([
      expect.objectContaining({
        field: 'metadata.annotations.kafka-taas/partitions',
      }),
    ]);
    expect(violations[0].message).toContain('"six"');
  });

  it('checks the prod rules only where the topic is in prod, and says in which environment it breaks them', () => {
    const entity = declared({
      annotations: { 'kafka-taas/replication-factor': '1' },
    });
    expect(check(entity, ['dev'])).toEqual([]);
    const violations = check(entity, ['dev', 'prod']);
    expect(violations).toEqual([
      expect.objectContaining({
        field: 'metadata.annotations.kafka-taas/replication-factor',
        rule: 'prodMin',
        allowed: '3 in prod',
        environments: ['prod'],
      }),
    ]);
    expect(violations[0].message).toMatch(/^Kafka topic \S+ in prod: /);
  });

  it('reports a violation found in several environments once, naming them all', () => {
    const violations = check(declared({ description: 'Too short.' }), [
      'dev',
      'staging',
    ]);
    expect(violations).toHaveLength(1);
    expect(violations[0].environments).toEqual(['dev', 'staging']);
    expect(violations[0].message).toMatch(/in dev, staging: /);
  });

  it('names the kafka-taas/environments annotation when it names an environment the policy does not know', () => {
    const violations = check(
      declared({ annotations: { 'kafka-taas/environments': 'qa' } }),
      [],
    );
    expect(violations).toEqual([
      expect.objectContaining({
        field: 'metadata.annotations.kafka-taas/environments',
        rule: 'enum',
        allowed: 'one of prod, staging, dev',
        environments: ['qa'],
      }),
    ]);
  });
});

describe('environmentsToCheck', () => {
  it('is the environments the declaration names and those it lives in, once each', () => {
    const entity = declared({
      annotations: { 'kafka-taas/environments': 'prod, staging' },
    });
    expect(environmentsToCheck(entity, ['dev', 'prod'], policy)).toEqual([
      'prod',
      'staging',
      'dev',
    ]);
  });

  it('is the first environment of the lowest tier for a topic declared ahead of its creation', () => {
    expect(environmentsToCheck(declared(), [], policy)).toEqual(['dev']);
  });

  it('is none when the policy has no environments', () => {
    expect(
      environmentsToCheck(declared(), [], { ...policy, environments: {} }),
    ).toEqual([]);
  });
});

describe('topicNameParts', () => {
  it('splits <domain>.<name> and <domain>.<subdomain>.<name>', () => {
    expect(topicNameParts('banking.card')).toEqual({
      domain: 'banking',
      name: 'card',
    });
    expect(topicNameParts('banking.payments.card')).toEqual({
      domain: 'banking',
      subdomain: 'payments',
      name: 'card',
    });
  });

  it('takes a last part v<N> as the version', () => {
    expect(topicNameParts('banking.payments.card.v2')).toEqual({
      domain: 'banking',
      subdomain: 'payments',
      name: 'card',
      version: 2,
    });
    // Two parts and a version: the version is not a name.
    expect(topicNameParts('banking.card.v2')).toEqual({
      domain: 'banking',
      name: 'card',
      version: 2,
    });
  });

  it('is undefined for one part, or more than three before the version', () => {
    expect(topicNameParts('payments')).toBeUndefined();
    expect(topicNameParts('a.b.c.d')).toBeUndefined();
  });
});
