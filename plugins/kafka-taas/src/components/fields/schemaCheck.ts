import {
  PolicyViolation,
  TopicRequestInput,
  TopicRequestPlan,
} from '@kafka-taas/plugin-kafka-taas-common';
import { KafkaTaasApi } from '../../api';
import { backendMessage } from '../RequestPage/requestText';
import { topicRequestFromForm } from './topicRequestFromForm';

/**
 * What the backend says of the form's schema:
 * - `valid`: it parses, and the registry accepts it after the subject's latest version;
 * - `invalid`: the schema's own violations (`schema`, `schema.type`, `schema.value`, ...);
 * - `unchecked`: the rest of the request has problems (owned by other fields), and the backend
 *   parses the schema only once they are fixed;
 * - `unavailable`: the backend could not be asked; the `kafka:topic:plan` step checks again.
 */
export type SchemaVerdict =
  | { status: 'valid'; message: string }
  | { status: 'invalid'; violations: PolicyViolation[] }
  | { status: 'unchecked' }
  | { status: 'unavailable'; reason: string };

const SCHEMA_TYPE_TITLES: Record<string, string> = {
  avro: 'Avro',
  json: 'JSON Schema',
  protobuf: 'Protobuf',
};

/** The request to plan for the form's schema; none when there is no schema to check (type none). */
export function schemaCheckRequest(
  formData: Record<string, unknown>,
): TopicRequestInput | undefined {
  const { schemaType } = formData;
  if (schemaType === undefined || schemaType === 'none') return undefined;
  return topicRequestFromForm(formData);
}

function isSchemaViolation({ field }: PolicyViolation): boolean {
  return field === 'schema' || field.startsWith('schema.');
}

function validMessage(
  request: TopicRequestInput,
  plan: TopicRequestPlan,
): string {
  const type = request.schema?.type ?? '';
  const parses = `Parses as ${SCHEMA_TYPE_TITLES[type] ?? type}`;
  const schema = plan.resolved?.schema;
  if (!schema) return `${parses}; compatible with the schema registry.`;
  const subject = schema.subjects.value;
  if (schema.compatibility === 'NONE') {
    return `${parses}; subject ${subject} takes any new version (compatibility NONE).`;
  }
  return `${parses}; compatible with subject ${subject} (${schema.compatibility} compatibility).`;
}

/** Asks the backend to plan the request and keeps what concerns the schema. Never throws. */
export async function checkSchema(
  api: KafkaTaasApi,
  request: TopicRequestInput,
): Promise<SchemaVerdict> {
  let plan: TopicRequestPlan;
  try {
    plan = await api.planTopicRequest(request);
  } catch (error) {
    const reason =
      error instanceof Error ? backendMessage(error) : String(error);
    return { status: 'unavailable', reason };
  }
  const violations = plan.violations.filter(isSchemaViolation);
  if (violations.length > 0) return { status: 'invalid', violations };
  if (!plan.schemaChecked) return { status: 'unchecked' };
  return { status: 'valid', message: validMessage(request, plan) };
}
