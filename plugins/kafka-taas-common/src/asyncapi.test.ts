import { Parser } from '@asyncapi/parser';
// Factories, not classes: lower-case names keep new-cap quiet.
import { AvroSchemaParser as avroSchemaParser } from '@asyncapi/avro-schema-parser';
import { ProtoBuffSchemaParser as protobufSchemaParser } from '@asyncapi/protobuf-schema-parser';
import type { KafkaTopicSchemaVersion } from './api/types';
import {
  ASYNCAPI_SCHEMA_FORMATS,
  KafkaTopicApiEntity,
  topicApiEntity,
  topicApiRelations,
} from './asyncapi';
import { KafkaTopicEntity, topicEntityName } from './catalog';

const TOPIC = 'banking.payments.card-authorized';

function topicEntity(
  overrides: {
    topicName?: string;
    environments?: string;
    clusters?: string;
    system?: string;
    description?: string;
  } = {},
): KafkaTopicEntity {
  const {
    topicName = TOPIC,
    environments = 'dev',
    clusters = 'local-dev',
    system,
    description = 'Authorized card payments, one event per authorization.',
  } = overrides;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: topicEntityName(topicName),
      namespace: 'default',
      title: topicName,
      description,
      annotations: {
        'kafka-taas/topic-name': topicName,
        'kafka-taas/clusters': clusters,
        'kafka-taas/environments': environments,
        'kafka-taas/request-ids': 'req-1',
      },
      labels: {},
      tags: ['kafka'],
    },
    spec: {
      type: 'kafka-topic',
      owner: 'group:default/team-payments',
      ...(system && { system }),
      dependencyOf: ['component:default/fraud-detector'],
    },
  };
}

const AVRO_SCHEMA = JSON.stringify({
  type: 'record',
  name: 'CardAuthorized',
  namespace: 'banking.payments',
  fields: [
    { name: 'authorizationId', type: 'string' },
    { name: 'amountCents', type: 'long' },
    { name: 'currency', type: 'string' },
  ],
});

const JSON_SCHEMA = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'CardAuthorized',
  type: 'object',
  properties: {
    authorizationId: { type: 'string' },
    amountCents: { type: 'integer', minimum: 0 },
  },
  required: ['authorizationId', 'amountCents'],
});

const PROTOBUF_SCHEMA = `syntax = "proto3";
package banking.payments;

message CardAuthorized {
  string authorization_id = 1;
  int64 amount_cents = 2;
}
`;

function schemaVersion(
  overrides: Partial<KafkaTopicSchemaVersion> = {},
): KafkaTopicSchemaVersion {
  return {
    cluster: 'local-dev',
    subject: `${TOPIC}-value`,
    version: 3,
    id: 42,
    schemaType: 'AVRO',
    schema: AVRO_SCHEMA,
    ...overrides,
  };
}

function definitionOf(entity: KafkaTopicApiEntity | undefined) {
  if (!entity) throw new Error('expected an API entity');
  return JSON.parse(entity.spec.definition);
}

/** Parses with @asyncapi/parser as the api-docs renderer does; returns the parsed document. */
async function parseDefinition(definition: string) {
  const parser = new Parser();
  parser.registerSchemaParser(avroSchemaParser());
  parser.registerSchemaParser(protobufSchemaParser());
  const { document, diagnostics } = await parser.parse(definition);
  // Severity 0 is an error; warnings and hints (1-3) do not fail a document.
  expect(diagnostics.filter(d => d.severity === 0)).toEqual([]);
  if (!document) throw new Error('the definition did not parse');
  return document;
}

