import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { LagStatus } from '@kafka-taas/plugin-kafka-taas-common';
import { Knex } from 'knex';
import { GroupLagObservation } from './lagStatus';

const migrationsDir = resolvePackagePath(
  '@kafka-taas/plugin-kafka-taas-backend',
  'migrations',
);

const SAMPLES = 'kafka_taas_lag_samples';
const INCIDENTS = 'kafka_taas_lag_incidents';
/** Rows per INSERT (8 values each: well under SQLite's and PostgreSQL's bind limits). */
const INSERT_BATCH = 500;
/** Rows per DELETE when pruning, so no statement holds a long lock. */
const DELETE_BATCH = 5_000;

/** A time as knex hands it back: a Date on PostgreSQL, epoch ms on SQLite. */
type DbTime = Date | number | string;

/** One stored sample of a group on a topic of a cluster. */
export interface LagSample {
  cluster: string;
  group: string;
  topic: string;
  atMs: number;
  totalLag: bigint;
  timeLagMs: number | null;
  status: LagStatus;
  members: number;
  /** partition → committed offset (partitions with a commit only). */
  committed: ReadonlyMap<number, bigint>;
}

interface SampleRow {
  cluster: string;
  consumer_group: string;
  topic: string;
  at: DbTime;
  total_lag: string;
  time_lag_ms: number | string | null;
  status: LagStatus;
  members: number;
  committed: string;
}

/** An open lag alert incident. */
export interface LagIncident {
  id: number;
  rule: string;
  cluster: string;
  group: string;
  topic: string;
  openedAtMs: number;
  details: Record<string, unknown>;
}

interface IncidentRow {
  id: number;
  rule: string;
  cluster: string;
  consumer_group: string;
  topic: string;
  details: string;
  opened_at: DbTime;
}

function toMs(value: DbTime): number {
  return new Date(value).getTime();
}

function toSample(row: SampleRow): LagSample {
  const committed = JSON.parse(row.committed) as Record<string, string>;
  return {
    cluster: row.cluster,
    group: row.consumer_group,
    topic: row.topic,
    atMs: toMs(row.at),
    totalLag: BigInt(row.total_lag),
    timeLagMs: row.time_lag_ms === null ? null : Number(row.time_lag_ms),
    status: row.status,
    members: row.members,
    committed: new Map(
      Object.entries(committed).map(([p, o]) => [Number(p), BigInt(o)]),
    ),
  };
}

/** The observation {@link evaluateLagStatus} judges, from a stored sample. */
export function observationOf(sample: LagSample): GroupLagObservation {
  return {
    atMs: sample.atMs,
    committed: sample.committed,
    totalLag: sample.totalLag,
    members: sample.members,
  };
}

function openKey(i: Pick<LagIncident, 'rule' | 'cluster' | 'group' | 'topic'>) {
  return `${i.rule}\n${i.cluster}\n${i.topic}\n${i.group}`;
}

/**
 * The sampler's consumer lag history and the lag alert incidents, in the plugin's database.
 * Lags stay exact (decimal strings in the database, bigint here).
 */
export class LagHistoryStore {
  readonly #db: Knex;

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<LagHistoryStore> {
    const { database, skipMigrations } = options;
    const client = await database.getClient();
    if (!database.migrations?.skip && !skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new LagHistoryStore(client);
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  /** Stores samples, in multi-row INSERTs of {@link INSERT_BATCH} rows, in one transaction. */
  async addSamples(samples: LagSample[]): Promise<void> {
    if (samples.length === 0) return;
    const rows = samples.map(s => ({
      cluster: s.cluster,
      consumer_group: s.group,
      topic: s.topic,
      at: new Date(s.atMs),
      total_lag: s.totalLag.toString(),
      time_lag_ms: s.timeLagMs,
      status: s.status,
      members: s.members,
      committed: JSON.stringify(
        Object.fromEntries(
          [...s.committed].map(([p, o]) => [String(p), o.toString()]),
        ),
      ),
    }));
    await this.#db.transaction(async tx => {
      for (let i = 0; i < rows.length; i += INSERT_BATCH) {
        await tx(SAMPLES).insert(rows.slice(i, i + INSERT_BATCH));
      }
    });
  }

