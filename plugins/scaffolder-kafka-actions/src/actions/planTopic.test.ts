import { mockServices } from '@backstage/backend-test-utils';
import { topicEntityName } from '@kafka-taas/plugin-kafka-taas-common';
import { TopicRequestPolicyError } from './kafkaTaasApi';
import { planTopicAction } from './planTopic';
import { examples } from './planTopic.examples';
import {
  exampleSteps,
  requestsFor,
  runAction,
  startKafkaTaas,
  uniqueTopicName,
} from '../__testUtils__/kafkaTaas';

// kafka:topic:plan against the real kafka-taas backend (local Kafka and registry).

const avroSchema = JSON.stringify({
  type: 'record',
  name: 'CardAuthorized',
  fields: [{ name: 'id', type: 'string' }],
});

describe('kafka:topic:plan', () => {
  let kafkaTaas: Awaited<ReturnType<typeof startKafkaTaas>>;
  let action: ReturnType<typeof planTopicAction>;
  beforeAll(async () => {
    kafkaTaas = await startKafkaTaas();
    action = planTopicAction(kafkaTaas.actionOptions);
  });
  afterAll(() => kafkaTaas.stop());

  it.each(examples.map(e => [e.description, e]))(
    'runs the example: %s',
    async (_description, example) => {
      for (const step of exampleSteps(example)) {
        expect(step.action).toBe('kafka:topic:plan');
        const input = {
          ...step.input,
          name: uniqueTopicName(String(step.input.name)),
        };
        const outputs = await runAction(
          action,
          input as Parameters<typeof action.handler>[0]['input'],
        );
        expect(outputs.topicName).toContain(input.name);
        expect(outputs.steps).toEqual(
          expect.arrayContaining([expect.objectContaining({ id: 'topic' })]),
        );
      }
    },
  );

  it('outputs the topic name, the approvers and the steps of a valid request, creating nothing', async () => {
    const name = uniqueTopicName('card-authorized');
    const outputs = await runAction(action, {
      domain: 'banking',
      subdomain: 'payments',
      name,
      environment: 'prod',
      owner: 'group:default/team-payments',
      description: 'Authorized card payments, one event per authorization.',
      partitions: 6,
      criticality: 'critical',
      schema: { type: 'avro', value: avroSchema },
    });
    expect(outputs).toEqual({
      topicName: `banking.payments.${name}`,
      entityName: `banking.payments.${name}`,
      entityRef: `resource:default/banking.payments.${name}`,
      approvalRequired: true,
      approvers: [
        expect.objectContaining({
          role: 'platform',
          groups: ['group:default/platform-team'],
        }),
        expect.objectContaining({
          role: 'security',
          groups: ['group:default/security-team'],
        }),
      ],
      steps: ['topic', 'schema', 'acls', 'quotas', 'done'].map(id => ({
        id,
        title: expect.any(String),
      })),
    });
    expect(await requestsFor(kafkaTaas, `banking.payments.${name}`)).toEqual(
      [],
    );
  });

  it('outputs a shortened, valid entity name for a topic name longer than an entity name may be', async () => {
    const name = uniqueTopicName(
      `card-authorized${'-with-a-long-name'.repeat(2)}`,
    );
    const outputs = await runAction(action, {
      domain: 'banking',
      subdomain: 'payments',
      name,
      environment: 'dev',
      owner: 'group:default/team-payments',
      description: 'Authorized card payments, one event per authorization.',
      schema: { type: 'none' },
    });
    const topicName = `banking.payments.${name}`;
    expect(topicName.length).toBeGreaterThan(63);
    expect(outputs.topicName).toBe(topicName);
    expect(outputs.entityName).toBe(topicEntityName(topicName));
    expect(outputs.entityName).toMatch(
      /^banking\.payments\.card-authorized-[-a-z0-9]*-[0-9a-f]{16}$/,
    );
    expect(String(outputs.entityName).length).toBeLessThanOrEqual(63);
    expect(outputs.entityRef).toBe(`resource:default/${outputs.entityName}`);
  });

  it('fails with every violation, one per line, and logs each to the task log', async () => {
    const logger = mockServices.logger.mock();
    const error = await runAction(
      action,
      {
        domain: 'gardening',
        name: 'Bad Name',
        environment: 'dev',
        owner: 'group:default/team-payments',
        description: 'too short',
        partitions: 500,
        schema: { type: 'avro', value: avroSchema },
      },
      { logger },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TopicRequestPolicyError);
    if (!(error instanceof TopicRequestPolicyError)) return;
    expect(error.name).toBe('InputError');
    const fields = error.violations.map(v => v.field);
    expect(fields).toEqual(
      expect.arrayContaining(['domain', 'name', 'description', 'partitions']),
    );
    expect(error.message.split('\n')).toEqual([
      `The Kafka topic request breaks ${fields.length} policy rules:`,
      ...error.violations.map(v => `${v.field}: ${v.message}`),
    ]);
    expect(logger.error.mock.calls.map(([message]) => message)).toEqual(
      error.violations.map(v => `${v.field}: ${v.message}`),
    );
  });
});
