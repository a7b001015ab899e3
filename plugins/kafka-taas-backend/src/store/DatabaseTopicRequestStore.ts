import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, isError, NotFoundError } from '@backstage/errors';
import {
  ApprovalRequirement,
  OPEN_TOPIC_REQUEST_STATUSES,
  ProvisioningStep,
  ProvisioningStepId,
  ResolvedTopicRequest,
  TopicRequest,
  TopicRequestApproval,
  TopicChangeInput,
  TopicRequestEvent,
  TopicRequestInput,
  TopicRequestKind,
  TopicRequestStatus,
} from '@kafka-taas/plugin-kafka-taas-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';

const migrationsDir = resolvePackagePath(
  '@kafka-taas/plugin-kafka-taas-backend',
  'migrations',
);

const REQUESTS = 'kafka_taas_topic_requests';
const APPROVALS = 'kafka_taas_topic_request_approvals';
const EVENTS = 'kafka_taas_topic_request_events';

/** Lease used when a claim carries none (rows claimed before lease_ms was recorded). */
const DEFAULT_LEASE_MS = 120_000;

/**
 * A time as knex hands it back: a Date on PostgreSQL, epoch milliseconds on SQLite
 * (better-sqlite3 binds Dates as numbers). The store only ever writes Dates.
 */
type DbTime = Date | number | string;

interface RequestRow {
  id: string;
  kind: TopicRequestKind;
  topic_request_id: string | null;
  topic_name: string;
  environment: string;
  cluster: string;
  owner: string;
  requested_by: string;
  status: TopicRequestStatus;
  open_key: string | null;
  input: string;
  resolved: string;
  plan: string;
  approval: string;
  completed_steps: string;
  failed_step: ProvisioningStepId | null;
  error: string | null;
  rejection_reason: string | null;
  claimed_by: string | null;
  claimed_until: DbTime | null;
  lease_ms: number | null;
  created_at: DbTime;
  updated_at: DbTime;
  expires_at: DbTime;
}

interface ApprovalRow {
  id: number;
  request_id: string;
  role: string;
  approved_by: string;
  comment: string | null;
  created_at: DbTime;
}

interface EventRow {
  id: number;
  request_id: string;
  type: TopicRequestEvent['type'];
  actor: string;
  step: ProvisioningStepId | null;
  details: string | null;
  created_at: DbTime;
}

/** What the service hands the store when a request passed policy. */
export interface NewTopicRequest {
  /** `create` when absent. */
  kind?: TopicRequestKind;
  /** For changes: the create request of the topic. */
  topicRequestId?: string;
  topicName: string;
  environment: string;
  cluster: string;
  owner: string;
  requestedBy: string;
  /** `approved` when the approval matrix asks for nobody. */
  status: 'pending_approval' | 'approved';
  input: TopicRequestInput | TopicChangeInput;
  resolved: ResolvedTopicRequest;
  plan: ProvisioningStep[];
  approval: ApprovalRequirement;
  expiresAt: Date;
}

/** Filters of {@link DatabaseTopicRequestStore.list}; each given one must match. */
export interface TopicRequestFilter {
  kind?: TopicRequestKind[];
  topicName?: string;
  status?: TopicRequestStatus[];
  owner?: string[];
  environment?: string[];
  requestedBy?: string;
  ids?: string[];
  limit?: number;
  offset?: number;
}

/** The state a conditional update expects the row to be in. */
type Expectation =
  | { status: TopicRequestStatus }
  | { status: 'provisioning'; claimedBy: string };

function toIso(value: DbTime): string {
  return new Date(value).toISOString();
}

function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/**
 * While a request is open, its open key holds what it may not share with another open request:
 * the topic name on its environment for a creation, one deletion and one schema change per
 * topic and environment, one access request per topic, environment and reading group.
 */
function openKey(
  request: Pick<
    NewTopicRequest,
    'kind' | 'topicName' | 'environment' | 'input'
  >,
  status: TopicRequestStatus,
): string | null {
  if (!OPEN_TOPIC_REQUEST_STATUSES.includes(status)) return null;
  const topicKey = `${request.topicName}@${request.environment}`;
  const kind = request.kind ?? 'create';
  if (kind === 'create') return topicKey;
  const input = request.input as TopicChangeInput;
  return input.kind === 'access'
    ? `access:${topicKey}:${input.group}`
    : `${kind}:${topicKey}`;
}

/**
 * Which unique constraint a database error reports (constraint name on PostgreSQL, the
 * columns in the message on SQLite), or undefined when it is not a unique violation.
 */
