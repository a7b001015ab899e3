import { mockServices } from '@backstage/backend-test-utils';
import { topicEntityName } from '@kafka-taas/plugin-kafka-taas-common';
// A scaffolder module's test may use the backend plugin it drives (a devDependency).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { KafkaClientPool } from '@kafka-taas/plugin-kafka-taas-backend';
// The backend's helpers for the local Kafka and registry (see __testUtils__/kafkaTaas.ts for why
// this test-only import is allowed).
// eslint-disable-next-line @backstage/no-forbidden-package-imports, @backstage/no-mixed-plugin-imports
import {
  eventually,
  localStack,
  uniqueName,
} from '@kafka-taas/plugin-kafka-taas-backend/src/__testUtils__/localStack';
import {
  FinishedTask,
  startScaffolderBackend,
  testConfig,
} from './__testUtils__/scaffolderBackend';

// The "Create Kafka topic" template (templates/create-kafka-topic/template.yaml) end to end: the
// real scaffolder and catalog in Backstage's test backend, the template and the demo organisation
// read by the catalog from their files, the real kafka-taas backend and the kafka:* actions, on
// the real local Kafka and Apicurio Registry. Tasks run as alice (team-payments).

const avroSchema = JSON.stringify({
  type: 'record',
  name: 'CardAuthorized',
  namespace: 'com.example.payments',
  fields: [
    { name: 'authorizationId', type: 'string' },
    { name: 'amountMinor', type: 'long' },
  ],
});

/** A unique, policy-compliant name part: topics and subjects persist across runs. */
function topicNamePart(prefix: string) {
  return uniqueName(prefix).replace(/[^a-z0-9-]/g, '');
}

/** The form's values for a low-risk dev topic with an Avro schema, as the portal submits them. */
function formValues(overrides: Record<string, unknown> = {}) {
  return {
    topic: {
      domain: 'banking',
      subdomain: 'payments',
      name: topicNamePart('card-authorized'),
    },
    owner: 'group:default/team-payments',
    description: 'Authorized card payments, one event per authorization.',
    environment: 'dev',
    partitions: 3,
    replicationFactor: 1,
    retentionPreset: 'operational-events',
    cleanupPolicy: 'delete',
    classification: 'internal',
    criticality: 'medium',
    quotaTier: 'bronze',
    schemaType: 'avro',
    schema: avroSchema,
    ...overrides,
  };
}

// To read the broker back: a Kafka admin client of its own (not the backend's), on the cluster of
// the test config, made by kafka-taas's public client pool (@platformatic/kafka underneath).
const kafka = KafkaClientPool.create({
  config: mockServices.rootConfig({ data: testConfig }),
  logger: mockServices.logger.mock(),
});
const admin = kafka.admin('local');

async function topicExists(topic: string) {
  return (await admin.listTopics()).includes(topic);
}

/** Partition count of the topic in the broker's metadata, or undefined when it does not exist. */
async function topicPartitions(topic: string): Promise<number | undefined> {
  if (!(await topicExists(topic))) return undefined;
  const metadata = await admin.metadata({ topics: [topic], forceUpdate: true });
  return metadata.topics.get(topic)?.partitionsCount;
}

/** The latest version of a subject in the registry (Confluent API), or its HTTP status. */
async function latestSchema(subject: string) {
  const res = await fetch(
    `${localStack().registryUrl}/subjects/${encodeURIComponent(
      subject,
    )}/versions/latest`,
  );
  return {
    status: res.status,
    body: (await res.json()) as { id?: number; schema?: string },
  };
}

/** Subjects of the registry whose name contains `text`. */
async function subjectsContaining(text: string): Promise<string[]> {
  const res = await fetch(`${localStack().registryUrl}/subjects`);
  expect(res.status).toBe(200);
  return ((await res.json()) as string[]).filter(s => s.includes(text));
}

/** The last status the task log gives each step. */
function stepStatuses(task: FinishedTask): Record<string, string> {
  const statuses: Record<string, string> = {};
  for (const { body } of task.events) {
    if (body.stepId && body.status) statuses[body.stepId] = body.status;
  }
  return statuses;
}

