import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  currentTopicState,
  ENVIRONMENTS_ANNOTATION,
  KafkaPrincipalQuotas,
  KafkaTopicAcl,
  KafkaTopicClusterDetails,
  KafkaTopicDrift,
  ResolvedTopicRequest,
  TopicRequest,
} from '@kafka-taas/plugin-kafka-taas-common';
import { formatTimeLag } from '../lag/format';

/**
 * A `retention.ms` for people: `"7 d"`, `"1 h"`, `"unlimited"` for -1, `"unknown"` without a
 * value; a value that is not a whole number of milliseconds is returned as it is.
 */
export function formatRetention(value: string | null | undefined): string {
  if (value === null || value === undefined) return 'unknown';
  const text = value.trim();
  if (text === '-1') return 'unlimited';
  if (!/^\d+$/.test(text)) return text;
  const ms = Number(text);
  return Number.isSafeInteger(ms) ? formatTimeLag(ms) : text;
}

/** The value of one topic config on a cluster, or undefined when the cluster does not say. */
export function configValue(
  cluster: KafkaTopicClusterDetails,
  name: string,
): string | undefined {
  return cluster.configs.find(c => c.name === name)?.value ?? undefined;
}

const BYTE_UNITS = ['bytes/s', 'KiB/s', 'MiB/s', 'GiB/s', 'TiB/s'];

/** A byte rate for people: `"5 MiB/s"`, `"1.5 KiB/s"`, `"900 bytes/s"`. */
export function formatByteRate(bytesPerSecond: number): string {
  let value = bytesPerSecond;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number(value.toFixed(2))} ${BYTE_UNITS[unit]}`;
}

/** One line of a principal's quotas, as people read it. */
export interface QuotaLine {
  label: string;
  value: string;
  /** The exact value as Kafka keeps it, when it is set. */
  exact?: string;
}

const QUOTA_KEYS: Array<{
  key: string;
  label: string;
  format: (v: number) => string;
  unit: string;
}> = [
  {
    key: 'producer_byte_rate',
    label: 'Produce',
    format: formatByteRate,
    unit: 'bytes/s',
  },
  {
    key: 'consumer_byte_rate',
    label: 'Consume',
    format: formatByteRate,
    unit: 'bytes/s',
  },
  {
    key: 'request_percentage',
    label: 'Request time',
    format: v => `${v}%`,
    unit: '%',
  },
];

/**
 * The produce and consume rates and the request share of a principal, `unlimited` where Kafka
 * sets no quota, then any other quota Kafka reports, by its own name.
 */
export function quotaLines(quotas: KafkaPrincipalQuotas): QuotaLine[] {
  const known = QUOTA_KEYS.map(({ key, label, format, unit }) => {
    const value = quotas.values[key];
    return value === undefined
      ? { label, value: 'unlimited' }
      : {
          label,
          value: format(value),
          exact: `${key} = ${value} ${unit}`,
        };
  });
  const others = Object.entries(quotas.values)
    .filter(([key]) => !QUOTA_KEYS.some(k => k.key === key))
    .map(([key, value]) => ({ label: key, value: String(value) }));
  return [...known, ...others];
}

const READ_OPERATIONS = ['READ', 'ALL'];
const WRITE_OPERATIONS = ['WRITE', 'ALL'];

function principalsFor(acls: KafkaTopicAcl[], operations: string[]): string[] {
  const matching = acls.filter(a => operations.includes(a.operation));
  const denied = new Set(
    matching.filter(a => a.permissionType === 'DENY').map(a => a.principal),
  );
  const allowed = matching
    .filter(a => a.permissionType === 'ALLOW' && !denied.has(a.principal))
    .map(a => a.principal);
  return [...new Set(allowed)].sort();
}

/**
 * Who the ACLs let read and write the topic: principals allowed READ (or ALL), and WRITE (or
 * ALL), that no DENY binding for the same operations names.
 */
export function whoCan(acls: KafkaTopicAcl[]): {
  read: string[];
  write: string[];
} {
  return {
    read: principalsFor(acls, READ_OPERATIONS),
    write: principalsFor(acls, WRITE_OPERATIONS),
  };
}

/** An ACL's resource pattern in words: `"banking.payments.settlements (this topic)"`. */
export function aclPattern(acl: KafkaTopicAcl): string {
  if (acl.patternType === 'PREFIXED') {
    return `${acl.resourceName}* (prefix)`;
  }
  if (acl.resourceName === '*') return '* (every topic)';
  return `${acl.resourceName} (this topic)`;
}

/** The topic as the ready requests of one environment left it, if any did. */
export function approvedState(
  requests: TopicRequest[],
  environment: string,
): ResolvedTopicRequest | undefined {
  return currentTopicState(requests.filter(r => r.environment === environment));
}

/**
 * One setting of the topic as its requests approved it, per environment: one value when every
 * environment agrees (`"confidential"`), else each with its environments
 * (`"confidential (prod), internal (dev)"`); undefined when no request set it.
 */
export function approvedSetting(
  requests: TopicRequest[],
  pick: (state: ResolvedTopicRequest) => string,
): string | undefined {
  const environments = [...new Set(requests.map(r => r.environment))];
  const byValue = new Map<string, string[]>();
  for (const environment of environments) {
    const state = approvedState(requests, environment);
    if (!state) continue;
    const value = pick(state);
    byValue.set(value, [...(byValue.get(value) ?? []), environment]);
  }
  if (byValue.size === 0) return undefined;
  if (byValue.size === 1) return [...byValue.keys()][0];
  return [...byValue.entries()]
    .map(([value, envs]) => `${value} (${envs.join(', ')})`)
    .join(', ');
}

/** A drifted value for people: retention in words beside its milliseconds. */
export function driftValue(field: string, value: string | null): string {
  if (value === null) return 'not set';
  return field === 'retention.ms'
    ? `${value} (${formatRetention(value)})`
    : value;
}

/** `"retention.ms is 3600000 (1 h) on the broker; approved: 604800000 (7 d)"`. */
export function driftText(drift: KafkaTopicDrift): string {
  const source =
    drift.source === 'approved'
      ? 'approved in its request'
      : 'declared in its catalog-info.yaml';
  return `${drift.field} is ${driftValue(
    drift.field,
    drift.live,
  )} on the broker; ${source}: ${driftValue(drift.field, drift.expected)}`;
}

/** Where the scaffolder serves the "Request read access to a Kafka topic" template. */
export const ACCESS_TEMPLATE_PATH =
  '/create/templates/default/request-kafka-topic-access';

/**
 * The access template with the topic picked (its entity ref, as the template's EntityPicker
 * keeps it) and, when the topic lives in one environment only, that environment.
 */
export function requestAccessUrl(entity: Entity): string {
  const environments = (
    entity.metadata.annotations?.[ENVIRONMENTS_ANNOTATION] ?? ''
  )
    .split(',')
    .map(e => e.trim())
    .filter(Boolean);
  const formData = {
    topic: stringifyEntityRef(entity),
    ...(environments.length === 1 && { environment: environments[0] }),
  };
  return `${ACCESS_TEMPLATE_PATH}?formData=${encodeURIComponent(
    JSON.stringify(formData),
  )}`;
}
