import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './deleteTopic.examples';
import {
  ENVIRONMENT_INPUT_DESCRIPTION,
  TOPIC_INPUT_DESCRIPTION,
  TopicChangeActionOptions,
  changeOutputSchema,
  TopicChanges,
} from './changeTopic';

/**
 * `kafka:topic:delete`: asks to delete an existing topic, as the task initiator (a member of the
 * owning team, or a platform admin). Deletion always waits for approval: by the approval matrix
 * for the topic's criticality and environment, else by the owning team. The backend refuses it
 * while consumer groups read the topic, unless a platform admin sets `force`.
 *
 * Outputs the request, its status and approvers, and succeeds. A dry run only plans.
 * The submission runs in a checkpoint, so a retried task never submits twice.
 * @public
 */
export function deleteTopicAction(options: TopicChangeActionOptions) {
  const changes = TopicChanges.create(options);
  return createTemplateAction({
    id: 'kafka:topic:delete',
    description:
      'Asks to delete an existing Kafka topic (with its ACLs and schema subjects) as the task initiator; it always waits for approval',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        topic: z => z.string().describe(TOPIC_INPUT_DESCRIPTION),
        environment: z => z.string().describe(ENVIRONMENT_INPUT_DESCRIPTION),
        reason: z =>
          z
            .string()
            .describe(
              'Why the topic can go, for the approvers: 10-1000 characters',
            ),
        force: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Delete even while consumer groups read the topic. Only platform admins (permission kafka-taas.admin) may set it; for anyone else the request is refused',
            ),
      },
      output: {
        ...changeOutputSchema(
          'deletion',
          'pending_approval (the usual outcome), ready (deleted), or dry-run',
        ),
      },
    },
    async handler(ctx) {
      const { topic, environment, reason, force } = ctx.input;
      await changes.run(ctx, {
        change: {
          kind: 'delete',
          topic,
          environment,
          reason,
          ...(force ? { force } : {}),
        },
        checkpointKey: `kafka-topic-delete-${topic}-${environment}`,
        describe: name =>
          `would ask to delete ${name} (${environment})${
            force ? ', even while consumer groups read it' : ''
          }`,
      });
    },
  });
}
