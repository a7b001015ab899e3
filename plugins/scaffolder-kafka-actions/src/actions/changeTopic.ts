import {
  AuthService,
  DiscoveryService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import {
  KAFKA_TOPIC_ENTITY_TYPE,
  TOPIC_NAME_ANNOTATION,
  TopicRequest,
  TopicRequestEvent,
} from '@kafka-taas/plugin-kafka-taas-common';
import {
  describeApprovers,
  failOnViolations,
  initiatorToken,
  KafkaTaasApi,
  SubmittedTopicRequest,
  TopicRequestBody,
  TopicRequestPolicyError,
  waitForRequest,
} from './kafkaTaasApi';
import {
  approversOutputSchema,
  Field,
  Optional,
  ZodString,
  ZodUnknownValue,
} from './topicRequestInput';

/** What the change actions need: the kafka-taas backend, the catalog and the app's URL. */
export interface TopicChangeActionOptions {
  auth: AuthService;
  discovery: DiscoveryService;
  config: RootConfigService;
  catalog: CatalogService;
}

/** The description of the `topic` input, the same in every change action. */
export const TOPIC_INPUT_DESCRIPTION =
  'The topic: its full name (e.g. banking.payments.card-authorized), or the entity ref of its catalog entity (a Resource of type kafka-topic, e.g. resource:default/banking.payments.card-authorized), whose kafka-taas/topic-name annotation gives the name';

/** The description of the `environment` input, the same in every change action. */
export const ENVIRONMENT_INPUT_DESCRIPTION =
  'Environment the topic lives in (e.g. dev, prod); it selects the cluster';

/**
 * The outputs every change action sets (see {@link TopicChanges.run}): `kind` names the request
 * (access, schema, deletion), `status` says what the action can end in.
 */
export function changeOutputSchema(
  kind: string,
  status: string,
): {
  topic: Field<ZodString>;
  status: Field<ZodString>;
  requestId: Field<Optional<ZodString>>;
  requestUrl: Field<Optional<ZodString>>;
  approvers: Field<ZodUnknownValue>;
} {
  const topic: Field<ZodString> = z =>
    z.string().describe('The full topic name');
  const statusField: Field<ZodString> = z => z.string().describe(status);
  const requestId: Field<Optional<ZodString>> = z =>
    z
      .string()
      .optional()
      .describe(`Id of the ${kind} request (absent in a dry run)`);
  const requestUrl: Field<Optional<ZodString>> = z =>
    z
      .string()
      .optional()
      .describe(
        'Page of the request in Backstage, to follow its approval (absent in a dry run)',
      );
  const approvers: Field<ZodUnknownValue> = z =>
    approversOutputSchema(z).describe(
      'Roles that must still approve, each with the groups whose members hold it (empty once approved or when automatic)',
    );
  return { topic, status: statusField, requestId, requestUrl, approvers };
}

/** An approver role still needed, as the change actions output it. */
export type Approver = { role: string; title: string; groups: string[] };

/** The context the change actions run in, whatever their inputs and outputs. */
type ChangeContext = Pick<
  ActionContext<{}>,
  | 'logger'
  | 'isDryRun'
  | 'signal'
  | 'checkpoint'
  | 'getInitiatorCredentials'
  | 'output'
>;

/**
 * What `kafka:acl:grant`, `kafka:schema:register` and `kafka:topic:delete` share: resolving the
 * topic (a name, or a catalog entity), planning and submitting a change as the task initiator,
 * and reporting the request it made.
 *
 * Outputs every run sets: `topic`, `status`, and, unless it is a dry run, `requestId`,
 * `requestUrl` and `approvers` (the roles still needed, empty once approved).
 */
export class TopicChanges {
  readonly #api: KafkaTaasApi;
  readonly #auth: AuthService;
  readonly #catalog: CatalogService;
  readonly #appBaseUrl: string;

  static create(options: TopicChangeActionOptions) {
    return new TopicChanges(options);
  }

  private constructor(options: TopicChangeActionOptions) {
    this.#api = KafkaTaasApi.create(options);
    this.#auth = options.auth;
    this.#catalog = options.catalog;
    this.#appBaseUrl = options.config
      .getString('app.baseUrl')
      .replace(/\/+$/, '');
  }

  /** The page of a request in Backstage. */
  requestUrl(id: string) {
    return `${this.#appBaseUrl}/kafka/requests/${id}`;
  }

  /**
   * Plans (dry run) or submits a change and reports it. Returns the request once it settled
   * when it needed no approval (so the caller can output what it made), else undefined.
   */
  async run(
    ctx: ChangeContext,
    options: {
      /** The change, with `topic` as the user gave it (a name or an entity ref). */
      change: TopicRequestBody & { kind: string; topic: string };
      /** Unique within the task for this change: the key of the submission's checkpoint. */
      checkpointKey: string;
      /** Plan, failing on every violation, before submitting. */
      planFirst?: boolean;
      waitTimeoutSeconds?: number;
      /** Says what a dry run would do, e.g. "would ask READ on ...". */
      describe(topic: string): string;
    },
  ): Promise<
    { request: TopicRequest; events: TopicRequestEvent[] } | undefined
  > {
    const { change } = options;
    const token = await initiatorToken(this.#auth, ctx);

    if (ctx.isDryRun) {
      const topic = await this.#topicName(ctx, change.topic);
      const plan = await this.#planOrFail(ctx, { ...change, topic }, token);
      const approvers = plan.approval?.roles ?? [];
      ctx.logger.info(
        `Dry run: ${options.describe(topic)}${
          approvers.length
            ? `; it would wait for approval by ${describeApprovers(approvers)}`
            : '; it would need no approval'
        }. Nothing was submitted.`,
      );
      ctx.output('topic', topic);
      ctx.output('status', 'dry-run');
      ctx.output('approvers', approvers);
      return undefined;
    }

    const topic = await ctx.checkpoint({
      key: `kafka-topic-name-${change.topic}`,
      fn: () => this.#topicName(ctx, change.topic),
    });
    const body = { ...change, topic };
    const submitted = await ctx.checkpoint({
      key: options.checkpointKey,
      fn: async (): Promise<SubmittedTopicRequest> => {
        if (options.planFirst) {
          await this.#planOrFail(ctx, body, token);
        }
        try {
          const { id, status, topicName, approvalRequired } =
            await this.#api.submitChange(body, token);
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
    const requestUrl = this.requestUrl(submitted.id);
    ctx.output('topic', submitted.topicName);
    ctx.output('requestId', submitted.id);
    ctx.output('requestUrl', requestUrl);

    if (submitted.approvalRequired) {
      const { request } = await this.#api.get(submitted.id, token);
      const approvers = stillNeeded(request);
      ctx.logger.info(
        `The ${request.kind} request for ${request.topicName} ${
          approvers.length
            ? `waits for approval by ${describeApprovers(approvers)}`
            : 'is approved'
        } (status ${request.status}); follow it on ${requestUrl}`,
      );
      ctx.output('status', request.status);
      ctx.output('approvers', approvers);
      return undefined;
    }

    const waitTimeoutSeconds = options.waitTimeoutSeconds ?? 120;
    ctx.logger.info(
      `The ${change.kind} request for ${submitted.topicName} needs no approval; waiting until it is done (${requestUrl})`,
    );
    const settled = await waitForRequest({
      api: this.#api,
      id: submitted.id,
      token,
      timeoutMs: waitTimeoutSeconds * 1000,
      signal: ctx.signal,
    });
    const { request } = settled;
    ctx.output('status', request.status);
    ctx.output('approvers', []);
    switch (request.status) {
      case 'ready':
        ctx.logger.info(
          `The ${request.kind} request for ${request.topicName} is done`,
        );
        return settled;
      case 'failed':
        throw new Error(
          `The ${request.kind} request for ${request.topicName} failed at step ${request.failedStep}: ${request.error}. The steps already done are kept; retry the request on ${requestUrl} and it resumes from that step.`,
        );
      case 'rejected':
      case 'expired':
        throw new Error(
          `The ${request.kind} request for ${request.topicName} is ${
            request.status
          }${
            request.rejectionReason ? `: ${request.rejectionReason}` : ''
          } (${requestUrl})`,
        );
      default:
        ctx.logger.warn(
          `The ${request.kind} request for ${request.topicName} is not done after ${waitTimeoutSeconds} s (status ${request.status}); it goes on in the background: follow it on ${requestUrl}`,
        );
        return undefined;
    }
  }

  /** Plans a change and fails, listing every violation, when the policy refuses it. */
  async #planOrFail(ctx: ChangeContext, body: TopicRequestBody, token: string) {
    const plan = await this.#api.planChange(body, token);
    failOnViolations(ctx.logger, plan.violations);
    return plan;
  }

  /**
   * The real topic name: the input itself when it is a topic name, else the
   * `kafka-taas/topic-name` annotation of the catalog entity it refers to, read as the task
   * initiator (so the catalog's permissions hold).
   */
  async #topicName(ctx: ChangeContext, topic: string): Promise<string> {
    // Kafka topic names are letters, digits, ".", "_" and "-": a ":" or "/" makes it a ref.
    if (!/[:/]/.test(topic)) return topic;
    let ref: string;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(topic, {
          defaultKind: 'resource',
          defaultNamespace: 'default',
        }),
      );
    } catch (error) {
      throw new InputError(
        `topic: "${topic}" is neither a topic name (letters, digits, ".", "_" and "-") nor an entity ref (resource:default/<name>): ${error}`,
      );
    }
    const entity = await this.#catalog.getEntityByRef(ref, {
      credentials: await ctx.getInitiatorCredentials(),
    });
    if (!entity) {
      throw new InputError(
        `topic: ${ref} is not in the catalog (or you may not see it); choose a Kafka topic entity (a Resource of type ${KAFKA_TOPIC_ENTITY_TYPE}) or give the topic's full name`,
      );
    }
    if (
      entity.kind.toLocaleLowerCase('en-US') !== 'resource' ||
      entity.spec?.type !== KAFKA_TOPIC_ENTITY_TYPE
    ) {
      throw new InputError(
        `topic: ${ref} is a ${entity.kind} of type ${String(
          entity.spec?.type,
        )}, not a Kafka topic; choose a Resource of type ${KAFKA_TOPIC_ENTITY_TYPE}`,
      );
    }
    const name = entity.metadata.annotations?.[TOPIC_NAME_ANNOTATION];
    if (!name) {
      throw new InputError(
        `topic: ${ref} has no ${TOPIC_NAME_ANNOTATION} annotation, so its Kafka topic name is unknown; add the annotation to the entity, or give the topic's full name`,
      );
    }
    ctx.logger.info(`${ref} is Kafka topic ${name}`);
    return name;
  }
}

/** The roles of a request that have not approved yet. */
function stillNeeded(request: TopicRequest): Approver[] {
  const approved = new Set(request.approvals.map(a => a.role));
  return request.approval.roles
    .filter(r => !approved.has(r.role))
    .map(({ role, title, groups }) => ({ role, title, groups }));
}

/** The input without the optional fields left empty (a form's blank field is not a value). */
export function withoutBlanks<T extends Record<string, unknown>>(
  input: T,
): Partial<T> {
  return Object.fromEntries(
    Object.entries(input).filter(
      ([, value]) => value !== undefined && value !== null && value !== '',
    ),
  ) as Partial<T>;
}
