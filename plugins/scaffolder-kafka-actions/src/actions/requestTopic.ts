import {
  AuthService,
  DiscoveryService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ActionContext,
  createTemplateAction,
} from '@backstage/plugin-scaffolder-node';
import {
  topicEntityName,
  topicEntityRef,
  TopicRequestEvent,
} from '@kafka-taas/plugin-kafka-taas-common';
import { examples } from './requestTopic.examples';
import {
  describeApprovers,
  initiatorToken,
  KafkaTaasApi,
  planOrFail,
  TopicRequestPolicyError,
  waitForRequest,
} from './kafkaTaasApi';
import {
  approversOutputSchema,
  requestedTopicName,
  topicRequestBody,
  topicRequestInputSchema,
} from './topicRequestInput';

/** How long a ready topic's entity may take to reach the catalog before the step goes on. */
const ENTITY_WAIT_MS = 20_000;

/**
 * `kafka:topic:request`: submits a topic request to the kafka-taas backend on behalf of the task's
 * initiator, so ownership and permissions hold for the real user.
 *
 * - No approval needed: waits until the topic is ready (or failed) and outputs it. When
 *   `waitTimeoutSeconds` runs out first, the step still succeeds with the request's current status
 *   and a warning: the backend keeps provisioning, and the request page shows how it ends.
 * - Approval needed: outputs the request, `pending_approval` and its approvers, and succeeds.
 * - Dry run: only plans (failing on violations like `kafka:topic:plan`); nothing is submitted.
 *
 * The submission runs in a checkpoint, so a retried task never submits twice.
 * @public
 */
