import { mockServices } from '@backstage/backend-test-utils';
import { TopicRequest } from '@kafka-taas/plugin-kafka-taas-common';
import { requestTopicAction } from './requestTopic';
import { examples } from './requestTopic.examples';
import {
  checkpointStore,
  exampleSteps,
  requestsFor,
  runAction,
  startKafkaTaas,
  uniqueTopicName,
} from '../__testUtils__/kafkaTaas';

// kafka:topic:request against the real kafka-taas backend, which provisions on the real local
// Kafka and schema registry.

const avroSchema = JSON.stringify({
  type: 'record',
  name: 'CardAuthorized',
  namespace: 'com.example.payments',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amountCents', type: 'long' },
  ],
});

function devRequest(name = uniqueTopicName('card-authorized')) {
  return {
    domain: 'banking',
    subdomain: 'payments',
    name,
    environment: 'dev',
    owner: 'group:default/team-payments',
    description: 'Authorized card payments, one event per authorization.',
    partitions: 3,
    schema: { type: 'avro', value: avroSchema },
  };
}

describe('kafka:topic:request', () => {
  let kafkaTaas: Awaited<ReturnType<typeof startKafkaTaas>>;
  let action: ReturnType<typeof requestTopicAction>;
  beforeAll(async () => {
    kafkaTaas = await startKafkaTaas();
    action = requestTopicAction(kafkaTaas.actionOptions);
  });
  afterAll(() => kafkaTaas.stop());

  const expectedStatus = ['ready', 'pending_approval', 'ready'];
  it.each(examples.map((e, i) => [e.description, e, expectedStatus[i]]))(
    'runs the example: %s',
    async (_description, example, status) => {
      for (const step of exampleSteps(example)) {
        expect(step.action).toBe('kafka:topic:request');
        const input = {
          ...step.input,
          name: uniqueTopicName(String(step.input.name)),
        };
        const outputs = await runAction(
          action,
          input as Parameters<typeof action.handler>[0]['input'],
        );
        expect(outputs).toMatchObject({
          topic: expect.stringContaining(input.name),
          entityName: outputs.topic,
          entityRef: `resource:default/${outputs.topic}`,
          status,
          requestId: expect.any(String),
        });
      }
    },
  );

  it('waits until an auto-approved dev topic is ready and outputs it', async () => {
    const input = devRequest();
    const outputs = await runAction(action, input);
    expect(outputs).toEqual({
      topic: `banking.payments.${input.name}`,
      entityName: `banking.payments.${input.name}`,
      entityRef: `resource:default/banking.payments.${input.name}`,
      status: 'ready',
      cluster: 'local',
      partitions: 3,
      replicationFactor: 1,
      schemaId: expect.any(Number),
      requestId: expect.any(String),
      requestUrl: `http://localhost:3000/kafka/requests/${outputs.requestId}`,
    });
    const { request } = await kafkaTaas.get<{ request: TopicRequest }>(
      `/topic-requests/${outputs.requestId}`,
    );
    expect(request).toMatchObject({
      status: 'ready',
      requestedBy: 'user:default/alice',
      completedSteps: ['topic', 'schema', 'acls', 'quotas', 'done'],
    });
  });

  it('does not fail when the wait times out: outputs the current status and warns', async () => {
    const logger = mockServices.logger.mock();
    const outputs = await runAction(
      action,
      { ...devRequest(), waitTimeoutSeconds: 0 },
      { logger },
    );
    expect(['approved', 'provisioning', 'ready']).toContain(outputs.status);
    expect(logger.warn).toHaveBeenCalledTimes(
      outputs.status === 'ready' ? 0 : 1,
    );
  });

  it('ends successfully with a critical prod request pending approval by platform and security', async () => {
    const logger = mockServices.logger.mock();
    const outputs = await runAction(
      action,
      {
        ...devRequest(),
        environment: 'prod',
        criticality: 'critical',
        partitions: 6,
      },
      { logger },
    );
    expect(outputs).toEqual({
      topic: expect.any(String),
      entityName: outputs.topic,
      entityRef: `resource:default/${outputs.topic}`,
      status: 'pending_approval',
      requestId: expect.any(String),
      requestUrl: `http://localhost:3000/kafka/requests/${outputs.requestId}`,
      approvers: [
        {
          role: 'platform',
          title: expect.any(String),
          groups: ['group:default/platform-team'],
        },
        {
          role: 'security',
          title: expect.any(String),
          groups: ['group:default/security-team'],
        },
      ],
    });
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /waits for approval by .*group:default\/platform-team.* and .*group:default\/security-team/,
      ),
    );
  });

  it('does not submit twice when the task is retried with its checkpoints', async () => {
    const input = devRequest();
    const topic = `banking.payments.${input.name}`;
    const checkpoint = checkpointStore();
    const first = await runAction(action, input, { checkpoint });
    const retried = await runAction(action, input, { checkpoint });
    expect(retried).toEqual(first);
    expect((await requestsFor(kafkaTaas, topic)).map(r => r.id)).toEqual([
      first.requestId,
    ]);

    // Without the checkpoint, the backend would refuse the second submission.
    await expect(runAction(action, input)).rejects.toThrow(
      /^Conflict \(409\): Topic banking\.payments\..* already exists/,
    );
  });

  it("fails with the backend's 403 when the initiator is not in the owner group", async () => {
    const input = {
      ...devRequest(),
      owner: 'group:default/team-analytics',
    };
    await expect(runAction(action, input, { user: 'bob' })).rejects.toThrow(
      'Not allowed (403): You are not a member of group:default/team-analytics, the owner group.',
    );
    expect(
      await requestsFor(kafkaTaas, `banking.payments.${input.name}`),
    ).toEqual([]);
  });

  it('fails with every violation, one per line, when the policy refuses the request', async () => {
    const logger = mockServices.logger.mock();
    const run = runAction(
      action,
      { ...devRequest(), domain: 'gardening', partitions: 500 },
      { logger },
    );
    await expect(run).rejects.toThrow(
      /breaks 2 policy rules:\ndomain: .*\npartitions: .*$/,
    );
    expect(logger.error).toHaveBeenCalledTimes(2);
  });

  it('only plans in a dry run: outputs what it would do and submits nothing', async () => {
    const { totalCount: before } = await kafkaTaas.get<{ totalCount: number }>(
      '/topic-requests?mine=true',
    );
    const input = devRequest();
    const outputs = await runAction(action, input, { isDryRun: true });
    expect(outputs).toEqual({
      topic: `banking.payments.${input.name}`,
      entityName: `banking.payments.${input.name}`,
      entityRef: `resource:default/banking.payments.${input.name}`,
      status: 'dry-run',
      cluster: 'local',
      partitions: 3,
      replicationFactor: 1,
      approvers: [],
    });
    const { totalCount: after } = await kafkaTaas.get<{ totalCount: number }>(
      '/topic-requests?mine=true',
    );
    expect(after).toBe(before);

    await expect(
      runAction(action, { ...input, description: 'short' }, { isDryRun: true }),
    ).rejects.toThrow(
      /^The Kafka topic request breaks 1 policy rule:\ndescription: /,
    );
  });
});
