import {
  AclOperations,
  AclPermissionTypes,
  Admin,
  Consumer,
  MessagesStreamModes,
  ResourcePatternTypes,
  ResourceTypes,
} from '@platformatic/kafka';
import request from 'supertest';
import { as, startKafkaTaasBackend } from './__testUtils__/testBackend';
import { eventually, localStack, uniqueName } from './__testUtils__/localStack';

// Changes to existing topics (access, schema, deletion) end to end: Backstage's test backend
// with the real plugin, SQLite, the real local Kafka and Apicurio Registry.

const schemaV1 = {
  type: 'record',
  name: 'OrderPlaced',
  namespace: 'com.example.orders',
  fields: [{ name: 'id', type: 'string' }],
};
/** Backward compatible: the new field has a default. */
const schemaV2 = {
  ...schemaV1,
  fields: [...schemaV1.fields, { name: 'note', type: 'string', default: '' }],
};
/** Not backward compatible: a new field without a default. */
const schemaBroken = {
  ...schemaV1,
  fields: [...schemaV1.fields, { name: 'amount', type: 'long' }],
};

const admin = new Admin({
  clientId: 'test-changes-readback',
  bootstrapBrokers: localStack().plaintextBrokers,
});
afterAll(() => admin.close());

let backend: Awaited<ReturnType<typeof startKafkaTaasBackend>>;
beforeAll(async () => {
  backend = await startKafkaTaasBackend({ admins: ['paula'] });
});
afterAll(() => backend.stop());

const api = (path: string) => `/api/kafka-taas${path}`;

async function waitForStatus(id: string, statuses: string[]) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await request(backend.server)
      .get(api(`/topic-requests/${id}`))
      .set('Authorization', as('alice'));
    if (statuses.includes(res.body.request?.status) || Date.now() > deadline)
      return res.body as {
        request: Record<string, any>;
        events: Array<Record<string, any>>;
      };
    await new Promise(r => setTimeout(r, 200));
  }
}

/** A ready dev topic owned by team-payments, requested by alice. */
async function readyTopic() {
  const res = await request(backend.server)
    .post(api('/topic-requests'))
    .set('Authorization', as('alice'))
    .send({
      domain: 'banking',
      subdomain: 'orders',
      name: uniqueName('placed').replace(/[^a-z0-9-]/g, ''),
      environment: 'dev',
      owner: 'group:default/team-payments',
      description: 'Orders placed by customers, one event per order.',
      partitions: 1,
      replicationFactor: 1,
      schema: { type: 'avro', value: JSON.stringify(schemaV1) },
    });
  expect(res.status).toBe(202);
  const { request: created } = await waitForStatus(res.body.id, ['ready']);
  expect(created.status).toBe('ready');
  return { topic: res.body.topicName as string, createId: res.body.id };
}

function change(user: string, body: Record<string, unknown>, plan = false) {
  return request(backend.server)
    .post(api(plan ? '/topic-changes/plan' : '/topic-changes'))
    .set('Authorization', as(user))
    .send({ environment: 'dev', ...body });
}

function approve(user: string, id: string) {
  return request(backend.server)
    .post(api(`/topic-requests/${id}/approve`))
    .set('Authorization', as(user))
    .send({});
}

async function registryVersions(subject: string): Promise<number[]> {
  const res = await fetch(
    `${localStack().registryUrl}/subjects/${encodeURIComponent(
      subject,
    )}/versions`,
  );
  return res.status === 404 ? [] : ((await res.json()) as number[]);
}

async function topicAcls(topic: string) {
  const resources = await admin.describeAcls({
    filter: {
      resourceType: ResourceTypes.TOPIC,
      resourceName: topic,
      resourcePatternType: ResourcePatternTypes.LITERAL,
      principal: null,
      host: null,
      operation: AclOperations.ANY,
      permissionType: AclPermissionTypes.ANY,
    },
  });
  return resources.flatMap(r =>
    r.acls.map(a => `${a.principal} ${a.operation}`),
  );
}

const fields = (res: request.Response) =>
  (res.body.violations ?? []).map(
    (v: { field: string; rule: string }) => `${v.field}:${v.rule}`,
  );

