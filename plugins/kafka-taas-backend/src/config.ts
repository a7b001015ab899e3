import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** SASL settings of one cluster, as read from app-config. */
export type SaslConfig =
  | {
      mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
      username: string;
      password: string;
    }
  | { mechanism: 'oauthbearer'; token: string }
  | {
      mechanism: 'oauthbearer';
      oauth: {
        tokenEndpoint: string;
        clientId: string;
        clientSecret: string;
        scope?: string;
      };
    };

export interface TlsConfig {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized?: boolean;
  servername?: string;
}

/** One entry of `kafkaTaas.clusters`. @public */
export interface KafkaClusterConfig {
  name: string;
  environment: string;
  brokers: string[];
  clientId: string;
  requestTimeoutMs: number;
  tls?: TlsConfig;
  sasl?: SaslConfig;
  schemaRegistry?: { url: string; username?: string; password?: string };
}

const MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512', 'oauthbearer'];
const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const BROKER = /^[^\s:/]+:\d{1,5}$/;

/**
 * Reads and checks `kafkaTaas.clusters`. Every problem names its config key and what is
 * allowed, so a mistyped app-config fails at start-up instead of at the first request.
 */
export function readClusterConfigs(root: Config): KafkaClusterConfig[] {
  const entries = root.getOptionalConfigArray('kafkaTaas.clusters') ?? [];
  const seen = new Set<string>();
  return entries.map((c, i) => {
    const at = (key: string) => `kafkaTaas.clusters[${i}].${key}`;
    const name = c.getString('name');
    if (!NAME.test(name)) {
      throw new InputError(
        `${at(
          'name',
        )} "${name}" is not allowed: use 1-63 lowercase letters, digits and dashes, starting with a letter or digit`,
      );
    }
    if (seen.has(name)) {
      throw new InputError(
        `${at('name')} "${name}" is used by two clusters; names must be unique`,
      );
    }
    seen.add(name);
    const brokers = c.getStringArray('brokers');
    if (brokers.length === 0) {
      throw new InputError(
        `${at(
          'brokers',
        )} is empty: list at least one bootstrap broker as host:port`,
      );
    }
    for (const b of brokers) {
      if (!BROKER.test(b)) {
        throw new InputError(`${at('brokers')} entry "${b}" is not host:port`);
      }
    }
    return {
      name,
      environment: c.getString('environment'),
      brokers,
      clientId: c.getOptionalString('clientId') ?? 'backstage-kafka-taas',
      requestTimeoutMs: c.getOptionalNumber('requestTimeoutMs') ?? 10_000,
      tls: readTls(c),
      sasl: readSasl(c, at('sasl')),
      schemaRegistry: c.has('schemaRegistry')
        ? {
            url: c.getString('schemaRegistry.url').replace(/\/+$/, ''),
            username: c.getOptionalString('schemaRegistry.username'),
            password: c.getOptionalString('schemaRegistry.password'),
          }
        : undefined,
    };
  });
}

function readTls(c: Config): TlsConfig | undefined {
  if (!c.has('tls')) return undefined;
  if (typeof c.get('tls') === 'boolean')
    return c.getBoolean('tls') ? {} : undefined;
  const t = c.getConfig('tls');
  return {
    ca: t.getOptionalString('ca'),
    cert: t.getOptionalString('cert'),
    key: t.getOptionalString('key'),
    rejectUnauthorized: t.getOptionalBoolean('rejectUnauthorized'),
    servername: t.getOptionalString('servername'),
  };
}

function readSasl(c: Config, at: string): SaslConfig | undefined {
  const s = c.getOptionalConfig('sasl');
  if (!s) return undefined;
  const mechanism = s.getString('mechanism').toLowerCase();
  if (!MECHANISMS.includes(mechanism)) {
    throw new InputError(
      `${at}.mechanism "${mechanism}" is not supported: use one of ${MECHANISMS.join(
        ', ',
      )}`,
    );
  }
  if (mechanism === 'oauthbearer') {
    const oauth = s.getOptionalConfig('oauth');
    if (oauth) {
      return {
        mechanism,
        oauth: {
          tokenEndpoint: oauth.getString('tokenEndpoint'),
          clientId: oauth.getString('clientId'),
          clientSecret: oauth.getString('clientSecret'),
          scope: oauth.getOptionalString('scope'),
        },
      };
    }
    const token = s.getOptionalString('token');
    if (!token) {
      throw new InputError(
        `${at} with mechanism oauthbearer needs either token or oauth`,
      );
    }
    return { mechanism, token };
  }
  return {
    mechanism: mechanism as 'plain' | 'scram-sha-256' | 'scram-sha-512',
    username: s.getString('username'),
    password: s.getString('password'),
  };
}