  /**
   * The latest `size` samples since `sinceMs` of each group on the topics (or on every topic, or
   * of one group) of a cluster, oldest first: the status windows, rebuilt in one query.
   */
  async recentSamples(options: {
    cluster: string;
    topics?: string[];
    group?: string;
    sinceMs: number;
    size: number;
  }): Promise<LagSample[]> {
    const { cluster, topics, group, sinceMs, size } = options;
    if (topics && topics.length === 0) return [];
    const ranked = this.#db(SAMPLES)
      .select(
        'cluster',
        'consumer_group',
        'topic',
        'at',
        'total_lag',
        'time_lag_ms',
        'status',
        'members',
        'committed',
        this.#db.raw(
          'row_number() over (partition by consumer_group, topic order by at desc) as rn',
        ),
      )
      .where('cluster', cluster)
      .andWhere('at', '>=', new Date(sinceMs))
      .modify(q => {
        if (topics) q.whereIn('topic', topics);
        if (group !== undefined) q.andWhere('consumer_group', group);
      })
      .as('ranked');
    const rows: SampleRow[] = await this.#db
      .select('*')
      .from(ranked)
      .where('rn', '<=', size)
      .orderBy([
        { column: 'consumer_group' },
        { column: 'topic' },
        { column: 'at' },
      ]);
    return rows.map(toSample);
  }

  /** Every sample of a topic since `sinceMs` (optionally one cluster, one group), oldest first. */
  async topicSamples(options: {
    topic: string;
    cluster?: string;
    group?: string;
    sinceMs: number;
  }): Promise<LagSample[]> {
    const rows: SampleRow[] = await this.#db(SAMPLES)
      .where('topic', options.topic)
      .andWhere('at', '>=', new Date(options.sinceMs))
      .modify(q => {
        if (options.cluster !== undefined)
          q.andWhere('cluster', options.cluster);
        if (options.group !== undefined)
          q.andWhere('consumer_group', options.group);
      })
      .orderBy([
        { column: 'cluster' },
        { column: 'consumer_group' },
        { column: 'at' },
      ]);
    return rows.map(toSample);
  }

  /**
   * Deletes the samples older than `beforeMs`, and the incidents closed before it, in batches of
   * {@link DELETE_BATCH} rows. Returns the number of samples deleted.
   */
  async prune(beforeMs: number): Promise<number> {
    const before = new Date(beforeMs);
    let deleted = 0;
    for (;;) {
      const n = await this.#db(SAMPLES)
        .whereIn(
          'id',
          this.#db(SAMPLES)
            .select('id')
            .where('at', '<', before)
            .limit(DELETE_BATCH),
        )
        .delete();
      deleted += n;
      if (n < DELETE_BATCH) break;
    }
    await this.#db(INCIDENTS).where('closed_at', '<', before).delete();
    return deleted;
  }

  /** The open incidents of a cluster. */
  async openIncidents(cluster: string): Promise<LagIncident[]> {
    const rows: IncidentRow[] = await this.#db(INCIDENTS)
      .where('cluster', cluster)
      .whereNull('closed_at')
      .orderBy('id');
    return rows.map(row => ({
      id: row.id,
      rule: row.rule,
      cluster: row.cluster,
      group: row.consumer_group,
      topic: row.topic,
      openedAtMs: toMs(row.opened_at),
      details: JSON.parse(row.details) as Record<string, unknown>,
    }));
  }

  /**
   * Opens an incident unless one is open for the same rule, cluster, group and topic (on any
   * replica): the incident, or undefined when it was open already.
   */
  async openIncident(
    incident: Omit<LagIncident, 'id'>,
  ): Promise<LagIncident | undefined> {
    try {
      const [row] = await this.#db(INCIDENTS)
        .insert({
          rule: incident.rule,
          cluster: incident.cluster,
          consumer_group: incident.group,
          topic: incident.topic,
          open_key: openKey(incident),
          details: JSON.stringify(incident.details),
          opened_at: new Date(incident.openedAtMs),
        })
        .returning('id');
      const id = typeof row === 'object' ? (row as { id: number }).id : row;
      return { ...incident, id: Number(id) };
    } catch (error) {
      if (
        isError(error) &&
        (error.code === '23505' || error.code === 'SQLITE_CONSTRAINT_UNIQUE')
      ) {
        return undefined;
      }
      throw error;
    }
  }

  /** Closes an open incident: true for the one caller that closed it. */
  async closeIncident(id: number, closedAtMs: number): Promise<boolean> {
    const n = await this.#db(INCIDENTS)
      .where('id', id)
      .whereNull('closed_at')
      .update({ closed_at: new Date(closedAtMs), open_key: null });
    return n === 1;
  }
}
