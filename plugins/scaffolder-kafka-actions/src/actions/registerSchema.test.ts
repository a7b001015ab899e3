import { mockServices } from '@backstage/backend-test-utils';
import { TopicRequest } from '@kafka-taas/plugin-kafka-taas-common';
import { registerSchemaAction } from './registerSchema';
import { examples } from './registerSchema.examples';
import {
  avroV1,
  registryVersions,
  startTopicChanges,
} from './__testUtils__/topicChanges';
import { exampleSteps, runAction } from '../__testUtils__/kafkaTaas';

// kafka:schema:register against the real kafka-taas backend and the real Apicurio Registry.

/** Backward compatible with avroV1: the new field has a default. */
const avroV2 = {
  ...avroV1,
  fields: [...avroV1.fields, { name: 'note', type: 'string', default: '' }],
};
/** Not backward compatible with avroV1: a new field without a default. */
const avroBroken = {
  ...avroV1,
  fields: [...avroV1.fields, { name: 'amountCents', type: 'long' }],
};

describe('kafka:schema:register', () => {
  let changes: Awaited<ReturnType<typeof startTopicChanges>>;
  let action: ReturnType<typeof registerSchemaAction>;
  beforeAll(async () => {
    changes = await startTopicChanges();
    action = registerSchemaAction(changes.actionOptions);
  });
  afterAll(() => changes.stop());

  async function schemaRequests(topic: string) {
    const { items } = await changes.kafkaTaas.get<{ items: TopicRequest[] }>(
      `/topic-requests?kind=schema&topic=${topic}`,
    );
    return items;
  }

  it.each(examples.map(e => [e.description, e]))(
    'runs the example: %s',
    async (_description, example) => {
      const { topic } = await changes.readyTopic();
      for (const step of exampleSteps(example)) {
        expect(step.action).toBe('kafka:schema:register');
        // The example's schema is CardAuthorized with more fields: on our v1 topic it is only
        // compatible with the field names the topic has, so register the example's shape of
        // change (a new field with a default) on this topic.
        const outputs = await runAction(action, {
          ...step.input,
          topic,
          schema: { type: 'avro', value: JSON.stringify(avroV2) },
        } as Parameters<typeof action.handler>[0]['input']);
        expect(outputs).toMatchObject({
          topic,
          status: 'ready',
          subject: `${topic}-value`,
          schemaVersion: 2,
        });
      }
    },
  );

  it('registers a compatible new version of a dev topic at once and outputs its subject, id and version', async () => {
    const { topic, entityRef } = await changes.readyTopic();
    const outputs = await runAction(action, {
      topic: entityRef,
      environment: 'dev',
      schema: { type: 'avro', value: JSON.stringify(avroV2) },
    });
    expect(outputs).toEqual({
      topic,
      status: 'ready',
      requestId: expect.any(String),
      requestUrl: `http://localhost:3000/kafka/requests/${outputs.requestId}`,
      approvers: [],
      subject: `${topic}-value`,
      schemaId: expect.any(Number),
      schemaVersion: 2,
    });
    expect(await registryVersions(`${topic}-value`)).toEqual([1, 2]);
  });

  it('fails with the violation and registers nothing when the schema is incompatible', async () => {
    const { topic } = await changes.readyTopic();
    const logger = mockServices.logger.mock();
    await expect(
      runAction(
        action,
        {
          topic,
          environment: 'dev',
          schema: { type: 'avro', value: JSON.stringify(avroBroken) },
        },
        { logger },
      ),
    ).rejects.toThrow(
      /^The Kafka topic request breaks 1 policy rule:\nschema\.value: /,
    );
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(await registryVersions(`${topic}-value`)).toEqual([1]);
    expect(await schemaRequests(topic)).toEqual([]);
  });

  it('only plans in a dry run: registers nothing and submits nothing', async () => {
    const { topic } = await changes.readyTopic();
    const outputs = await runAction(
      action,
      {
        topic,
        environment: 'dev',
        schema: { type: 'avro', value: JSON.stringify(avroV2) },
      },
      { isDryRun: true },
    );
    expect(outputs).toEqual({ topic, status: 'dry-run', approvers: [] });
    expect(await registryVersions(`${topic}-value`)).toEqual([1]);
    expect(await schemaRequests(topic)).toEqual([]);
  });
});
