import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  kafkaApprovalPreviewField,
  kafkaTopicNameField,
  kafkaTopicSchemaField,
} from '.';

/** The fields for the new frontend system, loaded when the scaffolder asks for them. */
export const kafkaTopicNameFormField = createFormField(kafkaTopicNameField);

export const kafkaTopicSchemaFormField = createFormField(kafkaTopicSchemaField);

export const kafkaApprovalPreviewFormField = createFormField(
  kafkaApprovalPreviewField,
);
