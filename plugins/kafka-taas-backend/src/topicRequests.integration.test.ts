import { Admin } from '@platformatic/kafka';
import { mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  as,
  startKafkaTaasBackend,
  testKafkaTaasConfig,
} from './__testUtils__/testBackend';
import {
  eventually,
  localClusterConfig,
  localStack,
  uniqueName,
} from './__testUtils__/localStack';
import { TcpProxy } from './__testUtils__/tcpProxy';

// The topic-request API end to end: Backstage's test backend with the real plugin, SQLite,
// the real local Kafka and Apicurio Registry (started by scripts/test.sh).

const avroSchema = JSON.stringify({
  type: 'record',
  name: 'PaymentAuthorized',
  namespace: 'com.example.payments',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amountCents', type: 'long' },
  ],
});

function topicRequest(overrides: Record<string, unknown> = {}) {
  return {
    domain: 'banking',
    subdomain: 'payments',
    name: uniqueName('auth').replace(/[^a-z0-9-]/g, ''),
    environment: 'dev',
    owner: 'group:default/team-payments',
    description: 'Authorized card payments, one event per authorization.',
    partitions: 3,
    replicationFactor: 1,
    schema: { type: 'avro', value: avroSchema },
    ...overrides,
  };
}

type Server = Awaited<ReturnType<typeof startKafkaTaasBackend>>['server'];

async function waitForStatus(server: Server, id: string, statuses: string[]) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await request(server)
      .get(`/api/kafka-taas/topic-requests/${id}`)
      .set('Authorization', as('alice'));
    if (statuses.includes(res.body.request?.status) || Date.now() > deadline)
      return res.body;
    await new Promise(r => setTimeout(r, 200));
  }
}

const admin = new Admin({
  clientId: 'test-readback',
  bootstrapBrokers: localStack().plaintextBrokers,
});

/** Partition count of the topic on the broker, or undefined when it does not exist. */
async function topicPartitions(topic: string): Promise<number | undefined> {
  if (!(await admin.listTopics()).includes(topic)) return undefined;
  const metadata = await admin.metadata({ topics: [topic], forceUpdate: true });
  return metadata.topics.get(topic)?.partitionsCount;
}

afterAll(() => admin.close());

