import type {
  ApprovalRequirement,
  PolicyViolation,
  ProvisioningStep,
  ProvisioningStepId,
  ResolvedTopicRequest,
  TopicChangeInput,
  TopicRequestInput,
} from '../policy/types';

/** What a request does: create a topic, or change one that a ready `create` request made. @public */
export const TOPIC_REQUEST_KINDS = [
  'create',
  'access',
  'delete',
  'schema',
] as const;
/** @public */
export type TopicRequestKind = (typeof TOPIC_REQUEST_KINDS)[number];

/** @public */
export const TOPIC_REQUEST_STATUSES = [
  'pending_approval',
  'approved',
  'provisioning',
  'ready',
  'rejected',
  'expired',
  'failed',
  'deleted',
] as const;
/** @public */
export type TopicRequestStatus = (typeof TOPIC_REQUEST_STATUSES)[number];

/** Statuses in which a request still holds its topic name on its environment. @public */
export const OPEN_TOPIC_REQUEST_STATUSES: readonly TopicRequestStatus[] = [
  'pending_approval',
  'approved',
  'provisioning',
  'failed',
];

/** One approval given for one role. @public */
export interface TopicRequestApproval {
  role: string;
  /** User entity ref of the approver. */
  by: string;
  at: string;
  comment?: string;
}

/**
 * A topic request as the API returns it. Times are ISO 8601. A `create` request that reached
 * `ready` becomes `deleted` when a `delete` request for its topic completes.
 * @public
 */
export interface TopicRequest {
  id: string;
  kind: TopicRequestKind;
  /** For changes: the `create` request of the topic they change. */
  topicRequestId?: string;
  topicName: string;
  environment: string;
  cluster: string;
  owner: string;
  status: TopicRequestStatus;
  /** User entity ref of the requester. */
  requestedBy: string;
  /** As submitted: a TopicRequestInput for `create`, a TopicChangeInput for the other kinds. */
  input: TopicRequestInput | TopicChangeInput;
  /** The topic as it will be once the request is done. */
  resolved: ResolvedTopicRequest;
  plan: ProvisioningStep[];
  approval: ApprovalRequirement;
  approvals: TopicRequestApproval[];
  completedSteps: ProvisioningStepId[];
  /** Set while failed: the step that failed and why. */
  failedStep?: ProvisioningStepId;
  error?: string;
  /** Set when rejected. */
  rejectionReason?: string;
  createdAt: string;
  updatedAt: string;
  /** When an undecided request expires. */
  expiresAt: string;
}

/** Audit trail entry: every state change, decision and provisioning step. @public */
export interface TopicRequestEvent {
  id: number;
  requestId: string;
  type:
    | 'created'
    | 'approved'
    | 'rejected'
    | 'expired'
    | 'provisioning-started'
    | 'step-completed'
    | 'step-failed'
    | 'retried'
    | 'ready'
    | 'deleted';
  /** User entity ref, or `system` for the executor and the expiry task. */
  actor: string;
  at: string;
  /** For step events: which step. */
  step?: ProvisioningStepId;
  /** Free-form facts: ids created, error text, reason, role. */
  details?: Record<string, unknown>;
}

/** `POST /topic-requests/plan` response. @public */
export interface TopicRequestPlan {
  violations: PolicyViolation[];
  /**
   * Whether the schema was checked live (parsed, compatibility with the registry): only once
   * every other field is valid, since the check needs the resolved topic.
   */
  schemaChecked?: boolean;
  topicName?: string;
  approval?: ApprovalRequirement;
  resolved?: ResolvedTopicRequest;
  steps: ProvisioningStep[];
}