describe('the "Create Kafka topic" template in the scaffolder', () => {
  let backend: Awaited<ReturnType<typeof startScaffolderBackend>>;

  beforeAll(async () => {
    backend = await startScaffolderBackend();
    await backend.ready();
  }, 90_000);

  afterAll(async () => {
    await backend?.stop();
    await kafka.close();
  });

  it('provisions a dev topic with its Avro schema and outputs its links', async () => {
    const values = formValues();
    const topic = `banking.payments.${values.topic.name}`;
    const entityName = topicEntityName(topic);

    const task = await backend.runTemplate(values);

    expect({ status: task.status, log: task.log }).toEqual({
      status: 'completed',
      log: expect.any(String),
    });
    expect(stepStatuses(task)).toMatchObject({
      plan: 'completed',
      request: 'completed',
      'catalog-info': 'completed',
    });
    expect(
      Object.values(stepStatuses(task)).filter(s => s !== 'completed'),
    ).toEqual([]);
    expect(task.log).toContain(`Topic ${topic} is ready on cluster local`);
    await eventually(async () => expect(await topicPartitions(topic)).toBe(3));

    const subject = await latestSchema(`${topic}-value`);
    expect(subject.status).toBe(200);
    expect(JSON.parse(subject.body.schema ?? '')).toMatchObject({
      name: 'CardAuthorized',
      namespace: 'com.example.payments',
    });

    const [submitted, ...others] = await backend.requestsOfAlice(topic);
    expect(others).toEqual([]);
    expect(submitted).toMatchObject({ topicName: topic, status: 'ready' });
    const [requestLink, catalogLink] = task.output.links ?? [];
    expect(requestLink?.url).toBe(
      `http://localhost:3000/kafka/requests/${submitted.id}`,
    );
    expect(catalogLink?.url).toBe(`/catalog/default/resource/${entityName}`);
    expect(task.output.text?.[0]?.content).toContain(
      `**${topic}** is \`ready\``,
    );
    // The catalog module shows the provisioned topic at once (no Git host, no commit needed),
    // and kafka:topic:request waits for it: the entity is there when the task ends.
    expect(task.log).toContain(
      `The topic's catalog entity resource:default/${entityName} is ready`,
    );
    const entity = await backend.entity({ kind: 'resource', name: entityName });
    expect(entity).toMatchObject({
      kind: 'Resource',
      metadata: {
        name: entityName,
        annotations: { 'kafka-taas/topic-name': topic },
      },
      spec: { type: 'kafka-topic', owner: 'group:default/team-payments' },
    });
    expect(entity?.relations).toContainEqual({
      type: 'ownedBy',
      targetRef: 'group:default/team-payments',
    });
    // The catalog-info.yaml to commit, rendered from the skeleton with the provisioned topic.
    expect(task.log).toContain(`  name: ${entityName}\n`);
    expect(task.log).toContain(`kafka-taas/topic-name: ${topic}`);
    expect(task.log).toContain('owner: group:default/team-payments');
  }, 90_000);

  it('ends a critical prod request pending approval, with nothing created', async () => {
    const values = formValues({
      environment: 'prod',
      criticality: 'critical',
      partitions: 6,
    });
    const topic = `banking.payments.${values.topic.name}`;

    const task = await backend.runTemplate(values);

    expect({ status: task.status, log: task.log }).toEqual({
      status: 'completed',
      log: expect.any(String),
    });
    expect(stepStatuses(task)).toMatchObject({
      plan: 'completed',
      request: 'completed',
      'catalog-info': 'completed',
    });
    expect(
      Object.values(stepStatuses(task)).filter(s => s !== 'completed'),
    ).toEqual([]);
    expect(task.output.text?.[0]?.content).toContain(
      `**${topic}** is \`pending_approval\``,
    );
    expect(task.output.text?.[0]?.content).toContain(
      'group:default/platform-team',
    );
    expect(task.output.text?.[0]?.content).toContain(
      'group:default/security-team',
    );
    expect(task.log).toContain(`Topic request for ${topic} waits for approval`);

    const [submitted, ...others] = await backend.requestsOfAlice(topic);
    expect(others).toEqual([]);
    expect(submitted).toMatchObject({
      topicName: topic,
      environment: 'prod',
      status: 'pending_approval',
    });
    expect(task.output.links?.[0]?.url).toBe(
      `http://localhost:3000/kafka/requests/${submitted.id}`,
    );
    expect(await topicExists(topic)).toBe(false);
    expect(
      await backend.entity({ kind: 'resource', name: topicEntityName(topic) }),
    ).toBeUndefined();
    expect((await latestSchema(`${topic}-value`)).status).toBe(404);
  }, 90_000);

  it('fails at the plan step with every violation in the task log, with nothing created', async () => {
    const unique = topicNamePart('authorized');
    const name = `card_${unique}`;
    const values = formValues({
      topic: { domain: 'gardening', subdomain: 'payments', name },
      // Passes the form's 20-character minimum, but the policy counts after trimming.
      description: `   too short${' '.repeat(20)}`,
      criticality: 'critical',
      partitions: 2,
    });

    const task = await backend.runTemplate(values);

    expect(task.status).toBe('failed');
    const planLog = task.events
      .filter(e => e.type === 'log' && e.body.stepId === 'plan')
      .map(e => e.body.message)
      .join('\n');
    expect(planLog).toContain('breaks 4 policy rules');
    for (const violation of [
      'domain is not an allowed value (allowed: one of banking, marketing, analytics, operations); got "gardening".',
      `name must not contain "_" (allowed: lowercase letters, digits and hyphens, starting with a letter); got "${name}".`,
      'description must be at least 20 characters long (allowed: 20-1000 characters); got 9 characters.',
      'partitions must be at least 6 for a critical topic (allowed: 6-100 for critical topics); got 2.',
    ]) {
      expect(planLog).toContain(violation);
    }
    // The task stopped at the plan: the later steps were skipped, nothing was submitted or created.
    const { plan, ...later } = stepStatuses(task);
    expect(plan).toBe('failed');
    expect(later).toMatchObject({
      request: 'skipped',
      'catalog-info': 'skipped',
    });
    expect(Object.values(later).filter(s => s !== 'skipped')).toEqual([]);
    expect(await backend.requestsOfAlice(unique)).toEqual([]);
    expect((await admin.listTopics()).filter(t => t.includes(unique))).toEqual(
      [],
    );
    expect(await subjectsContaining(unique)).toEqual([]);
  }, 90_000);
});
