import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { topicEntityName } from '@kafka-taas/plugin-kafka-taas-common';
import { createHash } from 'node:crypto';
import { LagAlertRule } from '../config';
import { LagHistoryStore, LagIncident, LagSample } from './LagHistoryStore';

type AlertStore = Pick<
  LagHistoryStore,
  'recentSamples' | 'openIncidents' | 'openIncident' | 'closeIncident'
>;

/** Whether a name matches an exact name or a glob where `*` is any run of characters. */
export function matchesGlob(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const re = pattern
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${re}$`).test(name);
}

/** Whether the rule watches this group on this topic. */
export function ruleApplies(
  rule: LagAlertRule,
  topic: string,
  group: string,
): boolean {
  return (
    matchesGlob(rule.topic, topic) &&
    (!rule.groups || rule.groups.some(g => matchesGlob(g, group)))
  );
}

/** A stable id of a rule (its settings), so an incident survives restarts and reordering. */
export function ruleId(rule: LagAlertRule): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        rule.topic,
        rule.maxLag?.toString() ?? null,
        rule.maxTimeLagMs ?? null,
        rule.forMs,
        rule.groups ?? null,
      ]),
    )
    .digest('hex')
    .slice(0, 32);
}

/** The rule in words: `lag > 1,000 messages or time lag > 10 min, for 5 min`. */
export function describeRule(rule: LagAlertRule): string {
  const limits = [
    ...(rule.maxLag !== undefined
      ? [`lag > ${rule.maxLag.toLocaleString('en-US')} messages`]
      : []),
    ...(rule.maxTimeLagMs !== undefined
      ? [`time lag > ${formatMs(rule.maxTimeLagMs)}`]
      : []),
  ];
  return `${limits.join(' or ')}, for ${formatMs(rule.forMs)}`;
}

/** Whether one sample breaks the rule: any of its limits exceeded. */
export function breaches(rule: LagAlertRule, sample: LagSample): boolean {
  return (
    (rule.maxLag !== undefined && sample.totalLag > rule.maxLag) ||
    (rule.maxTimeLagMs !== undefined &&
      sample.timeLagMs !== null &&
      sample.timeLagMs > rule.maxTimeLagMs)
  );
}

/**
 * Whether the rule holds on a series of samples of one group on one topic (oldest first): the
 * latest samples all breach it, and that run spans at least `for` (measured from its first
 * sample to the latest). With `for: 0`, one breaching sample is enough.
 */
export function ruleHolds(rule: LagAlertRule, series: LagSample[]): boolean {
  const latest = series[series.length - 1];
  if (!latest || !breaches(rule, latest)) return false;
  let start = series.length - 1;
  while (start > 0 && breaches(rule, series[start - 1])) start--;
  return latest.atMs - series[start].atMs >= rule.forMs;
}

/** The value that breaks the rule now, in words. */
export function currentValue(sample: LagSample): string {
  return `lag ${sample.totalLag.toLocaleString('en-US')} messages, time lag ${
    sample.timeLagMs === null ? 'unknown' : formatMs(sample.timeLagMs)
  } (${sample.status})`;
}

function formatMs(ms: number): string {
  if (ms % 86_400_000 === 0 && ms > 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000} min`;
  if (ms >= 60_000)
    return `${Math.floor(ms / 60_000)} min ${Math.round(
      (ms % 60_000) / 1000,
    )} s`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

/**
 * Evaluates the alert rules (`kafkaTaas.lag.alerts`) on the stored history after each sample of
 * a cluster. An incident opens when a rule has held for its whole `for` period and closes when
 * it no longer holds (or the group left the topic); the database keeps one open incident per
 * rule, cluster, group and topic, so each is notified once, with one recovery, whichever
 * replica samples. The owning group of the topic is notified; no owner, nobody (logged).
 */
export class LagAlerter {
  readonly #rules: LagAlertRule[];
  readonly #store: AlertStore;
  readonly #sampleIntervalMs: number;
  readonly #notifications: Pick<NotificationService, 'send'>;
  readonly #ownerOf: (topic: string) => Promise<string | undefined>;
  readonly #logger: LoggerService;

  static create(options: {
    rules: LagAlertRule[];
    store: AlertStore;
    /** The sampler's interval: the history read reaches this far before the longest `for`. */
    sampleIntervalMs: number;
    notifications: Pick<NotificationService, 'send'>;
    /** The group entity ref owning a topic, undefined when it has none. */
    ownerOf: (topic: string) => Promise<string | undefined>;
    logger: LoggerService;
  }): LagAlerter {
    return new LagAlerter(options);
  }

  private constructor(options: Parameters<typeof LagAlerter.create>[0]) {
    this.#rules = options.rules;
    this.#store = options.store;
    this.#sampleIntervalMs = options.sampleIntervalMs;
    this.#notifications = options.notifications;
    this.#ownerOf = options.ownerOf;
    this.#logger = options.logger;
  }

  /**
   * After a sample of a cluster: `sampled` are the groups and topics of that sample, at
   * `atMs`. Reads their history since the longest `for` before it in one query.
   */
  async evaluate(
    cluster: string,
    sampled: Array<{ group: string; topic: string }>,
    atMs: number,
  ): Promise<void> {
    const open = await this.#store.openIncidents(cluster);
    if (this.#rules.length === 0 && open.length === 0) return;
    const watched = sampled.filter(s =>
      this.#rules.some(r => ruleApplies(r, s.topic, s.group)),
    );
    const topics = [
      ...new Set([...watched.map(s => s.topic), ...open.map(i => i.topic)]),
    ];
    const longestFor = Math.max(0, ...this.#rules.map(r => r.forMs));
    const history = new Map<string, LagSample[]>();
    const key = (group: string, topic: string) => `${group}\u0000${topic}`;
    // Enough samples to span the longest `for`; one query for the cluster.
    const samples = topics.length
      ? await this.#store.recentSamples({
          cluster,
          topics,
          sinceMs: atMs - longestFor - 2 * this.#sampleIntervalMs,
          size: Number.MAX_SAFE_INTEGER,
        })
      : [];
    for (const s of samples) {
      const list = history.get(key(s.group, s.topic)) ?? [];
      list.push(s);
      history.set(key(s.group, s.topic), list);
    }

    const openByKey = new Map(
      open.map(i => [`${i.rule}\u0000${key(i.group, i.topic)}`, i]),
    );
    const holding = new Set<string>();
    for (const { group, topic } of watched) {
      const series = history.get(key(group, topic)) ?? [];
      const latest = series[series.length - 1];
      if (!latest || latest.atMs < atMs) continue;
      for (const rule of this.#rules) {
        if (!ruleApplies(rule, topic, group) || !ruleHolds(rule, series))
          continue;
        const id = ruleId(rule);
        holding.add(`${id}\u0000${key(group, topic)}`);
        if (openByKey.has(`${id}\u0000${key(group, topic)}`)) continue;
        const incident = await this.#store.openIncident({
          rule: id,
          cluster,
          group,
          topic,
          openedAtMs: atMs,
          details: { rule: describeRule(rule), value: currentValue(latest) },
        });
        if (incident)
          await this.#notify(incident, 'open', currentValue(latest));
      }
    }
    for (const [k, incident] of openByKey) {
      if (holding.has(k)) continue;
      const series = history.get(key(incident.group, incident.topic)) ?? [];
      const latest = series[series.length - 1];
      const now =
        latest && latest.atMs >= atMs
          ? currentValue(latest)
          : 'the group has no committed offsets on the topic any more';
      if (await this.#store.closeIncident(incident.id, atMs)) {
        await this.#notify(incident, 'recovered', now);
      }
    }
  }

  async #notify(
    incident: LagIncident,
    kind: 'open' | 'recovered',
    value: string,
  ): Promise<void> {
    const { topic, cluster, group } = incident;
    let owner: string | undefined;
    try {
      owner = await this.#ownerOf(topic);
    } catch (error) {
      this.#logger.warn('could not find the owner of a topic for a lag alert', {
        topic,
        reason: String(error),
      });
    }
    const rule = String(incident.details.rule);
    if (!owner) {
      this.#logger.warn('lag alert not notified: the topic has no owner', {
        topic,
        cluster,
        group,
        rule,
        kind,
      });
      return;
    }
    const title =
      kind === 'open'
        ? `Consumer lag alert: ${group} on Kafka topic ${topic} (${cluster})`
        : `Consumer lag recovered: ${group} on Kafka topic ${topic} (${cluster})`;
    const description =
      kind === 'open'
        ? `Rule "${rule}" holds for consumer group ${group} on topic ${topic}, cluster ${cluster}: now ${value}.`
        : `Rule "${rule}" no longer holds for consumer group ${group} on topic ${topic}, cluster ${cluster}: now ${value}.`;
    try {
      await this.#notifications.send({
        recipients: { type: 'entity', entityRef: owner },
        payload: {
          title,
          description,
          link: `/catalog/default/resource/${topicEntityName(topic)}`,
          severity: kind === 'open' ? 'high' : 'normal',
          topic: `kafka-taas:lag-incident:${incident.id}`,
          scope: `kafka-taas:lag-incident:${incident.id}:${kind}`,
        },
      });
      this.#logger.info(`lag alert ${kind}`, {
        topic,
        cluster,
        group,
        rule,
        owner,
      });
    } catch (error) {
      this.#logger.warn('could not send lag alert notification', {
        topic,
        cluster,
        group,
        kind,
        error: String(error),
      });
    }
  }
}
