import { mockServices } from '@backstage/backend-test-utils';
import {
  AclOperations,
  AclPermissionTypes,
  ResourcePatternTypes,
  ResourceTypes,
} from '@platformatic/kafka';
import { TopicRequest } from '@kafka-taas/plugin-kafka-taas-common';
import { grantAccessAction } from './grantAccess';
import { examples } from './grantAccess.examples';
import { eventually, startTopicChanges } from './__testUtils__/topicChanges';
import {
  checkpointStore,
  exampleSteps,
  runAction,
} from '../__testUtils__/kafkaTaas';

// kafka:acl:grant against the real kafka-taas backend on the real local Kafka and registry.

describe('kafka:acl:grant', () => {
  let changes: Awaited<ReturnType<typeof startTopicChanges>>;
  let action: ReturnType<typeof grantAccessAction>;
  beforeAll(async () => {
    changes = await startTopicChanges();
    action = grantAccessAction(changes.actionOptions);
  });
  afterAll(() => changes.stop());

  /** The principals and operations of the literal ACLs on a topic, read from the broker. */
  async function topicAcls(topic: string) {
    const resources = await changes.admin.describeAcls({
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

  async function accessRequests(topic: string) {
    const { items } = await changes.kafkaTaas.get<{ items: TopicRequest[] }>(
      `/topic-requests?kind=access&topic=${topic}`,
    );
    return items;
  }

  it.each(examples.map(e => [e.description, e]))(
    'runs the example: %s',
    async (_description, example) => {
      const { topic, entityRef } = await changes.readyTopic();
      for (const step of exampleSteps(example)) {
        expect(step.action).toBe('kafka:acl:grant');
        const byRef = String(step.input.topic).startsWith('resource:');
        const outputs = await runAction(
          action,
          {
            ...step.input,
            topic: byRef ? entityRef : topic,
          } as Parameters<typeof action.handler>[0]['input'],
          { user: 'erin' },
        );
        expect(outputs).toMatchObject({
          topic,
          status: 'pending_approval',
          requestId: expect.any(String),
        });
      }
    },
  );

  it('asks READ for a team the initiator is in; once the owning team approves, the ACLs exist on the broker', async () => {
    const { topic, entityRef } = await changes.readyTopic();
    const logger = mockServices.logger.mock();
    const outputs = await runAction(
      action,
      {
        topic: entityRef,
        environment: 'dev',
        group: 'group:default/team-analytics',
        consumerGroup: `analytics.${topic}`,
        component: '',
        reason: 'Daily revenue dashboards read card authorizations.',
      },
      { user: 'erin', logger },
    );
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
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /waits for approval by Owning team \(group:default\/team-payments\)/,
      ),
    );
    expect(await topicAcls(topic)).not.toContain(
      `User:analytics-svc ${AclOperations.READ}`,
    );

    await changes.approve('bob', String(outputs.requestId));
    const { request } = await changes.waitForStatus(String(outputs.requestId), [
      'ready',
      'failed',
    ]);
    expect(request).toMatchObject({
      kind: 'access',
      status: 'ready',
      requestedBy: 'user:default/erin',
    });
    await eventually(async () =>
      expect(await topicAcls(topic)).toEqual(
        expect.arrayContaining([
          `User:analytics-svc ${AclOperations.READ}`,
          `User:analytics-svc ${AclOperations.DESCRIBE}`,
        ]),
      ),
    );
  });

  it('fails with a clear error, and asks nothing, when the initiator is not in the reading group', async () => {
    const { topic } = await changes.readyTopic();
    await expect(
      runAction(
        action,
        {
          topic,
          environment: 'dev',
          group: 'group:default/team-analytics',
          consumerGroup: 'analytics.reader',
          reason: 'Daily revenue dashboards read card authorizations.',
        },
        { user: 'alice' },
      ),
    ).rejects.toThrow(
      'Not allowed (403): You are not a member of group:default/team-analytics, the group asking to read. Ask for a group you belong to.',
    );
    expect(await accessRequests(topic)).toEqual([]);
  });

  it('does not submit twice when the task is retried with its checkpoints', async () => {
    const { topic } = await changes.readyTopic();
    const input = {
      topic,
      environment: 'dev',
      group: 'group:default/team-analytics',
      consumerGroup: 'analytics.retried',
      reason: 'Daily revenue dashboards read card authorizations.',
    };
    const checkpoint = checkpointStore();
    const first = await runAction(action, input, { user: 'erin', checkpoint });
    const retried = await runAction(action, input, {
      user: 'erin',
      checkpoint,
    });
    expect(retried).toEqual(first);
    expect((await accessRequests(topic)).map(r => r.id)).toEqual([
      first.requestId,
    ]);
  });

  it('names the topic field when the entity is not a Kafka topic in the catalog', async () => {
    await expect(
      runAction(
        action,
        {
          topic: 'resource:default/no-such-topic',
          environment: 'dev',
          group: 'group:default/team-analytics',
          consumerGroup: 'analytics.reader',
          reason: 'Daily revenue dashboards read card authorizations.',
        },
        { user: 'erin' },
      ),
    ).rejects.toThrow(
      /^topic: resource:default\/no-such-topic is not in the catalog/,
    );
  });

  it('only plans in a dry run: outputs who would approve and asks nothing', async () => {
    const { topic, entityRef } = await changes.readyTopic();
    const input = {
      topic: entityRef,
      environment: 'dev',
      group: 'group:default/team-analytics',
      consumerGroup: 'analytics.dry-run',
      reason: 'Daily revenue dashboards read card authorizations.',
    };
    const outputs = await runAction(action, input, {
      user: 'erin',
      isDryRun: true,
    });
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
    expect(await accessRequests(topic)).toEqual([]);

    await expect(
      runAction(
        action,
        { ...input, consumerGroup: 'analytics reader!', reason: 'short' },
        { user: 'erin', isDryRun: true },
      ),
    ).rejects.toThrow(/breaks 2 policy rules:\nreason: .*\nconsumerGroup: .*$/);
  });
});
