import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ResolvedTopicRequest } from '@kafka-taas/plugin-kafka-taas-common';
import { Knex } from 'knex';
import {
  DatabaseTopicRequestStore,
  NewTopicRequest,
} from './DatabaseTopicRequestStore';

// SQLite (the local default) and PostgreSQL (production; scripts/test.sh starts it and exports
// BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING, as TestDatabases expects).
const POSTGRES = `POSTGRES_${
  process.env.KAFKA_TAAS_POSTGRES_MAJOR ?? '15'
}` as TestDatabaseId;
const databases = TestDatabases.create({ ids: ['SQLITE_3', POSTGRES] });

const TABLES = [
  'kafka_taas_topic_requests',
  'kafka_taas_topic_request_approvals',
  'kafka_taas_topic_request_events',
];
const HOUR = 3600_000;

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function setUp(
  databaseId: TestDatabaseId,
): Promise<{ knex: Knex; store: DatabaseTopicRequestStore }> {
  const knex = await databases.init(databaseId);
  const store = await DatabaseTopicRequestStore.create({
    database: mockServices.database({ knex }),
  });
  return { knex, store };
}

/**
 * A second backend replica on the same database. It opens its connections up front, so that
 * concurrent calls really overlap instead of one waiting for a new connection while the other
 * finishes.
 */
async function replica(knex: Knex) {
  await Promise.all(Array.from({ length: 4 }, () => knex.raw('select 1')));
  return DatabaseTopicRequestStore.create({
    database: mockServices.database({ knex }),
    skipMigrations: true,
  });
}

function newRequest(overrides: Partial<NewTopicRequest> = {}): NewTopicRequest {
  const topicName = overrides.topicName ?? 'banking.payments.v1';
  const environment = overrides.environment ?? 'prod';
  const owner = overrides.owner ?? 'group:default/team-payments';
  const resolved: ResolvedTopicRequest = {
    topicName,
    environment,
    cluster: 'prod-cluster',
    tier: 'prod',
    owner,
    description: 'Payments settled by the core banking system',
    partitions: 6,
    replicationFactor: 3,
    retentionMs: 604800000,
    cleanupPolicy: 'delete',
    classification: 'internal',
    criticality: 'high',
    quotaTier: 'bronze',
    configs: { 'retention.ms': '604800000', 'min.insync.replicas': '2' },
    consumers: [],
  };
  return {
    topicName,
    environment,
    cluster: 'prod-cluster',
    owner,
    requestedBy: 'user:default/alice',
    status: 'pending_approval',
    input: {
      domain: 'banking',
      name: 'payments',
      version: 1,
      environment,
      owner,
      description: resolved.description,
      criticality: 'high',
    },
    resolved,
    plan: [
      {
        id: 'topic',
        title: `Create topic ${topicName}`,
        cluster: 'prod-cluster',
        topic: topicName,
        partitions: 6,
        replicationFactor: 3,
        configs: resolved.configs,
      },
      { id: 'done', title: 'Record the result' },
    ],
    approval: {
      required: true,
      roles: [
        {
          role: 'platform',
          title: 'Platform team',
          groups: ['group:default/platform'],
        },
        {
          role: 'data',
          title: 'Data governance',
          groups: ['group:default/data'],
        },
      ],
    },
    expiresAt: new Date(Date.now() + 7 * 24 * HOUR),
    ...overrides,
  };
}

const bothRoles = {
  approvedWhen: (roles: string[]) =>
    ['platform', 'data'].every(r => roles.includes(r)),
};

