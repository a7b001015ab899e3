import { AsyncApiDefinitionWidget } from '@backstage/plugin-api-docs';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import {
  KafkaTopicEntity,
  topicApiEntity,
  topicEntityName,
} from '@kafka-taas/plugin-kafka-taas-common';

// The catalog's API entity of a topic, rendered by the widget the app's API pages use for
// `spec.type: asyncapi`: the real @asyncapi/react-component, its parser and schema parsers.
const topicName = 'banking.payments.card-authorized';
const topic: KafkaTopicEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: topicEntityName(topicName),
    namespace: 'default',
    title: topicName,
    description: 'Authorized card payments, one event per authorization.',
    annotations: {
      'kafka-taas/topic-name': topicName,
      'kafka-taas/clusters': 'local-dev',
      'kafka-taas/environments': 'dev',
    },
    labels: {},
    tags: ['kafka'],
  },
  spec: {
    type: 'kafka-topic',
    owner: 'group:default/team-payments',
  },
};

const schemas = [
  {
    schemaType: 'AVRO',
    schema: JSON.stringify({
      type: 'record',
      name: 'CardAuthorized',
      fields: [
        { name: 'authorizationId', type: 'string' },
        { name: 'amountCents', type: 'long' },
      ],
    }),
    fields: ['authorizationId', 'amountCents'],
  },
  {
    schemaType: 'JSON',
    schema: JSON.stringify({
      title: 'CardAuthorized',
      type: 'object',
      properties: {
        authorizationId: { type: 'string' },
        amountCents: { type: 'integer' },
      },
    }),
    fields: ['authorizationId', 'amountCents'],
  },
  {
    schemaType: 'PROTOBUF',
    schema: `syntax = "proto3";
message CardAuthorized {
  string authorization_id = 1;
  int64 amount_cents = 2;
}
`,
    fields: ['authorization_id', 'amount_cents'],
  },
];

describe('the AsyncAPI definition of a topic', () => {
  // jsdom has no layout, so no ResizeObserver; the component only uses it to pick a layout width.
  const { ResizeObserver } = globalThis;
  beforeAll(() => {
    globalThis.ResizeObserver = class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
  });
  afterAll(() => {
    globalThis.ResizeObserver = ResizeObserver;
  });

  it.each(schemas)(
    'renders in the api-docs AsyncAPI widget with a $schemaType schema: the topic as channel, the schema fields as payload',
    async ({ schemaType, schema, fields }) => {
      const api = topicApiEntity(topic, [
        {
          cluster: 'local-dev',
          subject: `${topicName}-value`,
          version: 1,
          id: 7,
          schemaType,
          schema,
        },
      ]);
      if (!api) throw new Error('a topic with a schema has an API entity');

      await renderInTestApp(
        <AsyncApiDefinitionWidget definition={api.spec.definition} />,
      );

      // The widget parses the document asynchronously; a document it refuses renders an error.
      for (const field of fields) {
        expect(
          (await screen.findAllByText(field, {}, { timeout: 20000 })).length,
        ).toBeGreaterThan(0);
      }
      // The topic is the channel of a send and a receive operation.
      expect(
        screen.getByRole('heading', { name: `SEND ${topicName}` }),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('heading', { name: `RECEIVE ${topicName}` }),
      ).toBeInTheDocument();
      expect(screen.queryByText(/Error/)).not.toBeInTheDocument();
    },
    30000,
  );
});
