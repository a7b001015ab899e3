import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { KafkaApprovalPreviewField } from './KafkaApprovalPreviewField';
import {
  KafkaTopicNameField,
  kafkaTopicNameValidation,
} from './KafkaTopicNameField';
import {
  KafkaTopicSchemaField,
  kafkaTopicSchemaValidation,
} from './KafkaTopicSchemaField';

/**
 * The field definitions both frontend systems register: `createFormField` (alpha.tsx) and
 * `createScaffolderFieldExtension` (plugin.ts) take the same name, component and validation.
 */
export const kafkaTopicNameField = {
  name: 'KafkaTopicName',
  component: KafkaTopicNameField,
  validation: kafkaTopicNameValidation,
  schema: makeFieldSchema({
    output: z =>
      z.object({
        domain: z.string().optional().describe('Business domain'),
        subdomain: z.string().optional().describe('Optional subdomain'),
        name: z.string().optional().describe('The name part'),
        version: z
          .number()
          .int()
          .optional()
          .describe('The .v<N> suffix, when wanted or required'),
      }),
  }),
};

export const kafkaTopicSchemaField = {
  name: 'KafkaTopicSchema',
  component: KafkaTopicSchemaField,
  validation: kafkaTopicSchemaValidation,
  schema: makeFieldSchema({
    output: z =>
      z
        .string()
        .optional()
        .describe(
          'The schema text: an Avro schema, a JSON Schema or a .proto file, as the schema type says',
        ),
  }),
};

export const kafkaApprovalPreviewField = {
  name: 'KafkaApprovalPreview',
  component: KafkaApprovalPreviewField,
};
