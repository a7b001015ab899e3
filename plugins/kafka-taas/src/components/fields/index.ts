import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { KafkaApprovalPreviewField } from './KafkaApprovalPreviewField';
import {
  KafkaTopicNameField,
  kafkaTopicNameValidation,
} from './KafkaTopicNameField';

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

export const kafkaApprovalPreviewField = {
  name: 'KafkaApprovalPreview',
  component: KafkaApprovalPreviewField,
};
