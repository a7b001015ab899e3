import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import {
  kafkaApprovalPreviewField,
  kafkaTopicNameField,
  kafkaTopicSchemaField,
} from '.';

/** The "Create Kafka topic" template checked against the fields and actions it relies on. */
const template = parse(
  readFileSync(
    resolve(
      __dirname,
      '../../../../../templates/create-kafka-topic/template.yaml',
    ),
    'utf8',
  ),
);

const OUR_FIELDS = [
  kafkaTopicNameField.name,
  kafkaTopicSchemaField.name,
  kafkaApprovalPreviewField.name,
];
const BUILT_IN_FIELDS = ['EntityPicker', 'MyGroupsPicker', 'OwnedEntityPicker'];
const REQUEST_FIELDS = [
  'domain',
  'subdomain',
  'name',
  'version',
  'environment',
  'owner',
  'system',
  'description',
  'partitions',
  'replicationFactor',
  'retentionPreset',
  'retentionMs',
  'cleanupPolicy',
  'classification',
  'criticality',
  'quotaTier',
  'schema',
  'consumers',
];

/** Every `ui:field` anywhere in the parameters. */
function uiFields(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(uiFields);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'ui:field' ? [String(value)] : uiFields(value),
  );
}

type Step = { id: string; action: string; input: Record<string, unknown> };

describe('templates/create-kafka-topic', () => {
  const steps: Step[] = template.spec.steps;

  it('is a v1beta3 template named create-kafka-topic', () => {
    expect(template).toMatchObject({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: 'create-kafka-topic', title: 'Create Kafka topic' },
    });
  });

  it('uses only our form fields and built-in ones', () => {
    const used = uiFields(template.spec.parameters);
    expect(used).toEqual(expect.arrayContaining(OUR_FIELDS));
    expect(
      used.filter(f => ![...OUR_FIELDS, ...BUILT_IN_FIELDS].includes(f)),
    ).toEqual([]);
  });

  it('edits the schema with KafkaTopicSchema as a plain string, which the steps send as schema.value', () => {
    const schemaPage = template.spec.parameters.find(
      (page: { properties: object }) => 'schema' in page.properties,
    );
    expect(schemaPage.properties.schema).toMatchObject({
      title: 'Value schema',
      type: 'string',
      'ui:field': kafkaTopicSchemaField.name,
      default: expect.stringContaining('"type": "record"'),
    });
    expect(steps[0].input.schema).toEqual({
      type: '${{ parameters.schemaType }}',
      value:
        "${{ parameters.schema if parameters.schemaType != 'none' else undefined }}",
    });
  });

  it('runs only the kafka actions and built-in ones', () => {
    for (const { action } of steps) {
      expect(action).toMatch(
        /^(kafka:topic:plan|kafka:topic:request|fetch:template|catalog:.+|debug:log)$/,
      );
    }
    expect(steps.map(s => s.id).slice(0, 2)).toEqual(['plan', 'request']);
  });

  it('sends every field of a topic request, the same to plan and request', () => {
    const [plan, request] = steps;
    expect(Object.keys(request.input).sort()).toEqual(
      [...REQUEST_FIELDS].sort(),
    );
    expect(plan.input).toEqual(request.input);
  });
});
