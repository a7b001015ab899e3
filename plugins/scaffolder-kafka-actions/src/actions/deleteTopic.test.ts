import { Consumer, MessagesStreamModes } from '@platformatic/kafka';
import { TopicRequest } from '@kafka-taas/plugin-kafka-taas-common';
import { deleteTopicAction } from './deleteTopic';
import { examples } from './deleteTopic.examples';
import {
  eventually,
  localStack,
  startTopicChanges,
} from './__testUtils__/topicChanges';
import {
  exampleSteps,
  runAction,
  uniqueTopicName,
} from '../__testUtils__/kafkaTaas';

// kafka:topic:delete against the real kafka-taas backend on the real local Kafka.

const reason = 'Replaced by the v2 card events; no reader is left.';

describe('kafka:topic:delete', () => {
  let changes: Awaited<ReturnType<typeof startTopicChanges>>;
  let action: ReturnType<typeof deleteTopicAction>;
  beforeAll(async () => {
    changes = await startTopicChanges();
    action = deleteTopicAction(changes.actionOptions);
  });
  afterAll(() => changes.stop());

  const onBroker = async (topic: string) =>
    (await changes.admin.listTopics()).includes(topic);

  async function deleteRequests(topic: string) {
    const { items } = await changes.kafkaTaas.get<{ items: TopicRequest[] }>(
      `/topic-requests?kind=delete&topic=${topic}`,
    );
    return items;
  }

  it('runs the example: a deletion waits for approval by the owning team', async () => {
    const [example] = examples;
    const { topic } = await changes.readyTopic();
    const [step] = exampleSteps(example);
    expect(step.action).toBe('kafka:topic:delete');
    const outputs = await runAction(action, {
      ...step.input,
      topic,
    } as Parameters<typeof action.handler>[0]['input']);
    expect(outputs).toMatchObject({
      topic,
      status: 'pending_approval',
      requestId: expect.any(String),
    });
  });

  it('runs the example: force is refused for anyone but a platform admin', async () => {
    const [, example] = examples;
    const { entityRef } = await changes.readyTopic();
    const [step] = exampleSteps(example);
    expect(step.input.force).toBe(true);
    await expect(
      runAction(action, {
        ...step.input,
        topic: entityRef,
      } as Parameters<typeof action.handler>[0]['input']),
    ).rejects.toThrow(
      /^The Kafka topic request breaks 1 policy rule:\nforce: force is reserved to platform admins/,
    );
  });

  it('waits for the owning team; once it approves, the topic is gone from the broker', async () => {
    const { topic, entityRef } = await changes.readyTopic();
    const outputs = await runAction(action, {
      topic: entityRef,
      environment: 'dev',
      reason,
    });
    expect(outputs).toEqual({
      topic,
      status: 'pending_approval',
      requestId: expect.any(String),
      requestUrl: `http://localhost:3000/kafka/requests/${outputs.requestId}`,
      approvers: [
        {
          role: 'owner',
          title: 'Owning team',
          groups: ['group:default/team-payments'],
        },
      ],
    });
    expect(await onBroker(topic)).toBe(true);

    await changes.approve('bob', String(outputs.requestId));
    const { request } = await changes.waitForStatus(String(outputs.requestId), [
      'ready',
      'failed',
    ]);
    expect(request).toMatchObject({ kind: 'delete', status: 'ready' });
    await eventually(async () => expect(await onBroker(topic)).toBe(false));
  });

  it('is refused, naming the active consumer group, while a consumer group reads the topic', async () => {
    const { topic } = await changes.readyTopic();
    const groupId = uniqueTopicName('card-reader');
    const consumer = new Consumer({
      clientId: 'test-active-reader',
      groupId,
      bootstrapBrokers: localStack().plaintextBrokers,
      // The group coordinator may still be loading on a young broker.
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
      // The group is active once it has joined and been assigned the topic.
      await eventually(() =>
        expect(
          runAction(action, { topic, environment: 'dev', reason }),
        ).rejects.toThrow(
          new RegExp(
            `^The Kafka topic request breaks 1 policy rule:\\nforce: Topic ${topic} still has active consumer groups on local: ${groupId}\\.`,
          ),
        ),
      );
      expect(await deleteRequests(topic)).toEqual([]);
      expect(await onBroker(topic)).toBe(true);
    } finally {
      await stream.close().catch(() => {});
      await consumer.close(true);
    }
  }, 60_000);

  it('only plans in a dry run: the topic stays and nothing is submitted', async () => {
    const { topic } = await changes.readyTopic();
    const outputs = await runAction(
      action,
      { topic, environment: 'dev', reason },
      { isDryRun: true },
    );
    expect(outputs).toEqual({
      topic,
      status: 'dry-run',
      approvers: [
        {
          role: 'owner',
          title: 'Owning team',
          groups: ['group:default/team-payments'],
        },
      ],
    });
    expect(await deleteRequests(topic)).toEqual([]);
    expect(await onBroker(topic)).toBe(true);
  });
});