describe('access requests', () => {
  it('a team asks READ, the owning team approves, the ACLs follow', async () => {
    const { topic, createId } = await readyTopic();
    const access = {
      kind: 'access',
      topic,
      group: 'group:default/team-analytics',
      consumerGroup: `analytics.${topic}`,
      reason: 'Daily revenue dashboards read the orders.',
    };

    const plan = await change('erin', access, true);
    expect(plan.status).toBe(200);
    expect(plan.body.violations).toEqual([]);
    expect(plan.body.approval).toEqual({
      required: true,
      roles: [
        {
          role: 'owner',
          title: 'Owning team',
          groups: ['group:default/team-payments'],
        },
      ],
    });
    expect(plan.body.steps[0].acls).toEqual([
      expect.objectContaining({
        principal: 'User:analytics-svc',
        operation: 'read',
        resourceType: 'topic',
      }),
      expect.objectContaining({ operation: 'describe', resourceType: 'topic' }),
      expect.objectContaining({
        operation: 'read',
        resourceType: 'group',
        resourceName: `analytics.${topic}`,
      }),
    ]);

    const submitted = await change('erin', access);
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({
      status: 'pending_approval',
      topicName: topic,
      approvalRequired: true,
    });
    const id = submitted.body.id;
    // The owning team is told; the requester cannot approve; a second identical request is refused.
    expect(backend.notifications.at(-1)).toMatchObject({
      recipients: { entityRef: ['group:default/team-payments'] },
      payload: {
        title: `Approval needed: Read access to Kafka topic ${topic} for group:default/team-analytics (dev)`,
      },
    });
    expect((await approve('erin', id)).status).toBe(403);
    expect((await change('erin', access)).status).toBe(409);
    expect(await topicAcls(topic)).not.toContain('User:analytics-svc 3');

    expect((await approve('alice', id)).status).toBe(200);
    const done = await waitForStatus(id, ['ready', 'failed']);
    expect(done.request).toMatchObject({
      kind: 'access',
      status: 'ready',
      topicRequestId: createId,
    });
    await eventually(async () =>
      expect(await topicAcls(topic)).toEqual(
        expect.arrayContaining([
          `User:analytics-svc ${AclOperations.READ}`,
          `User:analytics-svc ${AclOperations.DESCRIBE}`,
        ]),
      ),
    );

    // The group now reads the topic: asking again with the same consumer group is refused.
    const again = await change('erin', access, true);
    expect(fields(again)).toEqual(['consumerGroup:unique']);
    const listed = await request(backend.server)
      .get(api(`/topic-requests?kind=access&topic=${topic}`))
      .set('Authorization', as('alice'));
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([id]);
  });

  it('refuses, naming the field and the rule: owner group, strangers, unknown topics, short reasons', async () => {
    const { topic } = await readyTopic();
    const base = {
      kind: 'access',
      topic,
      group: 'group:default/team-analytics',
      consumerGroup: 'analytics.reader',
      reason: 'Daily revenue dashboards read the orders.',
    };

    const owner = await change('alice', {
      ...base,
      group: 'group:default/team-payments',
    });
    expect(owner.status).toBe(400);
    expect(fields(owner)).toEqual(['group:notOwner']);

    const stranger = await change('alice', base);
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.message).toMatch(
      /not a member of group:default\/team-analytics/,
    );

    const unknown = await change('erin', {
      ...base,
      topic: 'banking.nobody.asked',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.violations[0]).toMatchObject({
      field: 'topic',
      rule: 'managed',
      allowed: 'a topic provisioned through Kafka TaaS on dev',
    });

    const sloppy = await change('erin', {
      ...base,
      reason: 'pls',
      consumerGroup: 'bad group!',
      extra: true,
    });
    expect(fields(sloppy)).toEqual(
      expect.arrayContaining([
        'reason:minLength',
        'consumerGroup:pattern',
        'extra:unknownField',
      ]),
    );
  });
});

