import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  topicEntityName,
  topicEntityRef,
} from '@kafka-taas/plugin-kafka-taas-common';
import { examples } from './planTopic.examples';
import { initiatorToken, KafkaTaasApi, planOrFail } from './kafkaTaasApi';
import {
  approversOutputSchema,
  requestedTopicName,
  topicRequestBody,
  topicRequestInputSchema,
} from './topicRequestInput';

/**
 * `kafka:topic:plan`: asks the kafka-taas backend for the plan of a topic request (the policy
 * verdict, who must approve, the provisioning steps) as the task's initiator. Fails, listing every
 * violation, when the policy refuses the request. No side effects.
 * @public
 */
export function planTopicAction(options: {
  auth: AuthService;
  discovery: DiscoveryService;
}) {
  const api = KafkaTaasApi.create(options);
  return createTemplateAction({
    id: 'kafka:topic:plan',
    description:
      'Checks a Kafka topic request against the policy and returns the topic name, the approval it needs and the provisioning steps, without creating anything',
    examples,
    supportsDryRun: true,
    schema: {
      input: topicRequestInputSchema,
      output: {
        topicName: z => z.string().describe('The full topic name'),
        entityName: z =>
          z
            .string()
            .describe(
              "Name of the topic's catalog entity: the topic name when it is a valid entity name, else a stable shortened form",
            ),
        entityRef: z =>
          z
            .string()
            .describe(
              "Ref of the topic's catalog entity, resource:default/<entityName>",
            ),
        approvalRequired: z =>
          z
            .boolean()
            .describe('Whether the request waits for approval when submitted'),
        approvers: approversOutputSchema,
        steps: z =>
          z
            .array(
              z.object({
                id: z
                  .string()
                  .describe('Step id: topic, schema, acls, quotas or done'),
                title: z.string().describe('What the step does'),
              }),
            )
            .describe('The provisioning steps, in the order they would run'),
      },
    },
    async handler(ctx) {
      const plan = await planOrFail({
        api,
        body: topicRequestBody(ctx.input),
        token: await initiatorToken(options.auth, ctx),
        logger: ctx.logger,
      });
      const approvers = plan.approval?.roles ?? [];
      ctx.logger.info(
        `Topic ${plan.topicName} passes the policy; ${
          approvers.length
            ? `approval needed from ${approvers
                .map(r => r.title)
                .join(' and ')}`
            : 'no approval needed'
        }`,
      );
      const topicName = plan.topicName ?? requestedTopicName(ctx.input);
      ctx.output('topicName', topicName);
      ctx.output('entityName', topicEntityName(topicName));
      ctx.output('entityRef', topicEntityRef(topicName));
      ctx.output('approvalRequired', plan.approval?.required ?? false);
      ctx.output('approvers', approvers);
      ctx.output(
        'steps',
        plan.steps.map(step => ({ id: step.id, title: step.title })),
      );
    },
  });
}