/**
 * Prefixes of the topics Kafka and its ecosystem keep for themselves (`__consumer_offsets`,
 * `__transaction_state`, `_schemas`, `_confluent-*`, `_connect-*`): never in the inventory.
 */
export const INTERNAL_TOPIC_PREFIXES = ['_'];

/**
 * Reads `kafkaTaas.topics.exclude`: regular expressions of topic names the inventory leaves out,
 * checked at start-up so a typo fails there.
 */
export function readTopicExclusions(root: Config): RegExp[] {
  const key = 'kafkaTaas.topics.exclude';
  return (root.getOptionalStringArray(key) ?? []).map((pattern, i) => {
    try {
      return new RegExp(pattern);
    } catch (error) {
      throw new InputError(
        `${key}[${i}] "${pattern}" is not a valid regular expression (${
          error instanceof Error ? error.message : String(error)
        }); use a JavaScript regular expression such as ^tmp\\.`,
      );
    }
  });
}

/** Whether the inventory shows the topic: not internal and matching no exclusion. */
export function isListedTopic(name: string, exclude: RegExp[]): boolean {
  return (
    !INTERNAL_TOPIC_PREFIXES.some(prefix => name.startsWith(prefix)) &&
    !exclude.some(pattern => pattern.test(name))
  );
}

/** `kafkaTaas.lag`, with its defaults applied. @public */
export interface LagConfig {
  /** How long one read of a cluster's offsets is served to every caller. */
  cacheTtlMs: number;
  /** Time lag: how long the Fetch of the records at the committed offsets may take in all. */
  fetchTimeoutMs: number;
  /** Time lag: at most this many Fetch requests per leader in one read. */
  maxFetchRounds: number;
  /** Samples kept per group and topic for the status. */
  windowSize: number;
  /** Only the options set in app-config; the others keep lagStatus's defaults. */
  status: {
    stallAfterSamples?: number;
    stopAfterMs?: number;
    minSamples?: number;
  };
  /** How often the sampler stores the lag of every group on every topic. */
  sampleIntervalMs: number;
  /** How long stored samples are kept. */
  historyRetentionMs: number;
  /** Alert rules, evaluated by the sampler after each sample. */
  alerts: LagAlertRule[];
}

/** One entry of `kafkaTaas.lag.alerts`. @public */
export interface LagAlertRule {
  /** An exact topic name, or a glob where `*` matches any run of characters (`payments.*`). */
  topic: string;
  /** Breached when a group's total lag is above this many messages. */
  maxLag?: bigint;
  /** Breached when a group's time lag is above this many ms. */
  maxTimeLagMs?: number;
  /** How long a breach must hold before an incident opens. */
  forMs: number;
  /** Only these groups (exact names or globs); all groups when absent. */
  groups?: string[];
}

const MS_PER_UNIT = {
  milliseconds: 1,
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 7 * 86_400_000,
  months: 30 * 86_400_000,
  years: 365 * 86_400_000,
} as const;

/** A duration read with Backstage's readDurationFromConfig, in ms (months as 30 days). */
function durationMs(
  root: Config,
  key: string,
  /** The key as the error names it, when `root` is not the root config. */
  name: string = key,
): number | undefined {
  if (!root.has(key)) return undefined;
  let ms: number;
  try {
    const duration = readDurationFromConfig(root, { key });
    ms = Object.entries(duration).reduce(
      (sum, [unit, value]) =>
        sum + (value ?? 0) * MS_PER_UNIT[unit as keyof typeof MS_PER_UNIT],
      0,
    );
  } catch (error) {
    throw new InputError(
      `${name} is not a duration (${
        error instanceof Error ? error.message : String(error)
      }); use e.g. "2s", "5m", an ISO 8601 duration such as PT5M, or { seconds: 2 }`,
    );
  }
  return ms;
}

function positiveInteger(
  root: Config,
  key: string,
  min: number,
): number | undefined {
  const value = root.getOptionalNumber(key);
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min) {
    throw new InputError(
      `${key} is ${value}: use a whole number of at least ${min}`,
    );
  }
  return value;
}

/**
 * Reads `kafkaTaas.lag` (docs/configuration.md, "Consumer lag"). Every problem names its key
 * and what is allowed.
 */
