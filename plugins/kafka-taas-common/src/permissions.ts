import { createPermission } from '@backstage/plugin-permission-common';

/** Submit a topic request (the caller must also be a member of the owner group). @public */
export const topicRequestCreatePermission = createPermission({
  name: 'kafka-taas.topic-request.create',
  attributes: { action: 'create' },
});

/** See topic requests and their audit trail. @public */
export const topicRequestReadPermission = createPermission({
  name: 'kafka-taas.topic-request.read',
  attributes: { action: 'read' },
});

/** Approve or reject a request (only for an approver role the caller holds). @public */
export const topicRequestApprovePermission = createPermission({
  name: 'kafka-taas.topic-request.approve',
  attributes: { action: 'update' },
});

/** Retry a failed request from the step that failed. @public */
export const topicRequestRetryPermission = createPermission({
  name: 'kafka-taas.topic-request.retry',
  attributes: { action: 'update' },
});

/**
 * Platform administration: request for any owner group, retry anyone's request. It does not
 * let anyone approve their own request or approve for a role they do not hold.
 * @public
 */
export const kafkaTaasAdminPermission = createPermission({
  name: 'kafka-taas.admin',
  attributes: {},
});

/** Every permission of the plugin, for permission policies and the permission integration. @public */
export const kafkaTaasPermissions = [
  topicRequestCreatePermission,
  topicRequestReadPermission,
  topicRequestApprovePermission,
  topicRequestRetryPermission,
  kafkaTaasAdminPermission,
];
