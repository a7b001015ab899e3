import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { NotificationPayload } from '@backstage/plugin-notifications-common';
import { TopicRequest } from '@kafka-taas/plugin-kafka-taas-common';

/** What the request is about, for titles: "Kafka topic x", "Deletion of Kafka topic x", … */
function subject(request: TopicRequest): string {
  const topic = `Kafka topic ${request.topicName}`;
  const input = request.input;
  if (!('kind' in input)) return topic;
  if (input.kind === 'access')
    return `Read access to ${topic} for ${input.group}`;
  if (input.kind === 'delete') return `Deletion of ${topic}`;
  return `New schema for ${topic}`;
}

const DONE: Record<TopicRequest['kind'], string> = {
  create:
    'Created on {cluster} ({environment}) with its schema, ACLs and quotas.',
  access: 'The ACLs are in place on {cluster} ({environment}).',
  delete:
    'The topic, its ACLs and its subjects are gone from {cluster} ({environment}).',
  schema: 'The new version is registered for {cluster} ({environment}).',
};

/**
 * Tells people about requests through Backstage notifications: approvers when a request needs
 * them, the requester when it is decided, ready or failed. A notification that cannot be sent
 * is logged and never fails the request.
 */
export class TopicRequestNotifier {
  readonly #notifications: NotificationService;
  readonly #logger: LoggerService;

  static create(options: {
    notifications: NotificationService;
    logger: LoggerService;
  }) {
    return new TopicRequestNotifier(options.notifications, options.logger);
  }

  private constructor(
    notifications: NotificationService,
    logger: LoggerService,
  ) {
    this.#notifications = notifications;
    this.#logger = logger;
  }

  /** The groups of the roles still missing an approval. */
  async approvalNeeded(request: TopicRequest) {
    const approved = new Set(request.approvals.map(a => a.role));
    const pending = request.approval.roles.filter(r => !approved.has(r.role));
    const groups = [...new Set(pending.flatMap(r => r.groups))];
    if (groups.length === 0) return;
    await this.#send(request, groups, {
      title: `Approval needed: ${subject(request)} (${request.environment})`,
      description: `${request.requestedBy} asks: ${subject(request)} on ${
        request.environment
      }, ${request.resolved.criticality} criticality. Needs: ${pending
        .map(r => r.title)
        .join(' + ')}.`,
      severity: 'high',
    });
  }

  async approved(request: TopicRequest) {
    await this.#toRequester(
      request,
      `${subject(request)} approved`,
      'Provisioning has started.',
      'normal',
    );
  }

  async rejected(request: TopicRequest) {
    await this.#toRequester(
      request,
      `${subject(request)} rejected`,
      `Reason: ${request.rejectionReason ?? 'none given'}`,
      'normal',
    );
  }

  async expired(request: TopicRequest) {
    await this.#toRequester(
      request,
      `${subject(request)}: request expired`,
      `Nobody decided within the approval window. Submit it again if it is still needed.`,
      'low',
    );
  }

  async ready(request: TopicRequest) {
    await this.#toRequester(
      request,
      `${subject(request)} ${
        request.kind === 'create' ? 'is ready' : 'is done'
      }`,
      DONE[request.kind]
        .replace('{cluster}', request.cluster)
        .replace('{environment}', request.environment),
      'normal',
    );
  }

  async failed(request: TopicRequest) {
    await this.#toRequester(
      request,
      `${subject(request)} failed at step ${request.failedStep}`,
      `${
        request.error ?? 'Unknown error'
      }. Fix the cause and retry: it resumes from this step.`,
      'high',
    );
  }

  async #toRequester(
    request: TopicRequest,
    title: string,
    description: string,
    severity: NotificationPayload['severity'],
  ) {
    await this.#send(
      request,
      [request.requestedBy],
      { title, description, severity },
      false,
    );
  }

  async #send(
    request: TopicRequest,
    entityRef: string[],
    payload: Pick<NotificationPayload, 'title' | 'description' | 'severity'>,
    excludeRequester = true,
  ) {
    try {
      await this.#notifications.send({
        recipients: {
          type: 'entity',
          entityRef,
          ...(excludeRequester
            ? { excludeEntityRef: request.requestedBy }
            : {}),
        },
        payload: {
          ...payload,
          link: `/kafka/requests/${request.id}`,
          topic: `kafka-taas:topic-request:${request.id}`,
          scope: `kafka-taas:topic-request:${request.id}`,
        },
      });
    } catch (error) {
      this.#logger.warn('could not send notification', {
        requestId: request.id,
        title: payload.title,
        error: String(error),
      });
    }
  }
}