describe('schema changes', () => {
  it('registers a compatible version and refuses an incompatible one before anything changes', async () => {
    const { topic } = await readyTopic();
    const subject = `${topic}-value`;
    expect(await registryVersions(subject)).toEqual([1]);

    const broken = await change('alice', {
      kind: 'schema',
      topic,
      schema: { type: 'avro', value: JSON.stringify(schemaBroken) },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.violations).toEqual([
      expect.objectContaining({ field: 'schema.value' }),
    ]);
    expect(broken.body.violations[0].message).toMatch(/BACKWARD/);

    const wrongType = await change('alice', {
      kind: 'schema',
      topic,
      schema: { type: 'json', value: '{"type":"object"}' },
    });
    expect(fields(wrongType)).toEqual(['schema.type:sameType']);
    const none = await change('alice', {
      kind: 'schema',
      topic,
      schema: { type: 'none' },
    });
    expect(fields(none)).toEqual(['schema.type:schemaRequired']);
    const stranger = await change('erin', {
      kind: 'schema',
      topic,
      schema: { type: 'avro', value: JSON.stringify(schemaV2) },
    });
    expect(stranger.status).toBe(403);
    expect(await registryVersions(subject)).toEqual([1]);

    // Medium criticality in dev: no approval needed.
    const ok = await change('alice', {
      kind: 'schema',
      topic,
      schema: { type: 'avro', value: JSON.stringify(schemaV2) },
    });
    expect(ok.status).toBe(202);
    expect(ok.body.status).toBe('approved');
    const done = await waitForStatus(ok.body.id, ['ready', 'failed']);
    expect(done.request.status).toBe('ready');
    expect(await registryVersions(subject)).toEqual([1, 2]);
    const step = done.events.find(
      e => e.type === 'step-completed' && e.step === 'schema',
    );
    expect(step?.details.subjects[0]).toMatchObject({ subject, version: 2 });
  });
});

describe('deletion', () => {
  it('needs the owning team, then removes the topic, its ACLs and subjects, and frees the name', async () => {
    const { topic, createId } = await readyTopic();
    const subject = `${topic}-value`;

    const erin = await change('erin', {
      kind: 'delete',
      topic,
      reason: 'Nobody uses it anymore.',
    });
    expect(erin.status).toBe(403);

    const submitted = await change('alice', {
      kind: 'delete',
      topic,
      reason: 'Replaced by the v2 order events.',
    });
    expect(submitted.status).toBe(202);
    // Medium in dev is automatic for creation; deletion always needs the owning team.
    expect(submitted.body.status).toBe('pending_approval');
    expect(await topicPartitionsExist(topic)).toBe(true);

    expect((await approve('bob', submitted.body.id)).status).toBe(200);
    const done = await waitForStatus(submitted.body.id, ['ready', 'failed']);
    expect(done.request).toMatchObject({ kind: 'delete', status: 'ready' });
    expect(done.request.completedSteps).toEqual([
      'consumers',
      'delete-topic',
      'delete-acls',
      'delete-schemas',
      'done',
    ]);
    await eventually(async () =>
      expect(await topicPartitionsExist(topic)).toBe(false),
    );
    expect(await registryVersions(subject)).toEqual([]);
    expect(await topicAcls(topic)).toEqual([]);

    const { request: created, events } = await waitForStatus(createId, [
      'deleted',
    ]);
    expect(created.status).toBe('deleted');
    expect(events.at(-1)).toMatchObject({
      type: 'deleted',
      details: { deleteRequestId: submitted.body.id },
    });

    // Gone: no more changes to it, and its name can be requested again.
    const noLonger = await change(
      'alice',
      { kind: 'delete', topic, reason: 'Replaced by the v2 order events.' },
      true,
    );
    expect(fields(noLonger)).toEqual(['topic:managed']);
  });

  it('is refused while a consumer group reads the topic, unless a platform admin forces it', async () => {
    const { topic } = await readyTopic();
    const groupId = uniqueName('orders-reader');
    const consumer = new Consumer({
      clientId: 'test-active-reader',
      groupId,
      bootstrapBrokers: localStack().plaintextBrokers,
      retries: 20,
      retryDelay: 500,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
    const stream = await consumer.consume({
      topics: [topic],
      mode: MessagesStreamModes.LATEST,
      autocommit: false,
    });
    try {
      const reason = 'Replaced by the v2 order events.';
      const refused = await eventually(async () => {
        const res = await change('alice', { kind: 'delete', topic, reason });
        expect(res.status).toBe(400);
        return res;
      });
      expect(refused.body.violations).toEqual([
        expect.objectContaining({ field: 'force', rule: 'noActiveConsumers' }),
      ]);
      expect(refused.body.violations[0].message).toContain(groupId);

      const notAdmin = await change('alice', {
        kind: 'delete',
        topic,
        reason,
        force: true,
      });
      expect(fields(notAdmin)).toEqual(['force:platformAdmin']);

      const forced = await change('paula', {
        kind: 'delete',
        topic,
        reason,
        force: true,
      });
      expect(forced.status).toBe(202);
      expect((await approve('bob', forced.body.id)).status).toBe(200);
      const done = await waitForStatus(forced.body.id, ['ready', 'failed']);
      expect(done.request.status).toBe('ready');
      const check = done.events.find(e => e.step === 'consumers');
      expect(check?.details).toEqual({
        activeConsumerGroups: [groupId],
        forced: true,
      });
      await eventually(async () =>
        expect(await topicPartitionsExist(topic)).toBe(false),
      );
    } finally {
      await stream.close().catch(() => {});
      await consumer.close(true);
    }
  }, 60_000);
});

async function topicPartitionsExist(topic: string) {
  return (await admin.listTopics()).includes(topic);
}