describe('topicApiEntity', () => {
  it('is undefined for a topic without a schema', () => {
    expect(topicApiEntity(topicEntity(), [])).toBeUndefined();
  });

  it('describes a topic with an Avro schema as an asyncapi API entity of the topic owner', () => {
    const entity = topicApiEntity(topicEntity({ system: 'payments' }), [
      schemaVersion(),
    ]);

    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: {
        name: TOPIC,
        namespace: 'default',
        title: `${TOPIC} (AsyncAPI)`,
        description: 'Authorized card payments, one event per authorization.',
        annotations: {
          'kafka-taas/topic-name': TOPIC,
          'kafka-taas/clusters': 'local-dev',
          'kafka-taas/schema-subject': `${TOPIC}-value`,
          'kafka-taas/schema-version': '3',
          'kafka-taas/schema-id': '42',
          'kafka-taas/schema-cluster': 'local-dev',
        },
        tags: ['kafka', 'avro'],
      },
      spec: {
        type: 'asyncapi',
        lifecycle: 'experimental',
        owner: 'group:default/team-payments',
        system: 'payments',
        definition: expect.any(String),
      },
    });
    const definition = definitionOf(entity);
    expect(definition).toMatchObject({
      asyncapi: '3.0.0',
      info: {
        title: TOPIC,
        version: '3',
        description:
          'Authorized card payments, one event per authorization.\n\nKafka clusters: local-dev.',
      },
    });
    // Broker addresses and their security are not known here: no servers rather than made-up ones.
    expect(definition).not.toHaveProperty('servers');
    const channel = definition.channels['banking_payments_card-authorized'];
    expect(channel.address).toBe(TOPIC);
    expect(channel.bindings).toEqual({
      kafka: { topic: TOPIC, bindingVersion: '0.5.0' },
    });
    const message = channel.messages[`banking_payments_card-authorized-value`];
    expect(message.title).toBe('CardAuthorized');
    expect(message.payload).toEqual({
      schemaFormat: 'application/vnd.apache.avro;version=1.9.0',
      schema: JSON.parse(AVRO_SCHEMA),
    });
    expect(
      Object.values(definition.operations).map(
        op => (op as { action: string }).action,
      ),
    ).toEqual(['send', 'receive']);
  });

  it('builds an Avro definition that @asyncapi/parser validates, the schema as the payload', async () => {
    const entity = topicApiEntity(topicEntity(), [schemaVersion()]);
    const document = await parseDefinition(entity?.spec.definition ?? '');

    const channel = document.channels().get('banking_payments_card-authorized');
    expect(channel?.address()).toBe(TOPIC);
    const message = channel?.messages().all()[0];
    expect(message?.schemaFormat()).toBe(ASYNCAPI_SCHEMA_FORMATS.AVRO);
    // The Avro schema parser turns the record into a JSON Schema with its fields.
    expect(Object.keys(message?.payload()?.properties() ?? {})).toEqual([
      'authorizationId',
      'amountCents',
      'currency',
    ]);
    expect(
      document
        .operations()
        .all()
        .map(op => op.action()),
    ).toEqual(['send', 'receive']);
    expect(channel?.bindings().get('kafka')?.value()).toEqual({
      topic: TOPIC,
    });
  });

  it('is checked by a parser that does refuse a broken definition', async () => {
    const definition = definitionOf(
      topicApiEntity(topicEntity(), [schemaVersion()]),
    );
    definition.operations['produce_banking_payments_card-authorized'].action =
      'publish';
    const parser = new Parser();
    parser.registerSchemaParser(avroSchemaParser());
    const { document, diagnostics } = await parser.parse(
      JSON.stringify(definition),
    );
    expect(document).toBeUndefined();
    expect(diagnostics.some(d => d.severity === 0)).toBe(true);
  });

  it('builds a JSON Schema definition that validates, the schema object as the payload', async () => {
    const entity = topicApiEntity(topicEntity(), [
      schemaVersion({ schemaType: 'JSON', schema: JSON_SCHEMA }),
    ]);
    expect(entity?.metadata.tags).toEqual(['kafka', 'json']);
    const message = Object.values(
      definitionOf(entity).channels['banking_payments_card-authorized']
        .messages,
    )[0] as { payload: unknown };
    expect(message.payload).toEqual({
      schemaFormat: 'application/schema+json;version=draft-07',
      schema: JSON.parse(JSON_SCHEMA),
    });

    const document = await parseDefinition(entity?.spec.definition ?? '');
    const payload = document
      .channels()
      .get('banking_payments_card-authorized')
      ?.messages()
      .all()[0]
      .payload();
    expect(payload?.required()).toEqual(['authorizationId', 'amountCents']);
    expect(payload?.properties()?.amountCents.type()).toBe('integer');
  });

  it('builds a Protobuf definition that validates, the proto text as the payload', async () => {
    const entity = topicApiEntity(topicEntity(), [
      schemaVersion({ schemaType: 'PROTOBUF', schema: PROTOBUF_SCHEMA }),
    ]);
    expect(entity?.metadata.tags).toEqual(['kafka', 'protobuf']);
    const message = Object.values(
      definitionOf(entity).channels['banking_payments_card-authorized']
        .messages,
    )[0] as { payload: unknown };
    expect(message.payload).toEqual({
      schemaFormat: 'application/vnd.google.protobuf;version=3',
      schema: PROTOBUF_SCHEMA,
    });

    const document = await parseDefinition(entity?.spec.definition ?? '');
    const parsed = document
      .channels()
      .get('banking_payments_card-authorized')
      ?.messages()
      .all()[0];
    expect(parsed?.schemaFormat()).toBe(ASYNCAPI_SCHEMA_FORMATS.PROTOBUF);
    expect(Object.keys(parsed?.payload()?.properties() ?? {}).sort()).toEqual([
      'amount_cents',
      'authorization_id',
    ]);
  });

  it('is production when the topic lives in a prod-tier environment, by the policy or by name', () => {
    const prodByName = topicApiEntity(
      topicEntity({ environments: 'dev,prod' }),
      [schemaVersion()],
    );
    expect(prodByName?.spec.lifecycle).toBe('production');

    const environments = {
      live: { cluster: 'eu-prod', tier: 'prod' as const },
      sandbox: { cluster: 'local-dev', tier: 'dev' as const },
    };
    expect(
      topicApiEntity(
        topicEntity({ environments: 'sandbox,live' }),
        [schemaVersion()],
        {
          environments,
        },
      )?.spec.lifecycle,
    ).toBe('production');
    expect(
      topicApiEntity(
        topicEntity({ environments: 'sandbox' }),
        [schemaVersion()],
        {
          environments,
        },
      )?.spec.lifecycle,
    ).toBe('experimental');
  });

  it('describes the schema of the cluster serving the highest-tier environment', () => {
    const environments = {
      dev: { cluster: 'dev-cluster', tier: 'dev' as const },
      prod: { cluster: 'prod-cluster', tier: 'prod' as const },
    };
    const entity = topicApiEntity(
      topicEntity({
        environments: 'dev,prod',
        clusters: 'dev-cluster,prod-cluster',
      }),
      [
        schemaVersion({ cluster: 'dev-cluster', version: 5, id: 50 }),
        schemaVersion({ cluster: 'prod-cluster', version: 4, id: 40 }),
      ],
      { environments },
    );
    expect(entity?.metadata.annotations).toMatchObject({
      'kafka-taas/schema-version': '4',
      'kafka-taas/schema-id': '40',
      'kafka-taas/schema-cluster': 'prod-cluster',
      'kafka-taas/clusters': 'dev-cluster,prod-cluster',
    });
    expect(definitionOf(entity).info).toMatchObject({
      version: '4',
      description: expect.stringContaining(
        'Kafka clusters: dev-cluster, prod-cluster.',
      ),
    });
  });

  it('takes a long topic name’s shortened entity name, stable and valid', async () => {
    const longName = `analytics.clickstream.${'very-long-event-name-'.repeat(
      4,
    )}v1`;
    const entity = topicApiEntity(topicEntity({ topicName: longName }), [
      schemaVersion({ subject: `${longName}-value` }),
    ]);
    expect(entity?.metadata.name).toBe(topicEntityName(longName));
    expect(entity?.metadata.name).toMatch(
      /^[A-Za-z0-9][-A-Za-z0-9_.]{0,61}[A-Za-z0-9]$/,
    );
    expect(entity?.metadata.annotations['kafka-taas/topic-name']).toBe(
      longName,
    );
    const document = await parseDefinition(entity?.spec.definition ?? '');
    expect(
      document
        .channels()
        .all()
        .map(c => c.address()),
    ).toEqual([longName]);
  });

  it('keeps the name of a topic entity declared in a catalog-info.yaml', () => {
    const declared = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'card-authorized-topic',
        namespace: 'payments',
        annotations: { 'kafka-taas/topic-name': TOPIC },
      },
      spec: { type: 'kafka-topic', owner: 'group:payments/team-payments' },
    };
    const entity = topicApiEntity(declared, [schemaVersion()]);
    expect(entity?.metadata).toMatchObject({
      name: 'card-authorized-topic',
      namespace: 'payments',
      description: `Messages of the Kafka topic ${TOPIC}.`,
    });
    expect(entity?.spec.owner).toBe('group:payments/team-payments');
    expect(entity?.spec).not.toHaveProperty('system');
  });

  it('refuses a schema of an unknown type or that is not the JSON its type needs, naming the field', () => {
    expect(() =>
      topicApiEntity(topicEntity(), [schemaVersion({ schemaType: 'XML' })]),
    ).toThrow(
      `schema ${TOPIC}-value version 3 on cluster local-dev: schemaType "XML" is not supported; allowed: AVRO, JSON, PROTOBUF`,
    );
    expect(() =>
      topicApiEntity(topicEntity(), [schemaVersion({ schema: '{"type": ' })]),
    ).toThrow(
      `schema ${TOPIC}-value version 3 on cluster local-dev: schema must be valid JSON for type AVRO`,
    );
  });

  it('refuses a topic entity without an owner', () => {
    const { owner: _owner, ...spec } = topicEntity().spec;
    expect(() =>
      topicApiEntity({ ...topicEntity(), spec }, [schemaVersion()]),
    ).toThrow(
      `topic entity ${TOPIC}: spec.owner is required for its API entity`,
    );
  });
});

