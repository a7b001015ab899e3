import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './grantAccess.examples';
import {
  ENVIRONMENT_INPUT_DESCRIPTION,
  TOPIC_INPUT_DESCRIPTION,
  TopicChangeActionOptions,
  changeOutputSchema,
  TopicChanges,
  withoutBlanks,
} from './changeTopic';

/**
 * `kafka:acl:grant`: asks READ on an existing topic for a team, as the task initiator (who must
 * be a member of that team). The topic's owning team approves; then the team's Kafka principal
 * gets READ and DESCRIBE on the topic and READ on its consumer group.
 *
 * - Approval needed (the usual case): outputs the request, its status and approvers, and succeeds.
 * - No approval needed: waits until the ACLs exist, like `kafka:topic:request`.
 * - Dry run: only plans (failing on every violation); nothing is submitted.
 *
 * The submission runs in a checkpoint, so a retried task never submits twice.
 * @public
 */
export function grantAccessAction(options: TopicChangeActionOptions) {
  const changes = TopicChanges.create(options);
  return createTemplateAction({
    id: 'kafka:acl:grant',
    description:
      "Asks read access to an existing Kafka topic for a team, as the task initiator; the topic's owning team approves, then the ACLs are created",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        topic: z => z.string().describe(TOPIC_INPUT_DESCRIPTION),
        environment: z => z.string().describe(ENVIRONMENT_INPUT_DESCRIPTION),
        group: z =>
          z
            .string()
            .describe(
              'Catalog group that will read, e.g. group:default/team-analytics; the task initiator must be a member, and the group needs a Kafka principal (kafkaTaas.principals)',
            ),
        consumerGroup: z =>
          z
            .string()
            .describe(
              'The Kafka consumer group id (group.id) the readers commit offsets with: letters, digits, ".", "_" and "-"',
            ),
        component: z =>
          z
            .string()
            .optional()
            .describe(
              'The catalog component that will consume, e.g. component:default/fraud-scoring, for relations',
            ),
        reason: z =>
          z
            .string()
            .describe(
              'Why the team needs to read the topic, for the approvers: 10-1000 characters',
            ),
        waitTimeoutSeconds: z =>
          z
            .number()
            .optional()
            .describe(
              'When no approval is needed: how long to wait for the ACLs, in seconds (default 120). On timeout the step succeeds with the current status and a warning.',
            ),
      },
      output: {
        ...changeOutputSchema(
          'access',
          'pending_approval (waits for the owning team), ready (the ACLs exist), the current status when the wait timed out, or dry-run',
        ),
      },
    },
    async handler(ctx) {
      const { topic, environment, group, consumerGroup, component, reason } =
        ctx.input;
      await changes.run(ctx, {
        change: {
          kind: 'access',
          ...withoutBlanks({
            topic,
            environment,
            group,
            consumerGroup,
            component,
            reason,
          }),
          topic,
        },
        checkpointKey: `kafka-acl-grant-${topic}-${environment}-${group}-${consumerGroup}`,
        waitTimeoutSeconds: ctx.input.waitTimeoutSeconds,
        describe: name =>
          `would ask READ on ${name} (${environment}) for ${group}, consumer group ${consumerGroup}`,
      });
    },
  });
}