export function requestTopicAction(options: {
  auth: AuthService;
  discovery: DiscoveryService;
  config: RootConfigService;
  catalog: CatalogService;
}) {
  const api = KafkaTaasApi.create(options);
  const appBaseUrl = options.config
    .getString('app.baseUrl')
    .replace(/\/+$/, '');
  const requestUrlOf = (id: string) => `${appBaseUrl}/kafka/requests/${id}`;

  return createTemplateAction({
    id: 'kafka:topic:request',
    description:
      'Requests a Kafka topic from Kafka Topic-as-a-Service as the task initiator: waits until it is provisioned, or ends with the request pending approval',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...topicRequestInputSchema,
        waitTimeoutSeconds: z =>
          z
            .number()
            .optional()
            .describe(
              'How long to wait for an auto-approved topic to be provisioned, in seconds (default 120). On timeout the step succeeds with the current status and a warning.',
            ),
      },
      output: {
        topic: z => z.string().describe('The full topic name'),
        entityName: z =>
          z
            .string()
            .describe(
              "Name of the topic's catalog entity: the topic name when it is a valid entity name, else a stable shortened form. The entity appears once the topic is ready.",
            ),
        entityRef: z =>
          z
            .string()
            .describe(
              "Ref of the topic's catalog entity, resource:default/<entityName>",
            ),
        status: z =>
          z
            .string()
            .describe(
              'ready, pending_approval (waits for approvers), the current status when the wait timed out, or dry-run',
            ),
        requestId: z =>
          z
            .string()
            .optional()
            .describe('Id of the topic request (absent in a dry run)'),
        requestUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'Page of the request in Backstage, to follow approval and provisioning (absent in a dry run)',
            ),
        cluster: z =>
          z
            .string()
            .optional()
            .describe('The cluster the topic is (or would be) created on'),
        partitions: z =>
          z.number().optional().describe('Partitions of the topic'),
        replicationFactor: z =>
          z.number().optional().describe('Replication factor of the topic'),
        schemaId: z =>
          z
            .number()
            .optional()
            .describe(
              'Schema registry id of the value schema, once registered; absent when the topic has no schema',
            ),
        approvers: z =>
          approversOutputSchema(z)
            .optional()
            .describe(
              'Roles that must each approve, when the request needs approval',
            ),
      },
    },
    async handler(ctx) {
      const body = topicRequestBody(ctx.input);
      const token = await initiatorToken(options.auth, ctx);

      if (ctx.isDryRun) {
        const plan = await planOrFail({ api, body, token, logger: ctx.logger });
        const topic = plan.topicName ?? requestedTopicName(ctx.input);
        const approvers = plan.approval?.roles ?? [];
        ctx.logger.info(
          `Dry run: would request topic ${topic}${
            approvers.length
              ? `, which would wait for approval by ${describeApprovers(
                  approvers,
                )}`
              : ', provisioned at once'
          }; nothing was submitted`,
        );
        ctx.output('topic', topic);
        ctx.output('entityName', topicEntityName(topic));
        ctx.output('entityRef', topicEntityRef(topic));
        ctx.output('status', 'dry-run');
        ctx.output('cluster', plan.resolved?.cluster);
        ctx.output('partitions', plan.resolved?.partitions);
        ctx.output('replicationFactor', plan.resolved?.replicationFactor);
        ctx.output('approvers', approvers);
        return;
      }

      const submitted = await ctx.checkpoint({
        key: `kafka-topic-request-${requestedTopicName(ctx.input)}-${
          ctx.input.environment
        }`,
        fn: async () => {
          try {
            const { id, status, topicName, approvalRequired } =
              await api.submit(body, token);
            return { id, status, topicName, approvalRequired };
          } catch (error) {
            if (error instanceof TopicRequestPolicyError) {
              for (const v of error.violations)
                ctx.logger.error(`${v.field}: ${v.message}`);
            }
            throw error;
          }
        },
      });
      const requestUrl = requestUrlOf(submitted.id);
      ctx.output('topic', submitted.topicName);
      ctx.output('entityName', topicEntityName(submitted.topicName));
      ctx.output('entityRef', topicEntityRef(submitted.topicName));
      ctx.output('requestId', submitted.id);
      ctx.output('requestUrl', requestUrl);

      if (submitted.approvalRequired) {
        const { request } = await api.get(submitted.id, token);
        const approvers = request.approval.roles.map(
          ({ role, title, groups }) => ({ role, title, groups }),
        );
        ctx.logger.info(
          `Topic request for ${
            request.topicName
          } waits for approval by ${describeApprovers(approvers)} (status ${
            request.status
          }); follow it on ${requestUrl}`,
        );
        ctx.output('status', request.status);
        ctx.output('approvers', approvers);
        return;
      }

      const waitTimeoutSeconds = ctx.input.waitTimeoutSeconds ?? 120;
      ctx.logger.info(
        `Topic request for ${submitted.topicName} accepted; waiting for provisioning (${requestUrl})`,
      );
      const { request, events } = await waitForRequest({
        api,
        id: submitted.id,
        token,
        timeoutMs: waitTimeoutSeconds * 1000,
        signal: ctx.signal,
      });
      ctx.output('status', request.status);
      switch (request.status) {
        case 'ready':
          ctx.logger.info(
            `Topic ${request.topicName} is ready on cluster ${request.cluster}`,
          );
          ctx.output('cluster', request.cluster);
          ctx.output('partitions', request.resolved.partitions);
          ctx.output('replicationFactor', request.resolved.replicationFactor);
          ctx.output('schemaId', schemaIdOf(events));
          await waitForEntity(ctx, options.catalog, request.topicName);
          return;
        case 'failed':
          throw new Error(
            `Provisioning of topic ${request.topicName} failed at step ${request.failedStep}: ${request.error}. The steps already done are kept; retry the request on ${requestUrl} and it resumes from that step.`,
          );
        case 'rejected':
        case 'expired':
          throw new Error(
            `Topic request for ${request.topicName} is ${request.status}${
              request.rejectionReason ? `: ${request.rejectionReason}` : ''
            } (${requestUrl})`,
          );
        default:
          ctx.logger.warn(
            `Topic ${request.topicName} is not ready after ${waitTimeoutSeconds} s (status ${request.status}); provisioning goes on in the background: follow it on ${requestUrl}`,
          );
      }
    },
  });
}

/**
 * Waits until the catalog has the topic's entity (the catalog module adds it when the topic is
 * ready), so the template's link to it works when the task ends; on timeout, only warns.
 */
async function waitForEntity(
  ctx: Pick<ActionContext<{}>, 'logger' | 'signal' | 'getInitiatorCredentials'>,
  catalog: CatalogService,
  topicName: string,
): Promise<void> {
  const entityRef = topicEntityRef(topicName);
  const credentials = await ctx.getInitiatorCredentials();
  const deadline = Date.now() + ENTITY_WAIT_MS;
  while (Date.now() < deadline && !ctx.signal?.aborted) {
    if (await catalog.getEntityByRef(entityRef, { credentials })) {
      ctx.logger.info(`The topic's catalog entity ${entityRef} is ready`);
      return;
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  ctx.logger.warn(
    `The topic's catalog entity ${entityRef} is not in the catalog yet; it appears once the catalog module reads the ready topic (is @kafka-taas/plugin-catalog-backend-module-kafka-taas installed?)`,
  );
}

/** Registry id of the first schema subject registered, from the audit trail. */
function schemaIdOf(events: TopicRequestEvent[]): number | undefined {
  const subjects = events.find(
    e => e.type === 'step-completed' && e.step === 'schema',
  )?.details?.subjects;
  if (!Array.isArray(subjects)) return undefined;
  const first: unknown = subjects[0];
  if (
    typeof first === 'object' &&
    first !== null &&
    'id' in first &&
    typeof first.id === 'number'
  ) {
    return first.id;
  }
  return undefined;
}
