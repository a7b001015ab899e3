import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  PolicyViolation,
  TopicRequest,
  TopicRequestEvent,
  TopicRequestPlan,
} from '@kafka-taas/plugin-kafka-taas-common';
import { ActionContext } from '@backstage/plugin-scaffolder-node';

/** The body of `POST /topic-requests` and `/topic-requests/plan`: a TopicRequestInput as given. */
export type TopicRequestBody = Record<string, unknown>;

/** `202` answer of `POST /topic-requests`. */
export type SubmittedTopicRequest = {
  id: string;
  status: string;
  topicName: string;
  approvalRequired: boolean;
};

/** The policy refused the request: an InputError whose message lists every violation. */
export class TopicRequestPolicyError extends InputError {
  readonly violations: PolicyViolation[];

  constructor(violations: PolicyViolation[]) {
    super(
      [
        `The Kafka topic request breaks ${violations.length} policy rule${
          violations.length === 1 ? '' : 's'
        }:`,
        ...violations.map(v => `${v.field}: ${v.message}`),
      ].join('\n'),
    );
    this.violations = violations;
  }
}

/** Logs every violation to the task log, then fails with all of them. */
export function failOnViolations(
  logger: LoggerService,
  violations: PolicyViolation[],
): void {
  if (violations.length === 0) return;
  for (const v of violations) logger.error(`${v.field}: ${v.message}`);
  throw new TopicRequestPolicyError(violations);
}

/** Plans a request and fails, listing every violation, when the policy refuses it. */
export async function planOrFail(options: {
  api: KafkaTaasApi;
  body: TopicRequestBody;
  token: string;
  logger: LoggerService;
}): Promise<TopicRequestPlan> {
  const plan = await options.api.plan(options.body, options.token);
  failOnViolations(options.logger, plan.violations);
  return plan;
}

/** A plugin request token for the kafka-taas backend, on behalf of the task's initiator. */
export async function initiatorToken(
  auth: AuthService,
  ctx: Pick<ActionContext<{}>, 'getInitiatorCredentials'>,
): Promise<string> {
  const { token } = await auth.getPluginRequestToken({
    onBehalfOf: await ctx.getInitiatorCredentials(),
    targetPluginId: 'kafka-taas',
  });
  return token;
}

/**
 * The kafka-taas backend's HTTP API, as the actions use it. Every call carries the caller's
 * token; refusals become Backstage errors that keep the backend's message.
 */
export class KafkaTaasApi {
  readonly #discovery: DiscoveryService;

  static create(options: { discovery: DiscoveryService }) {
    return new KafkaTaasApi(options.discovery);
  }

  private constructor(discovery: DiscoveryService) {
    this.#discovery = discovery;
  }

  /** Violations, approval and steps for a request; no side effects. */
  plan(body: TopicRequestBody, token: string): Promise<TopicRequestPlan> {
    return this.#fetch('POST', '/topic-requests/plan', token, body);
  }

  /** Submits a request; it waits for approval or starts provisioning. */
  submit(
    body: TopicRequestBody,
    token: string,
  ): Promise<SubmittedTopicRequest> {
    return this.#fetch('POST', '/topic-requests', token, body);
  }

  /** Violations, approval and steps for a change to an existing topic; no side effects. */
  planChange(body: TopicRequestBody, token: string): Promise<TopicRequestPlan> {
    return this.#fetch('POST', '/topic-changes/plan', token, body);
  }

  /** Submits a change (access, delete, schema) as a request of its kind. */
  submitChange(
    body: TopicRequestBody,
    token: string,
  ): Promise<SubmittedTopicRequest> {
    return this.#fetch('POST', '/topic-changes', token, body);
  }

  /** A request and its audit trail. */
  get(
    id: string,
    token: string,
  ): Promise<{ request: TopicRequest; events: TopicRequestEvent[] }> {
    return this.#fetch(
      'GET',
      `/topic-requests/${encodeURIComponent(id)}`,
      token,
    );
  }

  async #fetch<T>(
    method: 'GET' | 'POST',
    path: string,
    token: string,
    body?: TopicRequestBody,
  ): Promise<T> {
    const baseUrl = await this.#discovery.getBaseUrl('kafka-taas');
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw await responseError(response, `${method} ${path}`);
    return (await response.json()) as T;
  }
}

interface ErrorBody {
  error?: { name?: string; message?: string };
  violations?: PolicyViolation[];
}

/** The backend's refusal as the matching Backstage error, with the backend's own message. */
async function responseError(response: Response, call: string): Promise<Error> {
  const text = await response.text();
  let body: ErrorBody = {};
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    // not JSON: the text itself is the message
  }
  const message = body.error?.message ?? (text || response.statusText);
  switch (response.status) {
    case 400:
      return body.violations?.length
        ? new TopicRequestPolicyError(body.violations)
        : new InputError(`kafka-taas refused ${call}: ${message}`);
    case 401:
      return new AuthenticationError(
        `kafka-taas did not accept the task initiator's credentials (401): ${message}`,
      );
    case 403:
      return new NotAllowedError(`Not allowed (403): ${message}`);
    case 404:
      return new NotFoundError(`Not found (404): ${message}`);
    case 409:
      return new ConflictError(`Conflict (409): ${message}`);
    default:
      return new Error(
        `kafka-taas failed on ${call} (${response.status} ${response.statusText}): ${message}`,
      );
  }
}

/** Statuses after which a request no longer changes on its own. */
const SETTLED_STATUSES = ['ready', 'failed', 'rejected', 'expired', 'deleted'];
const POLL_INTERVAL_MS = 500;

/**
 * Polls a request until it settles (ready, failed, rejected, expired), the timeout runs out or
 * the task is cancelled, and returns it as last read.
 */
export async function waitForRequest(options: {
  api: KafkaTaasApi;
  id: string;
  token: string;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<{ request: TopicRequest; events: TopicRequestEvent[] }> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const current = await options.api.get(options.id, options.token);
    if (
      SETTLED_STATUSES.includes(current.request.status) ||
      Date.now() + POLL_INTERVAL_MS > deadline ||
      options.signal?.aborted
    ) {
      return current;
    }
    await new Promise(resolve => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/** "Owning team (group:default/team-payments) and ..." */
export function describeApprovers(
  approvers: Array<{ title: string; groups: string[] }>,
): string {
  return approvers
    .map(r => `${r.title} (${r.groups.join(', ') || 'no group configured'})`)
    .join(' and ');
}