export function readLagConfig(root: Config): LagConfig {
  const at = (key: string) => `kafkaTaas.lag.${key}`;
  const cacheTtlMs = durationMs(root, at('cacheTtl')) ?? 2_000;
  if (cacheTtlMs < 0) {
    throw new InputError(
      `${at(
        'cacheTtl',
      )} must not be negative; use 0 to read Kafka on every call`,
    );
  }
  const fetchTimeoutMs = durationMs(root, at('timeLag.fetchTimeout')) ?? 1_000;
  if (fetchTimeoutMs <= 0) {
    throw new InputError(
      `${at('timeLag.fetchTimeout')} must be longer than 0, e.g. "1s"`,
    );
  }
  const stopAfterMs = durationMs(root, at('status.stopAfter'));
  if (stopAfterMs !== undefined && stopAfterMs <= 0) {
    throw new InputError(
      `${at('status.stopAfter')} must be longer than 0, e.g. "5m"`,
    );
  }
  const status: LagConfig['status'] = {};
  const stallAfterSamples = positiveInteger(
    root,
    at('status.stallAfterSamples'),
    2,
  );
  const minSamples = positiveInteger(root, at('status.minSamples'), 1);
  if (stallAfterSamples !== undefined)
    status.stallAfterSamples = stallAfterSamples;
  if (stopAfterMs !== undefined) status.stopAfterMs = stopAfterMs;
  if (minSamples !== undefined) status.minSamples = minSamples;
  const sampleIntervalMs = durationMs(root, at('sampleInterval')) ?? 60_000;
  if (sampleIntervalMs < 1_000) {
    throw new InputError(
      `${at('sampleInterval')} must be at least 1 second, e.g. "1m"`,
    );
  }
  const historyRetentionMs =
    durationMs(root, at('historyRetention')) ?? 24 * 3_600_000;
  if (historyRetentionMs < sampleIntervalMs) {
    throw new InputError(
      `${at(
        'historyRetention',
      )} must be at least kafkaTaas.lag.sampleInterval (${sampleIntervalMs} ms), e.g. "24h"`,
    );
  }
  return {
    cacheTtlMs,
    fetchTimeoutMs,
    maxFetchRounds: positiveInteger(root, at('timeLag.maxFetchRounds'), 1) ?? 3,
    windowSize: positiveInteger(root, at('status.windowSize'), 2) ?? 10,
    status,
    sampleIntervalMs,
    historyRetentionMs,
    alerts: (root.getOptionalConfigArray(at('alerts')) ?? []).map((rule, i) =>
      readAlertRule(rule, `${at('alerts')}[${i}]`),
    ),
  };
}

const ALERT_NAME = /^[a-zA-Z0-9._*-]{1,249}$/;

function readAlertRule(rule: Config, at: string): LagAlertRule {
  const key = (k: string) => `${at}.${k}`;
  const topic = rule.getString('topic');
  if (!ALERT_NAME.test(topic)) {
    throw new InputError(
      `${key(
        'topic',
      )} "${topic}" is not a topic name or glob: use letters, digits, ".", "_", "-" and "*" (any run of characters), e.g. payments.*`,
    );
  }
  let maxLag: bigint | undefined;
  if (rule.has('maxLag')) {
    const value = rule.get('maxLag');
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string' || !/^[0-9]{1,19}$/.test(text)) {
      throw new InputError(
        `${key('maxLag')} is ${JSON.stringify(
          value,
        )}: use a whole number of messages of at least 0, e.g. 1000`,
      );
    }
    maxLag = BigInt(text);
  }
  const maxTimeLagMs = durationMs(rule, 'maxTimeLag', key('maxTimeLag'));
  if (maxTimeLagMs !== undefined && maxTimeLagMs <= 0) {
    throw new InputError(
      `${key('maxTimeLag')} must be longer than 0, e.g. "10m"`,
    );
  }
  if (maxLag === undefined && maxTimeLagMs === undefined) {
    throw new InputError(
      `${at} (topic ${topic}) sets no threshold: set maxLag (messages), maxTimeLag (a duration such as "10m"), or both`,
    );
  }
  const forMs = durationMs(rule, 'for', key('for')) ?? 5 * 60_000;
  if (forMs < 0) {
    throw new InputError(`${key('for')} must not be negative, e.g. "5m"`);
  }
  const groups = rule.getOptionalStringArray('groups');
  for (const group of groups ?? []) {
    if (!group) {
      throw new InputError(
        `${key('groups')} has an empty entry: use consumer group ids or globs`,
      );
    }
  }
  return {
    topic,
    ...(maxLag !== undefined && { maxLag }),
    ...(maxTimeLagMs !== undefined && { maxTimeLagMs }),
    forMs,
    ...(groups && { groups }),
  };
}