describe('topicApiRelations', () => {
  it('links the API to its topic, its producers and its consumers, both ways', () => {
    const topic = topicEntity();
    const api = topicApiEntity(topic, [schemaVersion()]);
    if (!api) throw new Error('expected an API entity');

    const apiRef = { kind: 'API', namespace: 'default', name: TOPIC };
    const topicRef = { kind: 'Resource', namespace: 'default', name: TOPIC };
    const producer = {
      kind: 'component',
      namespace: 'default',
      name: 'card-gateway',
    };
    const consumer = {
      kind: 'component',
      namespace: 'risk',
      name: 'fraud-detector',
    };
    expect(
      topicApiRelations({
        api,
        topic,
        producers: ['card-gateway'],
        consumers: ['component:risk/fraud-detector'],
      }),
    ).toEqual([
      { source: apiRef, type: 'dependsOn', target: topicRef },
      { source: topicRef, type: 'dependencyOf', target: apiRef },
      { source: producer, type: 'providesApi', target: apiRef },
      { source: apiRef, type: 'apiProvidedBy', target: producer },
      { source: consumer, type: 'consumesApi', target: apiRef },
      { source: apiRef, type: 'apiConsumedBy', target: consumer },
    ]);
  });

  it('refuses a component ref that does not parse, naming the field', () => {
    const topic = topicEntity();
    const api = topicApiEntity(topic, [schemaVersion()]);
    if (!api) throw new Error('expected an API entity');
    expect(() =>
      topicApiRelations({ api, topic, consumers: ['ok', 'a:b:c'] }),
    ).toThrow(
      'consumers[1]: "a:b:c" is not an entity ref; allowed: [<kind>:][<namespace>/]<name>',
    );
  });
});
