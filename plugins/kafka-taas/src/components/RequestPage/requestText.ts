import { ResponseError } from '@backstage/errors';
import {
  TopicRequest,
  TopicRequestEvent,
  TopicRequestStatus,
} from '@kafka-taas/plugin-kafka-taas-common';

/** `kind:namespace/name`, with the kind and namespace filled in when the ref leaves them out. */
export function parseEntityRef(
  ref: string,
  defaultKind: string,
): { kind: string; namespace: string; name: string } {
  const match = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(ref);
  if (!match) return { kind: defaultKind, namespace: 'default', name: ref };
  const [, kind = defaultKind, namespace = 'default', name] = match;
  return { kind, namespace, name };
}

/** `team-payments` for `group:default/team-payments`; the namespace stays when it is not the default. */
export function entityRefLabel(ref: string, defaultKind: string): string {
  const { namespace, name } = parseEntityRef(ref, defaultKind);
  return namespace === 'default' ? name : `${namespace}/${name}`;
}

/** What the request is, in a few words: the page's heading. */
export function requestTitle(request: TopicRequest): string {
  const { input, topicName } = request;
  if ('kind' in input) {
    switch (input.kind) {
      case 'access':
        return `Read access to ${topicName} for ${entityRefLabel(
          input.group,
          'group',
        )}`;
      case 'delete':
        return `Deletion of ${topicName}`;
      case 'schema':
        return `New schema for ${topicName}`;
      default:
        break;
    }
  }
  return `Kafka topic ${topicName}`;
}

const STATUS_LABELS: Record<TopicRequestStatus, string> = {
  pending_approval: 'Pending approval',
  approved: 'Approved',
  provisioning: 'Provisioning',
  ready: 'Ready',
  rejected: 'Rejected',
  expired: 'Expired',
  failed: 'Failed',
  deleted: 'Deleted',
};

export function statusLabel(status: TopicRequestStatus): string {
  return STATUS_LABELS[status] ?? status;
}

/** Approved and provisioning requests move on their own: the page polls until they settle. */
export function isSettling(status: TopicRequestStatus): boolean {
  return status === 'approved' || status === 'provisioning';
}

const EVENT_LABELS: Record<TopicRequestEvent['type'], string> = {
  created: 'Submitted',
  approved: 'Approved',
  rejected: 'Rejected',
  expired: 'Expired',
  'provisioning-started': 'Provisioning started',
  'step-completed': 'Step completed',
  'step-failed': 'Step failed',
  retried: 'Retried',
  ready: 'Ready',
  deleted: 'Topic deleted',
};

export function eventLabel(type: TopicRequestEvent['type']): string {
  return EVENT_LABELS[type] ?? type;
}

/** A date and time in the reader's locale. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/**
 * The backend's own words for a refusal (`{error: {message}}` of a Backstage error response),
 * which say what the user may do instead; the generic message when there are none.
 */
export function backendMessage(error: Error): string {
  if (error instanceof ResponseError) {
    return error.body?.error?.message || error.message;
  }
  return error.message;
}
