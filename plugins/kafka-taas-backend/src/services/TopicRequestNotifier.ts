import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { NotificationPayload } from '@backstage/plugin-notifications-common';
import { TopicRequest } from '@kafka-taas/plugin-kafka-taas-common';

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
      title: `Approval needed: Kafka topic ${request.topicName} (${request.environment})`,
      description: `${request.requestedBy} asks for ${request.topicName} on ${
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
      `Kafka topic ${request.topicName} approved`,
      'Provisioning has started.',
      'normal',
    );
  }

  async rejected(request: TopicRequest) {
    await this.#toRequester(
      request,
      `Kafka topic ${request.topicName} rejected`,
      `Reason: ${request.rejectionReason ?? 'none given'}`,
      'normal',
    );
  }

  async expired(request: TopicRequest) {
    await this.#toRequester(
      request,
      `Kafka topic request ${request.topicName} expired`,
      `Nobody decided within the approval window. Submit it again if it is still needed.`,
      'low',
    );
  }

  async ready(request: TopicRequest) {
    await this.#toRequester(
      request,
      `Kafka topic ${request.topicName} is ready`,
      `Created on ${request.cluster} (${request.environment}) with its schema, ACLs and quotas.`,
      'normal',
    );
  }

  async failed(request: TopicRequest) {
    await this.#toRequester(
      request,
      `Kafka topic ${request.topicName} failed at step ${request.failedStep}`,
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
