import { createHash } from 'node:crypto';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { TopicRequestEvent } from '@kafka-taas/plugin-kafka-taas-common';
import { examples } from './registerSchema.examples';
import {
  ENVIRONMENT_INPUT_DESCRIPTION,
  TOPIC_INPUT_DESCRIPTION,
  TopicChangeActionOptions,
  changeOutputSchema,
  TopicChanges,
  withoutBlanks,
} from './changeTopic';

/**
 * `kafka:schema:register`: registers a new version of an existing topic's schema, as the task
 * initiator (a member of the owning team). It plans first, so an incompatible schema fails the
 * step with every violation before anything is submitted.
 *
 * - No approval needed (e.g. dev): waits until the version is registered and outputs its subject,
 *   id and version.
 * - Approval needed (by the approval matrix for the topic's criticality and environment): outputs
 *   the request, its status and approvers, and succeeds.
 * - Dry run: only plans; nothing is submitted.
 *
 * The plan and the submission run in one checkpoint, so a retried task never submits twice.
 * @public
 */
export function registerSchemaAction(options: TopicChangeActionOptions) {
  const changes = TopicChanges.create(options);
  return createTemplateAction({
    id: 'kafka:schema:register',
    description:
      "Registers a new version of an existing Kafka topic's schema as the task initiator, after checking it against the registry's compatibility rules",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        topic: z => z.string().describe(TOPIC_INPUT_DESCRIPTION),
        environment: z => z.string().describe(ENVIRONMENT_INPUT_DESCRIPTION),
        schema: z =>
          z
            .object({
              type: z
                .string()
                .describe(
                  "Schema type: avro, json or protobuf; the same as the topic's existing schema",
                ),
              value: z
                .string()
                .describe(
                  'The new value schema text (Avro JSON, JSON Schema or a .proto file); it must be compatible with the latest registered version',
                ),
              key: z
                .string()
                .optional()
                .describe('An optional new key schema, of the same type'),
            })
            .describe(
              'The new schema, registered as the next version of subject <topic>-value (and <topic>-key)',
            ),
        waitTimeoutSeconds: z =>
          z
            .number()
            .optional()
            .describe(
              'When no approval is needed: how long to wait for the registration, in seconds (default 120). On timeout the step succeeds with the current status and a warning.',
            ),
      },
      output: {
        ...changeOutputSchema(
          'schema',
          'ready (registered), pending_approval, the current status when the wait timed out, or dry-run',
        ),
        subject: z =>
          z
            .string()
            .optional()
            .describe(
              'The registry subject of the value schema, once registered (<topic>-value)',
            ),
        schemaId: z =>
          z
            .number()
            .optional()
            .describe('Registry id of the value schema, once registered'),
        schemaVersion: z =>
          z
            .number()
            .optional()
            .describe(
              'Version of the value schema in its subject, once registered',
            ),
      },
    },
    async handler(ctx) {
      const { topic, environment } = ctx.input;
      const schema = withoutBlanks(ctx.input.schema);
      const settled = await changes.run(ctx, {
        change: { kind: 'schema', topic, environment, schema },
        checkpointKey: `kafka-schema-register-${topic}-${environment}-${createHash(
          'sha256',
        )
          .update(JSON.stringify(schema))
          .digest('hex')
          .slice(0, 16)}`,
        planFirst: true,
        waitTimeoutSeconds: ctx.input.waitTimeoutSeconds,
        describe: name =>
          `would register a new ${ctx.input.schema.type} schema version for ${name} (${environment})`,
      });
      if (!settled) return;
      const registered = valueSubjectOf(settled.events);
      if (registered) {
        ctx.logger.info(
          `Registered ${registered.subject} version ${
            registered.version ?? '(unknown)'
          } (id ${registered.id})`,
        );
        ctx.output('subject', registered.subject);
        ctx.output('schemaId', registered.id);
        ctx.output('schemaVersion', registered.version);
      }
    },
  });
}

type RegisteredSubject = { subject: string; id: number; version?: number };

/** The value subject the `schema` step registered, from the request's audit trail. */
function valueSubjectOf(
  events: TopicRequestEvent[],
): RegisteredSubject | undefined {
  const subjects = events.find(
    e => e.type === 'step-completed' && e.step === 'schema',
  )?.details?.subjects;
  if (!Array.isArray(subjects)) return undefined;
  const registered = subjects.filter(
    (s: unknown): s is RegisteredSubject =>
      typeof s === 'object' &&
      s !== null &&
      'subject' in s &&
      typeof s.subject === 'string' &&
      'id' in s &&
      typeof s.id === 'number',
  );
  return registered.find(s => s.subject.endsWith('-value')) ?? registered[0];
}