describe('topic requests', () => {
  let backend: Awaited<ReturnType<typeof startKafkaTaasBackend>>;
  beforeAll(async () => {
    backend = await startKafkaTaasBackend({ admins: ['paula'] });
  });
  afterAll(() => backend.stop());

  it('serves the effective policy for forms', async () => {
    const res = await request(backend.server)
      .get('/api/kafka-taas/policy')
      .set('Authorization', as('alice'));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.environments)).toEqual(['dev', 'prod']);
    expect(res.body.partitions).toMatchObject({ min: 1, max: 100, default: 6 });
    expect(res.body.approvals.matrix.critical.prod).toEqual([
      'platform',
      'security',
    ]);
  });

  it('plans without creating anything: violations, approval and exact steps', async () => {
    const body = topicRequest({
      environment: 'prod',
      criticality: 'critical',
      partitions: 6,
      replicationFactor: 3,
    });
    const res = await request(backend.server)
      .post('/api/kafka-taas/topic-requests/plan')
      .set('Authorization', as('alice'))
      .send(body);
    expect(res.status).toBe(200);
    expect(res.body.violations).toEqual([]);
    expect(res.body.approval).toMatchObject({
      required: true,
      roles: [{ role: 'platform' }, { role: 'security' }],
    });
    expect(res.body.steps.map((s: { id: string }) => s.id)).toEqual([
      'topic',
      'schema',
      'acls',
      'quotas',
      'done',
    ]);
    expect(await topicPartitions(res.body.topicName)).toBeUndefined();
  });

  it('provisions an auto-approved dev request: topic, schema, ACLs, quotas, audit trail', async () => {
    const body = topicRequest();
    const res = await request(backend.server)
      .post('/api/kafka-taas/topic-requests')
      .set('Authorization', as('alice'))
      .send(body);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      status: 'approved',
      approvalRequired: false,
    });
    const topic = `banking.payments.${body.name}`;
    expect(res.body.topicName).toBe(topic);

    const done = await waitForStatus(backend.server, res.body.id, [
      'ready',
      'failed',
    ]);
    expect(done.request.error).toBeUndefined();
    expect(done.request.status).toBe('ready');
    expect(done.request.completedSteps).toEqual([
      'topic',
      'schema',
      'acls',
      'quotas',
      'done',
    ]);
    expect(done.events.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'provisioning-started',
      'step-completed',
      'step-completed',
      'step-completed',
      'step-completed',
      'step-completed',
      'ready',
    ]);
    expect(done.events[0].actor).toBe('user:default/alice');
    await eventually(async () => expect(await topicPartitions(topic)).toBe(3));

    const subject = await fetch(
      `${localStack().registryUrl}/subjects/${topic}-value/versions/latest`,
    );
    expect(subject.status).toBe(200);
    expect(JSON.parse((await subject.json()).schema)).toMatchObject({
      name: 'PaymentAuthorized',
    });

    expect(backend.notifications.map(n => n.payload.title)).toContain(
      `Kafka topic ${topic} is ready`,
    );
  });

  it('refuses a second request for a topic that exists on the cluster with 409', async () => {
    const body = topicRequest();
    const first = await request(backend.server)
      .post('/api/kafka-taas/topic-requests')
      .set('Authorization', as('alice'))
      .send(body);
    await waitForStatus(backend.server, first.body.id, ['ready', 'failed']);

    const again = await request(backend.server)
      .post('/api/kafka-taas/topic-requests')
      .set('Authorization', as('alice'))
      .send(body);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(
      'already exists on cluster local',
    );
  });

  it('gives exactly one topic for ten concurrent identical requests; the rest get 409', async () => {
    const body = topicRequest();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        request(backend.server)
          .post('/api/kafka-taas/topic-requests')
          .set('Authorization', as('alice'))
          .send(body),
      ),
    );
    const statuses = responses.map(r => r.status).sort();
    expect(statuses).toEqual([
      202, 409, 409, 409, 409, 409, 409, 409, 409, 409,
    ]);
    const accepted = responses.find(r => r.status === 202);
    const done = await waitForStatus(backend.server, accepted?.body.id, [
      'ready',
      'failed',
    ]);
    expect(done.request.status).toBe('ready');
  });

  it('creates nothing for a prod critical request until platform and security both approve', async () => {
    const body = topicRequest({
      environment: 'prod',
      criticality: 'critical',
      partitions: 6,
    });
    const submitted = await request(backend.server)
      .post('/api/kafka-taas/topic-requests')
      .set('Authorization', as('alice'))
      .send(body);
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({
      status: 'pending_approval',
      approvalRequired: true,
    });
    const { id, topicName } = submitted.body;
    const approvers = backend.notifications.find(n =>
      n.payload.title.startsWith(`Approval needed: Kafka topic ${topicName}`),
    );
    expect(approvers?.recipients).toMatchObject({
      entityRef: ['group:default/platform-team', 'group:default/security-team'],
      excludeEntityRef: 'user:default/alice',
    });

    const approve = (user: string, decision: object = {}) =>
      request(backend.server)
        .post(`/api/kafka-taas/topic-requests/${id}/approve`)
        .set('Authorization', as(user))
        .send(decision);

    expect((await approve('alice')).status).toBe(403); // the requester never approves
    const carol = await approve('carol'); // data governance is not needed here
    expect(carol.status).toBe(403);
    expect(carol.body.error.message).toContain(
      'platform (members of group:default/platform-team)',
    );

    const inbox = await request(backend.server)
      .get('/api/kafka-taas/topic-requests?awaitingMyApproval=true')
      .set('Authorization', as('dave'));
    expect(inbox.body.items.map((r: { id: string }) => r.id)).toContain(id);

    const bob = await approve('bob', {
      role: 'platform',
      comment: 'capacity ok',
    });
    expect(bob.status).toBe(200);
    expect(bob.body.status).toBe('pending_approval');
    expect((await approve('bob', { role: 'security' })).status).toBe(403); // one person, one approval
    expect(await topicPartitions(topicName)).toBeUndefined();

    const dave = await approve('dave');
    expect(dave.status).toBe(200);
    expect(dave.body.status).toBe('approved');
    expect(
      dave.body.approvals.map((a: { role: string; by: string }) => [
        a.role,
        a.by,
      ]),
    ).toEqual([
      ['platform', 'user:default/bob'],
      ['security', 'user:default/dave'],
    ]);

    const done = await waitForStatus(backend.server, id, ['ready', 'failed']);
    expect(done.request.status).toBe('ready');
    await eventually(async () =>
      expect(await topicPartitions(topicName)).toBe(6),
    );
  });

  it('rejects with a reason, and refuses an empty reason', async () => {
    const submitted = await request(backend.server)
      .post('/api/kafka-taas/topic-requests')
      .set('Authorization', as('alice'))
      .send(topicRequest({ environment: 'prod', criticality: 'medium' }));
    const { id } = submitted.body;
    const reject = (user: string, body: object) =>
      request(backend.server)
        .post(`/api/kafka-taas/topic-requests/${id}/reject`)
        .set('Authorization', as(user))
        .send(body);

    const empty = await reject('bob', {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('reason');
    const rejected = await reject('bob', {
      reason: 'Use the existing banking.payments.authorized topic.',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Use the existing banking.payments.authorized topic.',
    });
    const late = await request(backend.server)
      .post(`/api/kafka-taas/topic-requests/${id}/approve`)
      .set('Authorization', as('bob'))
      .send({});
    expect(late.status).toBe(409);
  });

  it('refuses a request for a group the caller is not in with 403, unless a platform admin asks', async () => {
    const body = topicRequest({ owner: 'group:default/team-analytics' });
    const alice = await request(backend.server)
      .post('/api/kafka-taas/topic-requests/')
      .set('Authorization', as('alice'))
      .send(body);
    expect(alice.status).toBe(403);
    expect(alice.body.error.message).toContain(
      'not a member of group:default/team-analytics',
    );

    const paula = await request(backend.server)
      .post('/api/kafka-taas/topic-requests')
      .set('Authorization', as('paula'))
      .send(body);
    expect(paula.status).toBe(202);
  });

  it('lists requests with filters', async () => {
    const mine = await request(backend.server)
      .get('/api/kafka-taas/topic-requests?mine=true&status=ready,failed')
      .set('Authorization', as('alice'));
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    for (const item of mine.body.items) {
      expect(item.requestedBy).toBe('user:default/alice');
      expect(['ready', 'failed']).toContain(item.status);
    }
    const bad = await request(backend.server)
      .get('/api/kafka-taas/topic-requests?status=done')
      .set('Authorization', as('alice'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('status');
    expect(bad.body.error.message).toContain('pending_approval, approved');
  });
});

describe('request lifecycle edges', () => {
  const tasks = new Map<string, () => Promise<unknown>>();
  let backend: Awaited<ReturnType<typeof startKafkaTaasBackend>>;
  beforeAll(async () => {
    backend = await startKafkaTaasBackend({
      // Requests expire after about a second; the test runs the scheduled tasks itself.
      kafkaTaas: testKafkaTaasConfig({
        approvals: {
          ...testKafkaTaasConfig().approvals,
          expireAfterDays: 1 / 86400,
        },
      }),
      services: [
        mockServices.scheduler.mock({
          scheduleTask: async task => {
            tasks.set(task.id, async () =>
              task.fn(new AbortController().signal),
            );
          },
        }).factory,
      ],
    });
  });
  afterAll(() => backend.stop());

  it('expires an undecided request when its time is up and tells the requester', async () => {
    const submitted = await request(backend.server)
      .post('/api/kafka-taas/topic-requests')
      .set('Authorization', as('alice'))
      .send(topicRequest({ environment: 'prod' }));
    expect(submitted.body.status).toBe('pending_approval');
    await new Promise(r => setTimeout(r, 1200));
    await tasks.get('kafka-taas-expire-requests')?.();

    const { request: expired, events } = await waitForStatus(
      backend.server,
      submitted.body.id,
      ['expired'],
    );
    expect(expired.status).toBe('expired');
    expect(events[events.length - 1]).toMatchObject({
      type: 'expired',
      actor: 'system',
    });
    expect(backend.notifications.map(n => n.payload.title)).toContain(
      `Kafka topic ${submitted.body.topicName}: request expired`,
    );
    // The name is free again.
    const again = await request(backend.server)
      .post('/api/kafka-taas/topic-requests')
      .set('Authorization', as('alice'))
      .send({
        ...topicRequest({ environment: 'prod' }),
        name: submitted.body.topicName.split('.')[2],
      });
    expect(again.status).toBe(202);
  });

  it('answers 404 for an unknown request and 400 for an id that is not one', async () => {
    const unknown = await request(backend.server)
      .get(
        '/api/kafka-taas/topic-requests/00000000-0000-4000-8000-000000000000',
      )
      .set('Authorization', as('alice'));
    expect(unknown.status).toBe(404);
    const malformed = await request(backend.server)
      .get('/api/kafka-taas/topic-requests/x')
      .set('Authorization', as('alice'));
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toContain('id');
  });

  it('refuses to retry a request that has not failed, and to approve for a role it does not need', async () => {
    const submitted = await request(backend.server)
      .post('/api/kafka-taas/topic-requests')
      .set('Authorization', as('alice'))
      .send(topicRequest({ environment: 'prod' }));
    const retry = await request(backend.server)
      .post(`/api/kafka-taas/topic-requests/${submitted.body.id}/retry`)
      .set('Authorization', as('alice'));
    expect(retry.status).toBe(409);
    const approve = await request(backend.server)
      .post(`/api/kafka-taas/topic-requests/${submitted.body.id}/approve`)
      .set('Authorization', as('bob'))
      .send({ role: 'security' });
    expect(approve.status).toBe(400);
    expect(approve.body.error.message).toContain('needed: team-lead');
  });
});

describe('bad input', () => {
  let backend: Awaited<ReturnType<typeof startKafkaTaasBackend>>;
  beforeAll(async () => {
    backend = await startKafkaTaasBackend();
  });
  afterAll(() => backend.stop());

  const post = (body: unknown) =>
    request(backend.server)
      .post('/api/kafka-taas/topic-requests')
      .set('Authorization', as('alice'))
      .set('Content-Type', 'application/json')
      .send(typeof body === 'string' ? body : JSON.stringify(body));

  it.each([
    ['partitions as a string', { partitions: '6' }, 'partitions'],
    ['an unknown field', { colour: 'blue' }, 'colour'],
    [
      'an oversize description',
      { description: 'x'.repeat(5000) },
      'description',
    ],
    ['a missing name', { name: undefined }, 'name'],
  ])('refuses %s with 400 naming the field', async (_label, change, field) => {
    const res = await post({ ...topicRequest(), ...change });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(field);
  });

  it('refuses malformed JSON with 400', async () => {
    const res = await post('{"domain": "banking",');
    expect(res.status).toBe(400);
  });

  it.each([
    ['a name with dots', { name: 'a.b' }, 'name', 'pattern'],
    ['an uppercase name', { name: 'Payments' }, 'name', 'pattern'],
    ['a name with spaces', { name: 'card payments' }, 'name', 'pattern'],
    ['a unicode name', { name: 'paiement-reçu' }, 'name', 'pattern'],
    ['a name with path characters', { name: '../etc' }, 'name', 'pattern'],
    ['0 partitions', { partitions: 0 }, 'partitions', 'min'],
    ['101 partitions', { partitions: 101 }, 'partitions', 'max'],
    ['1e9 partitions', { partitions: 1e9 }, 'partitions', 'max'],
    ['negative retention', { retentionMs: -1 }, 'retentionMs', 'min'],
    ['absurd retention', { retentionMs: 10 ** 15 }, 'retentionMs', 'max'],
    ['an unknown domain', { domain: 'gaming' }, 'domain', 'enum'],
    ['an unknown environment', { environment: 'qa' }, 'environment', 'enum'],
    [
      'an unknown classification',
      { classification: 'secret' },
      'classification',
      'enum',
    ],
    [
      'an unknown criticality',
      { criticality: 'urgent' },
      'criticality',
      'enum',
    ],
    [
      'a short description',
      { description: 'topic' },
      'description',
      'minLength',
    ],
    [
      'an owner group that does not exist',
      { owner: 'group:default/nobody' },
      'owner',
      'exists',
    ],
    [
      'a schema that does not parse',
      { schema: { type: 'avro', value: '{"type": "record"' } },
      'schema.value',
      'parse',
    ],
  ])(
    'refuses %s with 400 naming the field and rule, creating nothing',
    async (_label, change, field, rule) => {
      const body = { ...topicRequest(), ...change };
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.body.violations).toContainEqual(
        expect.objectContaining({ field, rule }),
      );
      const list = await request(backend.server)
        .get('/api/kafka-taas/topic-requests')
        .set('Authorization', as('alice'));
      expect(list.body.totalCount).toBe(0);
    },
  );

  it('returns every violation at once', async () => {
    const res = await post({
      ...topicRequest(),
      domain: 'gaming',
      partitions: 101,
      classification: 'secret',
    });
    expect(res.status).toBe(400);
    expect(
      res.body.violations.map((v: { field: string }) => v.field).sort(),
    ).toEqual(['classification', 'domain', 'partitions']);
  });

  it('refuses an incompatible schema change with 400', async () => {
    const body = topicRequest();
    const first = await post(body);
    await waitForStatus(backend.server, first.body.id, ['ready', 'failed']);
    // A new topic version reusing the same subject is the common evolution case; here the
    // same subject gets a schema that drops compatibility (a new required field).
    const incompatible = JSON.stringify({
      ...JSON.parse(avroSchema),
      fields: [
        ...JSON.parse(avroSchema).fields,
        { name: 'merchant', type: 'string' },
      ],
    });
    const plan = await request(backend.server)
      .post('/api/kafka-taas/topic-requests/plan')
      .set('Authorization', as('alice'))
      .send({ ...body, schema: { type: 'avro', value: incompatible } });
    expect(plan.body.violations).toContainEqual(
      expect.objectContaining({ field: 'schema.value', rule: 'compatible' }),
    );
    expect(plan.body.schemaChecked).toBe(true);
  });

  it('says the schema was not checked while other fields are invalid', async () => {
    const plan = await request(backend.server)
      .post('/api/kafka-taas/topic-requests/plan')
      .set('Authorization', as('alice'))
      .send({ ...topicRequest(), partitions: 101 });
    expect(plan.body.violations.map((v: { field: string }) => v.field)).toEqual(
      ['partitions'],
    );
    expect(plan.body.schemaChecked).toBe(false);
  });
});

describe('permissions', () => {
  it('refuses everything with 403 under a denying permission policy', async () => {
    const backend = await startKafkaTaasBackend({ denyAll: true });
    const res = await request(backend.server)
      .post('/api/kafka-taas/topic-requests')
      .set('Authorization', as('alice'))
      .send(topicRequest());
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('kafka-taas.topic-request.create');
    const list = await request(backend.server)
      .get('/api/kafka-taas/topic-requests')
      .set('Authorization', as('alice'));
    expect(list.status).toBe(403);
    await backend.stop();
  });
});

describe('a registry outage during provisioning', () => {
  it('leaves the request failed at the schema step with the topic intact; retry completes it', async () => {
    const proxy = await TcpProxy.start(new URL(localStack().registryUrl));
    const cluster = {
      ...localClusterConfig('local', 'dev'),
      schemaRegistry: { url: proxy.url(localStack().registryUrl) },
    };
    const backend = await startKafkaTaasBackend({
      kafkaTaas: testKafkaTaasConfig({ clusters: [cluster] }),
    });
    try {
      // Critical dev needs a team lead: submit while the registry answers, approve while it is down.
      const dev = await request(backend.server)
        .post('/api/kafka-taas/topic-requests')
        .set('Authorization', as('alice'))
        .send(topicRequest({ criticality: 'critical', partitions: 6 }));
      expect(dev.body.status).toBe('pending_approval');
      await proxy.stop();

      const approved = await request(backend.server)
        .post(`/api/kafka-taas/topic-requests/${dev.body.id}/approve`)
        .set('Authorization', as('bob'))
        .send({});
      expect(approved.body.status).toBe('approved');
      const failed = await waitForStatus(backend.server, dev.body.id, [
        'ready',
        'failed',
      ]);
      expect(failed.request).toMatchObject({
        status: 'failed',
        failedStep: 'schema',
        completedSteps: ['topic'],
      });
      expect(failed.request.error).toContain('127.0.0.1');
      await eventually(async () =>
        expect(await topicPartitions(dev.body.topicName)).toBe(6),
      );

      await proxy.resume();
      const retried = await request(backend.server)
        .post(`/api/kafka-taas/topic-requests/${dev.body.id}/retry`)
        .set('Authorization', as('alice'));
      expect(retried.status).toBe(202);
      const done = await waitForStatus(backend.server, dev.body.id, [
        'ready',
        'failed',
      ]);
      expect(done.request.status).toBe('ready');
      expect(
        done.events.filter((e: { type: string }) => e.type === 'retried'),
      ).toHaveLength(1);
      expect(
        done.events.filter(
          (e: { type: string; step?: string }) =>
            e.type === 'step-completed' && e.step === 'topic',
        ),
      ).toHaveLength(1);
    } finally {
      await backend.stop();
      await proxy.stop();
    }
  });
});