describe('DatabaseTopicRequestStore', () => {
  it('runs on PostgreSQL as well as SQLite', () => {
    expect(databases.eachSupportedId().map(([id]) => id)).toEqual([
      'SQLITE_3',
      POSTGRES,
    ]);
  });

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    it('migrates up, down (dropping every table) and up again', async () => {
      const { knex } = await setUp(databaseId);
      for (const table of TABLES)
        expect(await knex.schema.hasTable(table)).toBe(true);

      await knex.migrate.rollback(
        {
          directory: resolvePackagePath(
            '@kafka-taas/plugin-kafka-taas-backend',
            'migrations',
          ),
        },
        true,
      );
      for (const table of TABLES)
        expect(await knex.schema.hasTable(table)).toBe(false);

      const store = await DatabaseTopicRequestStore.create({
        database: mockServices.database({ knex }),
      });
      for (const table of TABLES)
        expect(await knex.schema.hasTable(table)).toBe(true);
      await expect(store.create(newRequest())).resolves.toMatchObject({
        status: 'pending_approval',
      });
    });

    it('skips migrations when the database service says so', async () => {
      const knex = await databases.init(databaseId);
      await DatabaseTopicRequestStore.create({
        database: mockServices.database({ knex, migrations: { skip: true } }),
      });
      expect(await knex.schema.hasTable('kafka_taas_topic_requests')).toBe(
        false,
      );
    });

    it('creates a request and reads it back with ISO times, parsed JSON and a created event', async () => {
      const { store } = await setUp(databaseId);
      const input = newRequest();
      const created = await store.create(input);

      expect(created).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        kind: 'create',
        topicName: 'banking.payments.v1',
        environment: 'prod',
        cluster: 'prod-cluster',
        owner: 'group:default/team-payments',
        status: 'pending_approval',
        requestedBy: 'user:default/alice',
        input: input.input,
        resolved: input.resolved,
        plan: input.plan,
        approval: input.approval,
        approvals: [],
        completedSteps: [],
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        updatedAt: created.createdAt,
        expiresAt: input.expiresAt.toISOString(),
      });
      expect(await store.get(created.id)).toEqual(created);
      expect(await store.events(created.id)).toEqual([
        {
          id: expect.any(Number),
          requestId: created.id,
          type: 'created',
          actor: 'user:default/alice',
          at: created.createdAt,
          details: { kind: 'create', status: 'pending_approval' },
        },
      ]);
    });

    it('throws NotFoundError for an unknown request', async () => {
      const { store } = await setUp(databaseId);
      await expect(store.get('no-such-id')).rejects.toMatchObject({
        name: 'NotFoundError',
        message: 'Topic request no-such-id not found',
      });
      await expect(
        store.reject('no-such-id', { by: 'user:default/bob', reason: 'no' }),
      ).rejects.toMatchObject({
        name: 'NotFoundError',
      });
      expect(await store.events('no-such-id')).toEqual([]);
    });

    it('lists newest first, filters by status, owner, environment, requester and id, and pages with a total count', async () => {
      const { store } = await setUp(databaseId);
      const a = await store.create(
        newRequest({ topicName: 'banking.a.v1', environment: 'dev' }),
      );
      await sleep(5);
      const b = await store.create(
        newRequest({
          topicName: 'banking.b.v1',
          owner: 'group:default/team-cards',
          status: 'approved',
        }),
      );
      await sleep(5);
      const c = await store.create(
        newRequest({
          topicName: 'banking.c.v1',
          requestedBy: 'user:default/bob',
        }),
      );
      const ids = (r: { items: Array<{ id: string }> }) =>
        r.items.map(i => i.id);

      expect(ids(await store.list({}))).toEqual([c.id, b.id, a.id]);
      expect(ids(await store.list({ status: ['approved'] }))).toEqual([b.id]);
      expect(
        ids(await store.list({ status: ['approved', 'pending_approval'] })),
      ).toEqual([c.id, b.id, a.id]);
      expect(
        ids(await store.list({ owner: ['group:default/team-cards'] })),
      ).toEqual([b.id]);
      expect(ids(await store.list({ environment: ['dev'] }))).toEqual([a.id]);
      expect(
        ids(
          await store.list({
            environment: ['prod'],
            owner: ['group:default/team-payments'],
          }),
        ),
      ).toEqual([c.id]);
      expect(
        ids(await store.list({ requestedBy: 'user:default/bob' })),
      ).toEqual([c.id]);
      expect(ids(await store.list({ ids: [a.id, c.id] }))).toEqual([
        c.id,
        a.id,
      ]);
      expect(await store.list({ status: ['ready'] })).toEqual({
        items: [],
        totalCount: 0,
      });

      expect(await store.list({ limit: 2 })).toMatchObject({
        items: [{ id: c.id }, { id: b.id }],
        totalCount: 3,
      });
      expect(await store.list({ limit: 2, offset: 2 })).toMatchObject({
        items: [{ id: a.id }],
        totalCount: 3,
      });
      expect(
        await store.list({ limit: 1, offset: 1, environment: ['prod'] }),
      ).toMatchObject({
        items: [{ id: b.id }],
        totalCount: 2,
      });
    });

    it('lists each request with its own approvals', async () => {
      const { store } = await setUp(databaseId);
      const a = await store.create(newRequest({ topicName: 'banking.a.v1' }));
      const b = await store.create(newRequest({ topicName: 'banking.b.v1' }));
      await store.addApproval(
        a.id,
        { role: 'platform', by: 'user:default/carol', comment: 'ok' },
        bothRoles,
      );
      await store.addApproval(
        b.id,
        { role: 'data', by: 'user:default/dave' },
        bothRoles,
      );

      const { items } = await store.list({});
      const approvalsOf = (id: string) =>
        items.find(i => i.id === id)?.approvals;
      expect(approvalsOf(a.id)).toEqual([
        {
          role: 'platform',
          by: 'user:default/carol',
          comment: 'ok',
          at: expect.any(String),
        },
      ]);
      expect(approvalsOf(b.id)).toEqual([
        { role: 'data', by: 'user:default/dave', at: expect.any(String) },
      ]);
    });

    it('refuses a second open request for the same topic and environment, but not on another environment', async () => {
      const { store } = await setUp(databaseId);
      await store.create(newRequest());
      await expect(
        store.create(newRequest({ status: 'approved' })),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message:
          'An open request for topic banking.payments.v1 on prod already exists',
      });
      await expect(
        store.create(newRequest({ environment: 'staging' })),
      ).resolves.toMatchObject({
        environment: 'staging',
      });
      expect((await store.list({})).totalCount).toBe(2);
    });

    it('frees the topic name once the open request is rejected, expired or ready', async () => {
      const { store } = await setUp(databaseId);

      const rejected = await store.create(newRequest());
      await store.reject(rejected.id, {
        by: 'user:default/carol',
        reason: 'not needed',
      });

      const expired = await store.create(
        newRequest({ expiresAt: new Date(Date.now() - 1000) }),
      );
      expect((await store.expireOverdue(new Date())).map(r => r.id)).toEqual([
        expired.id,
      ]);

      const ready = await store.create(newRequest({ status: 'approved' }));
      await store.claim(ready.id, { worker: 'w1', leaseMs: 60_000 });
      await store.markReady(ready.id, { worker: 'w1' });

      await expect(store.create(newRequest())).resolves.toMatchObject({
        status: 'pending_approval',
      });
    });

    it('holds one open change per kind and topic, and one access request per reading group', async () => {
      const { store } = await setUp(databaseId);
      const access = (group: string) =>
        newRequest({
          kind: 'access',
          input: {
            kind: 'access',
            topic: 'banking.payments.v1',
            environment: 'prod',
            group,
            consumerGroup: `${group}.reader`,
            reason: 'dashboards read it',
          },
        });
      const remove = newRequest({
        kind: 'delete',
        input: {
          kind: 'delete',
          topic: 'banking.payments.v1',
          environment: 'prod',
          reason: 'replaced by v2',
        },
      });
      await store.create(newRequest());
      await store.create(access('group:default/team-analytics'));
      await store.create(access('group:default/team-risk'));
      await store.create(remove);
      await expect(
        store.create(access('group:default/team-analytics')),
      ).rejects.toThrow(
        'An open access request for topic banking.payments.v1 on prod already exists',
      );
      await expect(store.create(remove)).rejects.toThrow(
        'An open delete request for topic banking.payments.v1 on prod already exists',
      );
      const { items } = await store.list({
        kind: ['access'],
        topicName: 'banking.payments.v1',
      });
      expect(items.map(r => (r.input as { group: string }).group).sort()).toEqual(
        ['group:default/team-analytics', 'group:default/team-risk'],
      );
    });

    it('retires the ready requests of a topic when its deletion is done, and only those', async () => {
      const { store } = await setUp(databaseId);
      const finish = async (request: NewTopicRequest) => {
        const created = await store.create({ ...request, status: 'approved' });
        await store.claim(created.id, { worker: 'w1', leaseMs: 60_000 });
        return store.markReady(created.id, { worker: 'w1' });
      };
      const topic = await finish(newRequest());
      const other = await finish(newRequest({ environment: 'dev' }));
      const access = await finish(
        newRequest({
          kind: 'access',
          input: {
            kind: 'access',
            topic: 'banking.payments.v1',
            environment: 'prod',
            group: 'group:default/team-analytics',
            consumerGroup: 'analytics',
            reason: 'dashboards read it',
          },
        }),
      );
      const deletion = await finish(
        newRequest({
          kind: 'delete',
          topicRequestId: topic.id,
          input: {
            kind: 'delete',
            topic: 'banking.payments.v1',
            environment: 'prod',
            reason: 'replaced by v2',
          },
        }),
      );

      expect(deletion).toMatchObject({
        kind: 'delete',
        status: 'ready',
        topicRequestId: topic.id,
      });
      expect((await store.get(topic.id)).status).toBe('deleted');
      expect((await store.get(access.id)).status).toBe('deleted');
      expect((await store.get(other.id)).status).toBe('ready');
      expect((await store.events(topic.id)).at(-1)).toMatchObject({
        type: 'deleted',
        actor: 'system',
        details: { deleteRequestId: deletion.id },
      });
      // The name is free: the topic can be requested again.
      await expect(store.create(newRequest())).resolves.toMatchObject({
        kind: 'create',
      });
    });

    it('keeps the topic name while a request is failed', async () => {
      const { store } = await setUp(databaseId);
      const request = await store.create(newRequest({ status: 'approved' }));
      await store.claim(request.id, { worker: 'w1', leaseMs: 60_000 });
      await store.fail(request.id, {
        worker: 'w1',
        step: 'topic',
        error: 'broker down',
      });
      await expect(store.create(newRequest())).rejects.toMatchObject({
        name: 'ConflictError',
      });
    });

    it('lets exactly one of 10 concurrent requests for the same topic through', async () => {
      const { knex, store } = await setUp(databaseId);
      const other = await replica(knex);
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? store : other).create(newRequest()),
        ),
      );
      expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
      const refusals = results.flatMap(r =>
        r.status === 'rejected' ? [r.reason] : [],
      );
      expect(refusals).toHaveLength(9);
      for (const refusal of refusals)
        expect(refusal).toMatchObject({ name: 'ConflictError' });
      expect((await store.list({})).totalCount).toBe(1);
      // the refused requests left no audit rows behind
      expect(
        await knex('kafka_taas_topic_request_events').select('type'),
      ).toEqual([{ type: 'created' }]);
    });

    it('approves a request needing two roles only once both have approved', async () => {
      const { store } = await setUp(databaseId);
      const request = await store.create(newRequest());

      const first = await store.addApproval(
        request.id,
        {
          role: 'platform',
          by: 'user:default/carol',
          comment: 'fine by platform',
        },
        bothRoles,
      );
      expect(first.status).toBe('pending_approval');
      expect(first.approvals).toEqual([
        {
          role: 'platform',
          by: 'user:default/carol',
          comment: 'fine by platform',
          at: expect.any(String),
        },
      ]);

      const second = await store.addApproval(
        request.id,
        { role: 'data', by: 'user:default/dave' },
        bothRoles,
      );
      expect(second.status).toBe('approved');
      expect(second.approvals.map(a => [a.role, a.by])).toEqual([
        ['platform', 'user:default/carol'],
        ['data', 'user:default/dave'],
      ]);
      expect(await store.get(request.id)).toEqual(second);
    });

    it('passes every approved role so far to approvedWhen', async () => {
      const { store } = await setUp(databaseId);
      const request = await store.create(newRequest());
      const seen: string[][] = [];
      const approvedWhen = (roles: string[]) => {
        seen.push([...roles].sort());
        return false;
      };
      await store.addApproval(
        request.id,
        { role: 'platform', by: 'user:default/carol' },
        { approvedWhen },
      );
      await store.addApproval(
        request.id,
        { role: 'data', by: 'user:default/dave' },
        { approvedWhen },
      );
      expect(seen).toEqual([['platform'], ['data', 'platform']]);
    });

    it('refuses a second approval for the same role', async () => {
      const { store } = await setUp(databaseId);
      const request = await store.create(newRequest());
      await store.addApproval(
        request.id,
        { role: 'platform', by: 'user:default/carol' },
        bothRoles,
      );
      await expect(
        store.addApproval(
          request.id,
          { role: 'platform', by: 'user:default/erin' },
          bothRoles,
        ),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: 'role platform is already approved',
      });
      expect((await store.get(request.id)).approvals).toHaveLength(1);
    });

    it('refuses a second approval by the same person for another role', async () => {
      const { store } = await setUp(databaseId);
      const request = await store.create(newRequest());
      await store.addApproval(
        request.id,
        { role: 'platform', by: 'user:default/carol' },
        bothRoles,
      );
      await expect(
        store.addApproval(
          request.id,
          { role: 'data', by: 'user:default/carol' },
          bothRoles,
        ),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: 'user:default/carol has already approved this request',
      });
      expect((await store.get(request.id)).status).toBe('pending_approval');
    });

    it('lets only one of two concurrent approvals for the same role through', async () => {
      const { knex, store } = await setUp(databaseId);
      const other = await replica(knex);
      const request = await store.create(newRequest());
      const results = await Promise.allSettled([
        store.addApproval(
          request.id,
          { role: 'platform', by: 'user:default/carol' },
          bothRoles,
        ),
        other.addApproval(
          request.id,
          { role: 'platform', by: 'user:default/erin' },
          bothRoles,
        ),
      ]);
      expect(results.map(r => r.status).sort()).toEqual([
        'fulfilled',
        'rejected',
      ]);
      expect((await store.get(request.id)).approvals).toHaveLength(1);
    });

    it('approves a request when both roles approve at the same moment', async () => {
      const { knex, store } = await setUp(databaseId);
      const other = await replica(knex);
      const requests = [];
      for (const name of ['a', 'b', 'c', 'd']) {
        requests.push(
          await store.create(newRequest({ topicName: `banking.${name}.v1` })),
        );
      }
      await Promise.all(
        requests.flatMap(request => [
          store.addApproval(
            request.id,
            { role: 'platform', by: 'user:default/carol' },
            bothRoles,
          ),
          other.addApproval(
            request.id,
            { role: 'data', by: 'user:default/dave' },
            bothRoles,
          ),
        ]),
      );
      const { items } = await store.list({ ids: requests.map(r => r.id) });
      expect(items.map(r => [r.status, r.approvals.length])).toEqual(
        Array(4).fill(['approved', 2]),
      );
    });

    it('refuses an approval unless the request is pending, naming its status', async () => {
      const { store } = await setUp(databaseId);
      const request = await store.create(newRequest({ status: 'approved' }));
      await expect(
        store.addApproval(
          request.id,
          { role: 'platform', by: 'user:default/carol' },
          bothRoles,
        ),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: `Topic request ${request.id} is approved, not pending_approval`,
      });
      await expect(
        store.addApproval(
          'no-such-id',
          { role: 'platform', by: 'user:default/carol' },
          bothRoles,
        ),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
      expect(await store.events(request.id)).toHaveLength(1);
    });

    it('rejects a pending request with its reason, and refuses to reject it again', async () => {
      const { store } = await setUp(databaseId);
      const request = await store.create(newRequest());
      const rejected = await store.reject(request.id, {
        by: 'user:default/carol',
        reason: 'use the existing topic',
      });
      expect(rejected).toMatchObject({
        status: 'rejected',
        rejectionReason: 'use the existing topic',
      });
      expect(await store.get(request.id)).toEqual(rejected);
      await expect(
        store.reject(request.id, { by: 'user:default/dave', reason: 'no' }),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: `Topic request ${request.id} is rejected, not pending_approval`,
      });
      expect(
        (await store.events(request.id)).map(e => [e.type, e.actor, e.details]),
      ).toEqual([
        [
          'created',
          'user:default/alice',
          { kind: 'create', status: 'pending_approval' },
        ],
        [
          'rejected',
          'user:default/carol',
          { reason: 'use the existing topic' },
        ],
      ]);
    });

    it('expires only pending requests past their deadline', async () => {
      const { store } = await setUp(databaseId);
      const now = new Date();
      const overdue = await store.create(
        newRequest({
          topicName: 'banking.a.v1',
          expiresAt: new Date(now.getTime() - HOUR),
        }),
      );
      const current = await store.create(
        newRequest({
          topicName: 'banking.b.v1',
          expiresAt: new Date(now.getTime() + HOUR),
        }),
      );
      const approvedOverdue = await store.create(
        newRequest({
          topicName: 'banking.c.v1',
          status: 'approved',
          expiresAt: new Date(now.getTime() - HOUR),
        }),
      );

      const expired = await store.expireOverdue(now);
      expect(expired.map(r => [r.id, r.status])).toEqual([
        [overdue.id, 'expired'],
      ]);
      expect((await store.get(current.id)).status).toBe('pending_approval');
      expect((await store.get(approvedOverdue.id)).status).toBe('approved');
      expect(
        (await store.events(overdue.id)).map(e => [e.type, e.actor]),
      ).toEqual([
        ['created', 'user:default/alice'],
        ['expired', 'system'],
      ]);
      expect(await store.expireOverdue(now)).toEqual([]);

      // one hour later the second one is due as well
      const later = await store.expireOverdue(
        new Date(now.getTime() + 2 * HOUR),
      );
      expect(later.map(r => r.id)).toEqual([current.id]);
    });

    it('expires each request once when two replicas run the expiry together', async () => {
      const { knex, store } = await setUp(databaseId);
      const other = await replica(knex);
      const past = new Date(Date.now() - HOUR);
      for (const name of ['a', 'b', 'c', 'd']) {
        await store.create(
          newRequest({ topicName: `banking.${name}.v1`, expiresAt: past }),
        );
      }
      const [mine, theirs] = await Promise.all([
        store.expireOverdue(new Date()),
        other.expireOverdue(new Date()),
      ]);
      expect([...mine, ...theirs].map(r => r.topicName).sort()).toEqual([
        'banking.a.v1',
        'banking.b.v1',
        'banking.c.v1',
        'banking.d.v1',
      ]);
      expect(
        await knex('kafka_taas_topic_request_events')
          .where('type', 'expired')
          .select('id'),
      ).toHaveLength(4);
    });

    it('gives a request to exactly one of two workers claiming it at once', async () => {
      const { knex, store } = await setUp(databaseId);
      const other = await replica(knex);
      const requests = [];
      for (const name of ['a', 'b', 'c', 'd']) {
        requests.push(
          await store.create(
            newRequest({ topicName: `banking.${name}.v1`, status: 'approved' }),
          ),
        );
      }
      expect((await store.claimable(new Date(), 10)).sort()).toEqual(
        requests.map(r => r.id).sort(),
      );

      const results = await Promise.all(
        requests.map(request =>
          Promise.all([
            store.claim(request.id, { worker: 'w1', leaseMs: 60_000 }),
            other.claim(request.id, { worker: 'w2', leaseMs: 60_000 }),
          ]),
        ),
      );
      for (const [index, pair] of results.entries()) {
        const winners = pair.filter(r => r !== undefined);
        expect(winners).toHaveLength(1);
        expect(winners[0]).toMatchObject({ status: 'provisioning' });
        const started = (await store.events(requests[index].id)).filter(
          e => e.type === 'provisioning-started',
        );
        expect(started).toHaveLength(1);
      }
      expect(await store.claimable(new Date(), 10)).toEqual([]);
    });

    it('offers approved requests and those with an expired lease for claiming, oldest first', async () => {
      const { store } = await setUp(databaseId);
      const crashed = await store.create(
        newRequest({ topicName: 'banking.a.v1', status: 'approved' }),
      );
      await sleep(5);
      const leased = await store.create(
        newRequest({ topicName: 'banking.b.v1', status: 'approved' }),
      );
      await sleep(5);
      await store.create(newRequest({ topicName: 'banking.c.v1' }));
      await sleep(5);
      const approved = await store.create(
        newRequest({ topicName: 'banking.d.v1', status: 'approved' }),
      );
      await sleep(5);
      const newest = await store.create(
        newRequest({ topicName: 'banking.e.v1', status: 'approved' }),
      );

      const t0 = new Date();
      await store.claim(crashed.id, { worker: 'w1', leaseMs: 1000, now: t0 });
      await store.claim(leased.id, { worker: 'w1', leaseMs: 60_000, now: t0 });
      const later = new Date(t0.getTime() + 2000);
      expect(await store.claimable(later, 10)).toEqual([
        crashed.id,
        approved.id,
        newest.id,
      ]);
      expect(await store.claimable(later, 2)).toEqual([
        crashed.id,
        approved.id,
      ]);
    });

    it('refuses to claim a request that is not approved', async () => {
      const { store } = await setUp(databaseId);
      const request = await store.create(newRequest());
      expect(
        await store.claim(request.id, { worker: 'w1', leaseMs: 60_000 }),
      ).toBeUndefined();
      expect(
        await store.claim('no-such-id', { worker: 'w1', leaseMs: 60_000 }),
      ).toBeUndefined();
      expect(await store.claimable(new Date(), 10)).toEqual([]);
    });

    it('lets another worker take over a request whose lease ran out, and refuses the old worker afterwards', async () => {
      const { store } = await setUp(databaseId);
      const request = await store.create(newRequest({ status: 'approved' }));
      const t0 = new Date();
      await store.claim(request.id, { worker: 'w1', leaseMs: 1000, now: t0 });

      const stillLeased = new Date(t0.getTime() + 500);
      expect(
        await store.claim(request.id, {
          worker: 'w2',
          leaseMs: 1000,
          now: stillLeased,
        }),
      ).toBeUndefined();
      expect(await store.claimable(stillLeased, 10)).toEqual([]);

      const afterLease = new Date(t0.getTime() + 2000);
      expect(await store.claimable(afterLease, 10)).toEqual([request.id]);
      expect(
        await store.claim(request.id, {
          worker: 'w2',
          leaseMs: 1000,
          now: afterLease,
        }),
      ).toMatchObject({
        status: 'provisioning',
      });

      await expect(
        store.completeStep(request.id, { worker: 'w1', step: 'topic' }),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: `Worker w1 lost the claim on topic request ${request.id}: it is provisioning, claimed by w2`,
      });
      await expect(
        store.fail(request.id, { worker: 'w1', step: 'topic', error: 'x' }),
      ).rejects.toMatchObject({
        name: 'ConflictError',
      });
      await expect(
        store.markReady(request.id, { worker: 'w1' }),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      expect((await store.get(request.id)).completedSteps).toEqual([]);
    });

    it('renews the lease with every completed step', async () => {
      const { store } = await setUp(databaseId);
      const request = await store.create(newRequest({ status: 'approved' }));
      const t0 = new Date();
      await store.claim(request.id, { worker: 'w1', leaseMs: 1000, now: t0 });
      await store.completeStep(request.id, {
        worker: 'w1',
        step: 'topic',
        now: new Date(t0.getTime() + 900),
      });

      const afterFirstLease = new Date(t0.getTime() + 1500);
      expect(await store.claimable(afterFirstLease, 10)).toEqual([]);
      expect(
        await store.claim(request.id, {
          worker: 'w2',
          leaseMs: 1000,
          now: afterFirstLease,
        }),
      ).toBeUndefined();
      expect(await store.claimable(new Date(t0.getTime() + 2000), 10)).toEqual([
        request.id,
      ]);
    });

    it('records each completed step once', async () => {
      const { store } = await setUp(databaseId);
      const request = await store.create(newRequest({ status: 'approved' }));
      await store.claim(request.id, { worker: 'w1', leaseMs: 60_000 });
      await store.completeStep(request.id, { worker: 'w1', step: 'topic' });
      const again = await store.completeStep(request.id, {
        worker: 'w1',
        step: 'topic',
      });
      expect(again.completedSteps).toEqual(['topic']);
    });

    it('resumes a failed request after retry with the completed steps kept', async () => {
      const { store } = await setUp(databaseId);
      const request = await store.create(newRequest({ status: 'approved' }));
      await store.claim(request.id, { worker: 'w1', leaseMs: 60_000 });
      await store.completeStep(request.id, {
        worker: 'w1',
        step: 'topic',
        details: { created: true },
      });
      const failed = await store.fail(request.id, {
        worker: 'w1',
        step: 'schema',
        error: 'registry unreachable',
      });
      expect(failed).toMatchObject({
        status: 'failed',
        failedStep: 'schema',
        error: 'registry unreachable',
        completedSteps: ['topic'],
      });
      expect(await store.claimable(new Date(), 10)).toEqual([]);
      expect(
        await store.claim(request.id, { worker: 'w2', leaseMs: 60_000 }),
      ).toBeUndefined();

      const retried = await store.retry(request.id, {
        by: 'user:default/alice',
      });
      expect(retried.status).toBe('approved');
      expect(retried).not.toHaveProperty('error');
      expect(retried).not.toHaveProperty('failedStep');
      expect(retried.completedSteps).toEqual(['topic']);
      await expect(
        store.retry(request.id, { by: 'user:default/alice' }),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: `Topic request ${request.id} is approved, not failed`,
      });

      const resumed = await store.claim(request.id, {
        worker: 'w2',
        leaseMs: 60_000,
      });
      expect(resumed).toMatchObject({
        status: 'provisioning',
        completedSteps: ['topic'],
      });
      await store.completeStep(request.id, { worker: 'w2', step: 'schema' });
      const ready = await store.markReady(request.id, { worker: 'w2' });
      expect(ready).toMatchObject({
        status: 'ready',
        completedSteps: ['topic', 'schema'],
      });
    });

    it('refuses to retry a request that has not failed', async () => {
      const { store } = await setUp(databaseId);
      const request = await store.create(newRequest());
      await expect(
        store.retry(request.id, { by: 'user:default/alice' }),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: `Topic request ${request.id} is pending_approval, not failed`,
      });
    });

    it('keeps the full audit trail of a request in order, with actors', async () => {
      const { store } = await setUp(databaseId);
      const request = await store.create(newRequest());
      await store.addApproval(
        request.id,
        { role: 'platform', by: 'user:default/carol', comment: 'ok' },
        bothRoles,
      );
      await store.addApproval(
        request.id,
        { role: 'data', by: 'user:default/dave' },
        bothRoles,
      );
      await store.claim(request.id, { worker: 'w1', leaseMs: 60_000 });
      await store.completeStep(request.id, {
        worker: 'w1',
        step: 'topic',
        details: { partitions: 6 },
      });
      await store.fail(request.id, {
        worker: 'w1',
        step: 'done',
        error: 'catalog down',
      });
      await store.retry(request.id, { by: 'user:default/alice' });
      await store.claim(request.id, { worker: 'w2', leaseMs: 60_000 });
      await store.completeStep(request.id, { worker: 'w2', step: 'done' });
      await store.markReady(request.id, { worker: 'w2' });

      const events = await store.events(request.id);
      expect(
        events.map(({ type, actor, step, details }) => ({
          type,
          actor,
          step,
          details,
        })),
      ).toEqual([
        {
          type: 'created',
          actor: 'user:default/alice',
          step: undefined,
          details: { kind: 'create', status: 'pending_approval' },
        },
        {
          type: 'approved',
          actor: 'user:default/carol',
          step: undefined,
          details: { role: 'platform', comment: 'ok' },
        },
        {
          type: 'approved',
          actor: 'user:default/dave',
          step: undefined,
          details: { role: 'data' },
        },
        {
          type: 'provisioning-started',
          actor: 'system',
          step: undefined,
          details: { worker: 'w1' },
        },
        {
          type: 'step-completed',
          actor: 'system',
          step: 'topic',
          details: { partitions: 6 },
        },
        {
          type: 'step-failed',
          actor: 'system',
          step: 'done',
          details: { error: 'catalog down' },
        },
        {
          type: 'retried',
          actor: 'user:default/alice',
          step: undefined,
          details: { fromStep: 'done' },
        },
        {
          type: 'provisioning-started',
          actor: 'system',
          step: undefined,
          details: { worker: 'w2' },
        },
        {
          type: 'step-completed',
          actor: 'system',
          step: 'done',
          details: undefined,
        },
        { type: 'ready', actor: 'system', step: undefined, details: undefined },
      ]);
      const ids = events.map(e => e.id);
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      for (const event of events) {
        expect(event.requestId).toBe(request.id);
        expect(new Date(event.at).toISOString()).toBe(event.at);
      }
      expect(await store.get(request.id)).toMatchObject({
        status: 'ready',
        completedSteps: ['topic', 'done'],
      });
    });
  });
});
