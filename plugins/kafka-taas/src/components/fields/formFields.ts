import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { kafkaApprovalPreviewField, kafkaTopicNameField } from '.';

/** The fields for the new frontend system, loaded when the scaffolder asks for them. */
export const kafkaTopicNameFormField = createFormField(kafkaTopicNameField);

export const kafkaApprovalPreviewFormField = createFormField(
  kafkaApprovalPreviewField,
);