function uniqueViolation(error: unknown): string | undefined {
  if (!isError(error)) return undefined;
  if (error.code !== '23505' && error.code !== 'SQLITE_CONSTRAINT_UNIQUE')
    return undefined;
  return `${typeof error.constraint === 'string' ? error.constraint : ''} ${
    error.message
  }`;
}

function toApproval(row: ApprovalRow): TopicRequestApproval {
  return {
    role: row.role,
    by: row.approved_by,
    at: toIso(row.created_at),
    ...(row.comment !== null ? { comment: row.comment } : {}),
  };
}

function toRequest(row: RequestRow, approvals: ApprovalRow[]): TopicRequest {
  return {
    id: row.id,
    kind: row.kind,
    ...(row.topic_request_id !== null
      ? { topicRequestId: row.topic_request_id }
      : {}),
    topicName: row.topic_name,
    environment: row.environment,
    cluster: row.cluster,
    owner: row.owner,
    status: row.status,
    requestedBy: row.requested_by,
    input: parseJson<TopicRequestInput | TopicChangeInput>(row.input),
    resolved: parseJson<ResolvedTopicRequest>(row.resolved),
    plan: parseJson<ProvisioningStep[]>(row.plan),
    approval: parseJson<ApprovalRequirement>(row.approval),
    approvals: approvals.map(toApproval),
    completedSteps: parseJson<ProvisioningStepId[]>(row.completed_steps),
    ...(row.failed_step !== null ? { failedStep: row.failed_step } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
    ...(row.rejection_reason !== null
      ? { rejectionReason: row.rejection_reason }
      : {}),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    expiresAt: toIso(row.expires_at),
  };
}

function toEvent(row: EventRow): TopicRequestEvent {
  return {
    id: row.id,
    requestId: row.request_id,
    type: row.type,
    actor: row.actor,
    at: toIso(row.created_at),
    ...(row.step !== null ? { step: row.step } : {}),
    ...(row.details !== null
      ? { details: parseJson<Record<string, unknown>>(row.details) }
      : {}),
  };
}

/**
 * Topic requests in the plugin's database, with their approvals and an append-only audit
 * trail. Every state change is a conditional update (compare-and-set on the status, and on
 * the claiming worker while provisioning) written in one transaction with its event, so
 * several backend replicas can share one PostgreSQL without two of them deciding or
 * provisioning the same request.
 */
export class DatabaseTopicRequestStore {
  readonly #db: Knex;

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseTopicRequestStore> {
    const { database, skipMigrations } = options;
    const client = await database.getClient();
    if (!database.migrations?.skip && !skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseTopicRequestStore(client);
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  /**
   * Stores a new request and its `created` event. Refuses with a ConflictError while another
   * request for the same topic name and environment is open.
   */
  async create(request: NewTopicRequest): Promise<TopicRequest> {
    const now = new Date();
    const row: RequestRow = {
      id: randomUUID(),
      kind: request.kind ?? 'create',
      topic_request_id: request.topicRequestId ?? null,
      topic_name: request.topicName,
      environment: request.environment,
      cluster: request.cluster,
      owner: request.owner,
      requested_by: request.requestedBy,
      status: request.status,
      open_key: openKey(request, request.status),
      input: JSON.stringify(request.input),
      resolved: JSON.stringify(request.resolved),
      plan: JSON.stringify(request.plan),
      approval: JSON.stringify(request.approval),
      completed_steps: '[]',
      failed_step: null,
      error: null,
      rejection_reason: null,
      claimed_by: null,
      claimed_until: null,
      lease_ms: null,
      created_at: now,
      updated_at: now,
      expires_at: request.expiresAt,
    };
    try {
      await this.#db.transaction(async tx => {
        await tx<RequestRow>(REQUESTS).insert(row);
        await this.#appendEvent(tx, {
          requestId: row.id,
          type: 'created',
          actor: request.requestedBy,
          at: now,
          details: { kind: row.kind, status: request.status },
        });
      });
    } catch (error) {
      if (uniqueViolation(error)?.includes('open_key')) {
        const what =
          row.kind === 'create'
            ? 'An open request'
            : `An open ${row.kind} request`;
        throw new ConflictError(
          `${what} for topic ${request.topicName} on ${request.environment} already exists`,
        );
      }
      throw error;
    }
    return toRequest(row, []);
  }

  /** The request with its approvals; NotFoundError when there is none. */
  async get(id: string): Promise<TopicRequest> {
    return this.#load(this.#db, id);
  }

  /** The audit trail of a request, oldest first (empty for an unknown id). */
  async events(id: string): Promise<TopicRequestEvent[]> {
    const rows = await this.#db<EventRow>(EVENTS)
      .where('request_id', id)
      .orderBy('id', 'asc');
    return rows.map(toEvent);
  }

  /** Requests matching every given filter, newest first, with the count of all matches. */
  async list(
    filter: TopicRequestFilter,
  ): Promise<{ items: TopicRequest[]; totalCount: number }> {
    const query = this.#db<RequestRow>(REQUESTS);
    if (filter.kind) query.whereIn('kind', filter.kind);
    if (filter.topicName !== undefined)
      query.where('topic_name', filter.topicName);
    if (filter.status) query.whereIn('status', filter.status);
    if (filter.owner) query.whereIn('owner', filter.owner);
    if (filter.environment) query.whereIn('environment', filter.environment);
    if (filter.requestedBy !== undefined)
      query.where('requested_by', filter.requestedBy);
    if (filter.ids) query.whereIn('id', filter.ids);

    const counted = await query.clone().count({ count: '*' }).first();
    const page = query
      .clone()
      .select('*')
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    if (filter.limit !== undefined) page.limit(filter.limit);
    if (filter.offset) page.offset(filter.offset);
    const rows: RequestRow[] = await page;

    const approvals = await this.#approvalsOf(
      this.#db,
      rows.map(r => r.id),
    );
    return {
      items: rows.map(row => toRequest(row, approvals.get(row.id) ?? [])),
      totalCount: Number(counted?.count ?? 0),
    };
  }

  /**
   * Records one approval of a pending request and, when `approvedWhen` says the approved roles
   * suffice, moves it to `approved`. Concurrent approvals of one request are serialised on its
   * row, so the last one always sees the others.
   */
  async addApproval(
    id: string,
    approval: { role: string; by: string; comment?: string },
    options: { approvedWhen: (approvedRoles: string[]) => boolean },
  ): Promise<TopicRequest> {
    return this.#db.transaction(async tx => {
      const now = new Date();
      // Takes the row lock (PostgreSQL) and checks the status in one statement.
      await this.#transition(
        tx,
        id,
        { status: 'pending_approval' },
        { updated_at: now },
      );

      const existing = await tx<ApprovalRow>(APPROVALS)
        .where('request_id', id)
        .orderBy('id', 'asc');
      if (existing.some(a => a.role === approval.role)) {
        throw new ConflictError(`role ${approval.role} is already approved`);
      }
      if (existing.some(a => a.approved_by === approval.by)) {
        throw new ConflictError(
          `${approval.by} has already approved this request`,
        );
      }
      try {
        await tx<ApprovalRow>(APPROVALS).insert({
          request_id: id,
          role: approval.role,
          approved_by: approval.by,
          comment: approval.comment ?? null,
          created_at: now,
        });
      } catch (error) {
        const violated = uniqueViolation(error);
        if (violated === undefined) throw error;
        throw new ConflictError(
          /approved_by|approver/.test(violated)
            ? `${approval.by} has already approved this request`
            : `role ${approval.role} is already approved`,
        );
      }
      await this.#appendEvent(tx, {
        requestId: id,
        type: 'approved',
        actor: approval.by,
        at: now,
        details: { role: approval.role, comment: approval.comment },
      });

      const approvedRoles = [...existing.map(a => a.role), approval.role];
      if (options.approvedWhen(approvedRoles)) {
        await this.#transition(
          tx,
          id,
          { status: 'pending_approval' },
          { status: 'approved' },
        );
      }
      return this.#load(tx, id);
    });
  }

  /** Rejects a pending request; its topic name is free again. */
  async reject(
    id: string,
    decision: { by: string; reason: string },
  ): Promise<TopicRequest> {
    return this.#db.transaction(async tx => {
      const now = new Date();
      await this.#transition(
        tx,
        id,
        { status: 'pending_approval' },
        {
          status: 'rejected',
          open_key: null,
          rejection_reason: decision.reason,
          updated_at: now,
        },
      );
      await this.#appendEvent(tx, {
        requestId: id,
        type: 'rejected',
        actor: decision.by,
        at: now,
        details: { reason: decision.reason },
      });
      return this.#load(tx, id);
    });
  }

  /**
   * Expires every pending request whose deadline passed and returns them. Safe to run on
   * several replicas at once: a request expired by another one is not returned here.
   */
  async expireOverdue(now: Date): Promise<TopicRequest[]> {
    const overdue = await this.#db<RequestRow>(REQUESTS)
      .where('status', 'pending_approval')
      .andWhere('expires_at', '<', now)
      .orderBy('expires_at', 'asc')
      .select('id');

    const expired: TopicRequest[] = [];
    for (const { id } of overdue) {
      const request = await this.#db.transaction(async tx => {
        const count = await tx<RequestRow>(REQUESTS)
          .where({ id, status: 'pending_approval' })
          .andWhere('expires_at', '<', now)
          .update({ status: 'expired', open_key: null, updated_at: now });
        if (count === 0) return undefined;
        const row = await this.#load(tx, id);
        await this.#appendEvent(tx, {
          requestId: id,
          type: 'expired',
          actor: 'system',
          at: now,
          details: { expiresAt: row.expiresAt },
        });
        return row;
      });
      if (request) expired.push(request);
    }
    return expired;
  }

  /**
   * Takes a request for provisioning: an approved one, or one whose previous worker's lease ran
   * out. One conditional UPDATE, so of several workers exactly one wins; the others get
   * undefined.
   */
  async claim(
    id: string,
    options: { worker: string; leaseMs: number; now?: Date },
  ): Promise<TopicRequest | undefined> {
    const now = options.now ?? new Date();
    return this.#db.transaction(async tx => {
      const count = await tx<RequestRow>(REQUESTS)
        .where('id', id)
        .andWhere(q =>
          q
            .where('status', 'approved')
            .orWhere(expired =>
              expired
                .where('status', 'provisioning')
                .andWhere('claimed_until', '<', now),
            ),
        )
        .update({
          status: 'provisioning',
          claimed_by: options.worker,
          claimed_until: new Date(now.getTime() + options.leaseMs),
          lease_ms: options.leaseMs,
          updated_at: now,
        });
      if (count === 0) return undefined;
      await this.#appendEvent(tx, {
        requestId: id,
        type: 'provisioning-started',
        actor: 'system',
        at: now,
        details: { worker: options.worker },
      });
      return this.#load(tx, id);
    });
  }

  /** Ids ready to be claimed: approved, or provisioning under an expired lease. Oldest first. */
  async claimable(now: Date, limit: number): Promise<string[]> {
    const rows = await this.#db<RequestRow>(REQUESTS)
      .where('status', 'approved')
      .orWhere(expired =>
        expired
          .where('status', 'provisioning')
          .andWhere('claimed_until', '<', now),
      )
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(limit)
      .select('id');
    return rows.map(r => r.id);
  }

  /**
   * Records a finished provisioning step and renews the lease. Refused with a ConflictError
   * when the worker no longer holds the claim.
   */
  async completeStep(
    id: string,
    options: {
      worker: string;
      step: ProvisioningStepId;
      details?: Record<string, unknown>;
      now?: Date;
    },
  ): Promise<TopicRequest> {
    const now = options.now ?? new Date();
    return this.#db.transaction(async tx => {
      await this.#transition(
        tx,
        id,
        { status: 'provisioning', claimedBy: options.worker },
        { updated_at: now },
      );
      const row = await tx<RequestRow>(REQUESTS).where('id', id).first();
      if (!row) throw new NotFoundError(`Topic request ${id} not found`);
      const steps = parseJson<ProvisioningStepId[]>(row.completed_steps);
      await tx<RequestRow>(REQUESTS)
        .where('id', id)
        .update({
          completed_steps: JSON.stringify(
            steps.includes(options.step) ? steps : [...steps, options.step],
          ),
          claimed_until: new Date(
            now.getTime() + (row.lease_ms ?? DEFAULT_LEASE_MS),
          ),
        });
      await this.#appendEvent(tx, {
        requestId: id,
        type: 'step-completed',
        actor: 'system',
        at: now,
        step: options.step,
        details: options.details,
      });
      return this.#load(tx, id);
    });
  }

  /** A step failed: the request keeps its topic name and what was done, and can be retried. */
  async fail(
    id: string,
    options: { worker: string; step: ProvisioningStepId; error: string },
  ): Promise<TopicRequest> {
    return this.#db.transaction(async tx => {
      const now = new Date();
      await this.#transition(
        tx,
        id,
        { status: 'provisioning', claimedBy: options.worker },
        {
          status: 'failed',
          failed_step: options.step,
          error: options.error,
          claimed_by: null,
          claimed_until: null,
          lease_ms: null,
          updated_at: now,
        },
      );
      await this.#appendEvent(tx, {
        requestId: id,
        type: 'step-failed',
        actor: 'system',
        at: now,
        step: options.step,
        details: { error: options.error },
      });
      return this.#load(tx, id);
    });
  }

  /**
   * Every step is done: the request is ready and closed. A finished deletion also retires the
   * topic's ready requests on its environment (`deleted`), so the topic's state starts afresh
   * if the name is requested again.
   */
  async markReady(
    id: string,
    options: { worker: string },
  ): Promise<TopicRequest> {
    return this.#db.transaction(async tx => {
      const now = new Date();
      const before = await this.#load(tx, id);
      if (before.kind === 'delete') {
        const retired = tx<RequestRow>(REQUESTS)
          .where({
            topic_name: before.topicName,
            environment: before.environment,
            status: 'ready',
          })
          .whereNot('kind', 'delete');
        for (const { id: retiredId } of await retired.clone().select('id')) {
          await this.#appendEvent(tx, {
            requestId: retiredId,
            type: 'deleted',
            actor: 'system',
            at: now,
            details: { deleteRequestId: id },
          });
        }
        await retired.update({ status: 'deleted', updated_at: now });
      }
      await this.#transition(
        tx,
        id,
        { status: 'provisioning', claimedBy: options.worker },
        {
          status: 'ready',
          open_key: null,
          claimed_by: null,
          claimed_until: null,
          lease_ms: null,
          updated_at: now,
        },
      );
      await this.#appendEvent(tx, {
        requestId: id,
        type: 'ready',
        actor: 'system',
        at: now,
      });
      return this.#load(tx, id);
    });
  }

  /** Puts a failed request back to approved; provisioning resumes after its completed steps. */
  async retry(id: string, options: { by: string }): Promise<TopicRequest> {
    return this.#db.transaction(async tx => {
      const now = new Date();
      const before = await this.#load(tx, id);
      await this.#transition(
        tx,
        id,
        { status: 'failed' },
        { status: 'approved', failed_step: null, error: null, updated_at: now },
      );
      await this.#appendEvent(tx, {
        requestId: id,
        type: 'retried',
        actor: options.by,
        at: now,
        details: { fromStep: before.failedStep },
      });
      return this.#load(tx, id);
    });
  }

  /**
   * Applies `patch` only when the row is in the expected state (compare-and-set); otherwise
   * throws NotFoundError or a ConflictError that names the state the request is really in.
   */
  async #transition(
    tx: Knex.Transaction,
    id: string,
    expected: Expectation,
    patch: Partial<RequestRow>,
  ): Promise<void> {
    const query = tx<RequestRow>(REQUESTS).where({
      id,
      status: expected.status,
    });
    if ('claimedBy' in expected)
      query.andWhere('claimed_by', expected.claimedBy);
    const count = await query.update(patch);
    if (count === 1) return;

    const current = await tx<RequestRow>(REQUESTS).where('id', id).first();
    if (!current) throw new NotFoundError(`Topic request ${id} not found`);
    if ('claimedBy' in expected) {
      const holder = current.claimed_by
        ? `, claimed by ${current.claimed_by}`
        : '';
      throw new ConflictError(
        `Worker ${expected.claimedBy} lost the claim on topic request ${id}: it is ${current.status}${holder}`,
      );
    }
    throw new ConflictError(
      `Topic request ${id} is ${current.status}, not ${expected.status}`,
    );
  }

  async #appendEvent(
    tx: Knex.Transaction,
    event: {
      requestId: string;
      type: TopicRequestEvent['type'];
      actor: string;
      at: Date;
      step?: ProvisioningStepId;
      details?: Record<string, unknown>;
    },
  ): Promise<void> {
    await tx<EventRow>(EVENTS).insert({
      request_id: event.requestId,
      type: event.type,
      actor: event.actor,
      step: event.step ?? null,
      details:
        event.details === undefined ? null : JSON.stringify(event.details),
      created_at: event.at,
    });
  }

  async #load(db: Knex | Knex.Transaction, id: string): Promise<TopicRequest> {
    const row = await db<RequestRow>(REQUESTS).where('id', id).first();
    if (!row) throw new NotFoundError(`Topic request ${id} not found`);
    const approvals = await this.#approvalsOf(db, [id]);
    return toRequest(row, approvals.get(id) ?? []);
  }

  /** Approvals of many requests in one query, in the order they were given. */
  async #approvalsOf(
    db: Knex | Knex.Transaction,
    ids: string[],
  ): Promise<Map<string, ApprovalRow[]>> {
    const byRequest = new Map<string, ApprovalRow[]>();
    if (ids.length === 0) return byRequest;
    const rows = await db<ApprovalRow>(APPROVALS)
      .whereIn('request_id', ids)
      .orderBy('id', 'asc');
    for (const row of rows) {
      const list = byRequest.get(row.request_id) ?? [];
      list.push(row);
      byRequest.set(row.request_id, list);
    }
    return byRequest;
  }
}
