import {
  evaluateTopicRequest,
  KafkaTaasPolicy,
  PolicyViolation,
  TopicRequestEvaluation,
  TopicRequestInput,
} from '@kafka-taas/plugin-kafka-taas-common';

/** The value of the `KafkaTopicName` field: the parts of the topic name. */
export interface KafkaTopicNameValue {
  domain?: string;
  subdomain?: string;
  name?: string;
  version?: number;
}

/** The request fields the `KafkaTopicName` field edits and reports violations for. */
export const TOPIC_NAME_FIELDS = [
  'domain',
  'subdomain',
  'name',
  'version',
  'topicName',
];

type FormData = Record<string, unknown>;

/** The form data a field sees in the scaffolder's `formContext` (every page so far). */
export function formDataOf(formContext: unknown): FormData {
  if (typeof formContext !== 'object' || formContext === null) return {};
  const { formData } = formContext as { formData?: unknown };
  return typeof formData === 'object' &&
    formData !== null &&
    !Array.isArray(formData)
    ? (formData as FormData)
    : {};
}

function topicOf(formData: FormData): object {
  const { topic } = formData;
  return typeof topic === 'object' && topic !== null ? topic : {};
}

/**
 * The template's parameters as the request the `kafka:topic:request` step sends
 * (templates/create-kafka-topic/template.yaml maps them the same way). The values are the
 * form's, unchecked: the policy engine takes anything a form sends and reports what is wrong.
 */
export function topicRequestFromForm(formData: FormData): TopicRequestInput {
  const custom = formData.retentionPreset === 'custom';
  const schemaType = formData.schemaType;
  const request = {
    ...topicOf(formData),
    environment: formData.environment,
    owner: formData.owner,
    system: formData.system,
    description: formData.description,
    partitions: formData.partitions,
    replicationFactor: formData.replicationFactor,
    retentionPreset: custom ? undefined : formData.retentionPreset,
    retentionMs: custom ? formData.retentionMs : undefined,
    cleanupPolicy: formData.cleanupPolicy,
    classification: formData.classification,
    criticality: formData.criticality,
    quotaTier: formData.quotaTier,
    schema:
      schemaType === undefined
        ? undefined
        : {
            type: schemaType,
            value: schemaType === 'none' ? undefined : formData.schema,
          },
    consumers: formData.consumers,
  };
  return request as TopicRequestInput;
}

/** Runs the shared policy engine on the form, as the backend will on the request. */
export function evaluateForm(
  formData: FormData,
  policy: KafkaTaasPolicy,
): TopicRequestEvaluation {
  return evaluateTopicRequest(topicRequestFromForm(formData), policy);
}

/** The verdict on the topic name: the full name when valid and its violations. */
export function checkTopicName(
  value: KafkaTopicNameValue | undefined,
  formData: FormData,
  policy: KafkaTaasPolicy,
): { topicName?: string; violations: PolicyViolation[] } {
  const { topicName, violations } = evaluateForm(
    { ...formData, topic: value ?? {} },
    policy,
  );
  return {
    topicName,
    violations: violations.filter(v => TOPIC_NAME_FIELDS.includes(v.field)),
  };
}
