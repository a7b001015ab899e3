import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  CustomErrorBase,
  InputError,
  NotAllowedError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { RELATION_MEMBER_OF } from '@backstage/catalog-model';
import {
  currentTopicState,
  evaluateTopicChange,
  evaluateTopicRequest,
  KafkaTaasPolicy,
  normalizeEntityRef,
  planProvisioning,
  PolicyViolation,
  ResolvedTopicRequest,
  TopicChangeInput,
  TopicRequest,
  TopicRequestEvent,
  TopicRequestInput,
  TopicRequestKind,
  TopicRequestPlan,
  TopicRequestStatus,
} from '@kafka-taas/plugin-kafka-taas-common';
import {
  DatabaseTopicRequestStore,
  NewTopicRequest,
} from '../store/DatabaseTopicRequestStore';
import { ProvisioningService } from './ProvisioningService';
import { TopicRequestNotifier } from './TopicRequestNotifier';

/** The policy refused a request: a 400 that carries every violation. */
export class PolicyViolationError extends CustomErrorBase {
  name = 'PolicyViolationError' as const;
  constructor(readonly violations: PolicyViolation[]) {
    super(
      `The request breaks ${violations.length} policy rule${
        violations.length === 1 ? '' : 's'
      }: ${violations.map(v => v.message).join(' ')}`,
    );
  }
}

/** Who is calling, as the router established it. */
export interface Caller {
  userRef: string;
  /** Holds the `kafka-taas.admin` permission. */
  isAdmin: boolean;
}

/** Live checks a request needs beyond the pure policy: real parsers, the registry, the cluster. */
export interface TopicRequestChecks {
  checkSchemas(request: ResolvedTopicRequest): Promise<PolicyViolation[]>;
  topicExists(cluster: string, topic: string): Promise<boolean>;
  activeConsumerGroups(cluster: string, topic: string): Promise<string[]>;
}

export interface ListTopicRequestsQuery {
  kind?: TopicRequestKind[];
  topic?: string;
  status?: TopicRequestStatus[];
  owner?: string;
  environment?: string;
  mine?: 'true' | 'false';
  awaitingMyApproval?: 'true' | 'false';
  limit?: string;
  offset?: string;
}

/**
 * Topic requests from submission to decision: the policy verdict, the live checks, who may
 * approve what, and handing approved requests to the provisioning executor.
 */
export class TopicRequestService {
  readonly #store: DatabaseTopicRequestStore;
  readonly #policy: KafkaTaasPolicy;
  readonly #checks: TopicRequestChecks;
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #provisioning: ProvisioningService;
  readonly #notifier: TopicRequestNotifier;
  readonly #logger: LoggerService;

  static create(options: {
    store: DatabaseTopicRequestStore;
    policy: KafkaTaasPolicy;
    checks: TopicRequestChecks;
    catalog: CatalogService;
    auth: AuthService;
    provisioning: ProvisioningService;
    notifier: TopicRequestNotifier;
    logger: LoggerService;
  }) {
    return new TopicRequestService(options);
  }

  private constructor(
    options: Parameters<typeof TopicRequestService.create>[0],
  ) {
    this.#store = options.store;
    this.#policy = options.policy;
    this.#checks = options.checks;
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#provisioning = options.provisioning;
    this.#notifier = options.notifier;
    this.#logger = options.logger;
  }

  policy(): KafkaTaasPolicy {
    return this.#policy;
  }

  /** The verdict, the approval and the exact steps, with no side effects. */
  async plan(input: TopicRequestInput): Promise<TopicRequestPlan> {
    const evaluation = evaluateTopicRequest(input, this.#policy);
    const violations = [
      ...evaluation.violations,
      ...(await this.#ownerViolations(input)),
    ];
    const resolved = violations.length === 0 ? evaluation.resolved : undefined;
    if (resolved) {
      violations.push(...(await this.#checks.checkSchemas(resolved)));
      if (
        await this.#checks.topicExists(resolved.cluster, resolved.topicName)
      ) {
        violations.push(this.#existsViolation(resolved));
      }
    }
    return {
      violations,
      schemaChecked: resolved !== undefined,
      topicName: evaluation.topicName,
      approval: evaluation.approval,
      resolved: violations.length === 0 ? resolved : undefined,
      steps:
        resolved && violations.length === 0
          ? planProvisioning(resolved, this.#policy)
          : [],
    };
  }

  async submit(input: TopicRequestInput, caller: Caller) {
    const evaluation = evaluateTopicRequest(input, this.#policy);
    const violations = [
      ...evaluation.violations,
      ...(await this.#ownerViolations(input)),
    ];
    const { resolved, approval } = evaluation;
    if (violations.length > 0 || !resolved || !approval)
      throw new PolicyViolationError(violations);

    if (
      !caller.isAdmin &&
      !(await this.#groupsOf(caller.userRef)).includes(resolved.owner)
    ) {
      throw new NotAllowedError(
        `You are not a member of ${resolved.owner}, the owner group. Request the topic for a group you belong to, or ask one of its members.`,
      );
    }
    const schemaViolations = await this.#checks.checkSchemas(resolved);
    if (schemaViolations.length > 0)
      throw new PolicyViolationError(schemaViolations);
    if (await this.#checks.topicExists(resolved.cluster, resolved.topicName)) {
      throw new ConflictError(this.#existsViolation(resolved).message);
    }

    return this.#record({
      topicName: resolved.topicName,
      environment: resolved.environment,
      cluster: resolved.cluster,
      owner: resolved.owner,
      requestedBy: caller.userRef,
      status: approval.required ? 'pending_approval' : 'approved',
      input,
      resolved,
      plan: planProvisioning(resolved, this.#policy),
      approval,
      expiresAt: this.#expiresAt(),
    });
  }

  /** The verdict, approval and steps of a change, live checks included; no side effects. */
  async planChange(
    input: TopicChangeInput,
    caller: Caller,
  ): Promise<TopicRequestPlan> {
    const { evaluation, violations } = await this.#evaluateChange(
      input,
      caller,
    );
    const ok = violations.length === 0;
    return {
      violations,
      topicName: evaluation.resolved?.topicName,
      approval: evaluation.approval,
      resolved: ok ? evaluation.resolved : undefined,
      steps: ok ? evaluation.steps : [],
    };
  }

  /**
   * Submits a change as a request of its kind. Access is asked by a member of the reading
   * group; deletion and schema changes by a member of the owner group; admins may do all.
   */
  async submitChange(input: TopicChangeInput, caller: Caller) {
    const { evaluation, violations, topicRequestId } =
      await this.#evaluateChange(input, caller);
    const { resolved, approval } = evaluation;
    if (violations.length > 0 || !resolved || !approval)
      throw new PolicyViolationError(violations);
    const group =
      input.kind === 'access'
        ? resolved.consumers[resolved.consumers.length - 1].group
        : resolved.owner;
    if (
      !caller.isAdmin &&
      !(await this.#groupsOf(caller.userRef)).includes(group)
    ) {
      throw new NotAllowedError(
        input.kind === 'access'
          ? `You are not a member of ${group}, the group asking to read. Ask for a group you belong to.`
          : `You are not a member of ${group}, the owner of ${resolved.topicName}: only its members or a platform admin may request this ${input.kind}.`,
      );
    }
    return this.#record({
      kind: input.kind,
      topicRequestId,
      topicName: resolved.topicName,
      environment: resolved.environment,
      cluster: resolved.cluster,
      owner: resolved.owner,
      requestedBy: caller.userRef,
      status: approval.required ? 'pending_approval' : 'approved',
      input,
      resolved,
      plan: evaluation.steps,
      approval,
      expiresAt: this.#expiresAt(),
    });
  }

  async get(
    id: string,
  ): Promise<{ request: TopicRequest; events: TopicRequestEvent[] }> {
    const [request, events] = await Promise.all([
      this.#store.get(id),
      this.#store.events(id),
    ]);
    return { request, events };
  }

  async list(query: ListTopicRequestsQuery, caller: Caller) {
    const filter = {
      kind: query.kind,
      topicName: query.topic,
      status: query.status,
      owner: query.owner
        ? [normalizeEntityRef(query.owner, 'group') ?? query.owner]
        : undefined,
      environment: query.environment ? [query.environment] : undefined,
      requestedBy: query.mine === 'true' ? caller.userRef : undefined,
    };
    const limit = Number(query.limit ?? 100);
    const offset = Number(query.offset ?? 0);
    if (limit < 1 || limit > 500)
      throw new InputError(`limit must be 1-500; got ${limit}`);
    if (query.awaitingMyApproval !== 'true')
      return this.#store.list({ ...filter, limit, offset });

    const groups = await this.#groupsOf(caller.userRef);
    const { items } = await this.#store.list({
      ...filter,
      status: ['pending_approval'],
    });
    const mine = items.filter(
      r => this.#rolesCallerCanApprove(r, caller, groups).length > 0,
    );
    return {
      items: mine.slice(offset, offset + limit),
      totalCount: mine.length,
    };
  }

  async approve(
    id: string,
    caller: Caller,
    decision: { role?: string; comment?: string },
  ) {
    const request = await this.#store.get(id);
    this.#refuseSelfDecision(request, caller, 'approve');
    this.#requirePending(request);
    const groups = await this.#groupsOf(caller.userRef);
    const holdable = this.#rolesCallerCanApprove(request, caller, groups);
    let role = decision.role;
    if (role) {
      if (!request.approval.roles.some(r => r.role === role)) {
        throw new InputError(
          `role "${role}" is not needed by this request; needed: ${request.approval.roles
            .map(r => r.role)
            .join(', ')}`,
        );
      }
      if (request.approvals.some(a => a.role === role)) {
        throw new ConflictError(
          `role ${role} is already approved on this request`,
        );
      }
      if (!holdable.includes(role)) {
        throw new NotAllowedError(
          `You do not hold role ${role} (${this.#groupsText(
            request,
            role,
          )}), or you already approved this request`,
        );
      }
    } else {
      role = holdable[0];
      if (!role) throw new NotAllowedError(this.#noRoleMessage(request));
    }

    const required = request.approval.roles.map(r => r.role);
    const updated = await this.#store.addApproval(
      id,
      { role, by: caller.userRef, comment: decision.comment },
      { approvedWhen: approved => required.every(r => approved.includes(r)) },
    );
    this.#logger.info('topic request approved', {
      requestId: id,
      role,
      by: caller.userRef,
      status: updated.status,
    });
    if (updated.status === 'approved') {
      await this.#notifier.approved(updated);
      this.#provisioning.start(id);
    }
    return updated;
  }

  async reject(id: string, caller: Caller, reason: string) {
    if (!reason.trim())
      throw new InputError('reason must not be empty: tell the requester why');
    const request = await this.#store.get(id);
    this.#requirePending(request);
    const groups = await this.#groupsOf(caller.userRef);
    if (this.#rolesCallerCanApprove(request, caller, groups).length === 0) {
      throw new NotAllowedError(this.#noRoleMessage(request));
    }
    const rejected = await this.#store.reject(id, {
      by: caller.userRef,
      reason: reason.trim(),
    });
    this.#logger.info('topic request rejected', {
      requestId: id,
      by: caller.userRef,
    });
    await this.#notifier.rejected(rejected);
    return rejected;
  }

  async retry(id: string, caller: Caller) {
    const request = await this.#store.get(id);
    if (request.requestedBy !== caller.userRef && !caller.isAdmin) {
      const groups = await this.#groupsOf(caller.userRef);
      if (!groups.includes(request.owner)) {
        throw new NotAllowedError(
          `Only the requester, members of ${request.owner} or a platform admin may retry this request`,
        );
      }
    }
    const retried = await this.#store.retry(id, { by: caller.userRef });
    this.#logger.info('topic request retried', {
      requestId: id,
      by: caller.userRef,
      fromStep: request.failedStep,
    });
    this.#provisioning.start(id);
    return retried;
  }

  /** Expires undecided requests past their deadline and tells their requesters. */
  async expireOverdue() {
    const expired = await this.#store.expireOverdue(new Date());
    for (const request of expired) {
      this.#logger.info('topic request expired', {
        requestId: request.id,
        topic: request.topicName,
      });
      await this.#notifier.expired(request);
    }
    return expired;
  }

  #expiresAt() {
    const days = this.#policy.approvals.expireAfterDays;
    return new Date(Date.now() + days * 24 * 3600_000);
  }

  /** Stores a request that passed every check, then asks for approval or starts provisioning. */
  async #record(request: NewTopicRequest) {
    const stored = await this.#store.create(request);
    const approvalRequired = request.approval.required;
    this.#logger.info('topic requested', {
      requestId: stored.id,
      kind: stored.kind,
      topic: stored.topicName,
      environment: stored.environment,
      requestedBy: stored.requestedBy,
      approvalRequired,
    });
    if (approvalRequired) await this.#notifier.approvalNeeded(stored);
    else this.#provisioning.start(stored.id);
    return {
      id: stored.id,
      status: stored.status,
      topicName: stored.topicName,
      approvalRequired,
    };
  }

  /** The topic as its ready requests left it, the policy verdict on the change and the live checks. */
  async #evaluateChange(input: TopicChangeInput, caller: Caller) {
    const { topic, environment } = (input ?? {}) as Partial<
      Record<string, unknown>
    >;
    const ready =
      typeof topic === 'string' && typeof environment === 'string'
        ? (
            await this.#store.list({
              topicName: topic,
              environment: [environment],
              status: ['ready'],
            })
          ).items
        : [];
    const current = currentTopicState(ready);
    const evaluation = evaluateTopicChange(input, current, this.#policy);
    const violations = [...evaluation.violations];
    const { resolved } = evaluation;
    if (violations.length === 0 && resolved) {
      if (input.kind === 'schema') {
        violations.push(...(await this.#checks.checkSchemas(resolved)));
      }
      if (input.kind === 'delete') {
        violations.push(
          ...(await this.#deletionViolations(resolved, input, caller)),
        );
      }
    }
    // `ready` is newest first: the topic's creation is the last create request in it.
    const topicRequestId = ready.find(r => r.kind === 'create')?.id;
    return { evaluation, violations, topicRequestId };
  }

  async #deletionViolations(
    topic: ResolvedTopicRequest,
    input: Extract<TopicChangeInput, { kind: 'delete' }>,
    caller: Caller,
  ): Promise<PolicyViolation[]> {
    if (input.force && !caller.isAdmin) {
      return [
        {
          field: 'force',
          rule: 'platformAdmin',
          allowed:
            'false: only platform admins (permission kafka-taas.admin) may force a deletion',
          message:
            'force is reserved to platform admins (permission kafka-taas.admin); leave it unset, or ask a platform admin.',
        },
      ];
    }
    if (input.force) return [];
    const active = await this.#checks.activeConsumerGroups(
      topic.cluster,
      topic.topicName,
    );
    if (active.length === 0) return [];
    return [
      {
        field: 'force',
        rule: 'noActiveConsumers',
        allowed:
          'a topic no consumer group reads right now, or force by a platform admin',
        message: `Topic ${
          topic.topicName
        } still has active consumer groups on ${topic.cluster}: ${active.join(
          ', ',
        )}. Stop them first, or ask a platform admin to force the deletion.`,
      },
    ];
  }

  #existsViolation(resolved: ResolvedTopicRequest): PolicyViolation {
    return {
      field: 'name',
      rule: 'unique',
      allowed: 'a topic name not yet used on the cluster',
      message: `Topic ${resolved.topicName} already exists on cluster ${resolved.cluster} (environment ${resolved.environment}).`,
    };
  }

  /** The owner group must exist in the catalog. */
  async #ownerViolations(input: TopicRequestInput): Promise<PolicyViolation[]> {
    const owner =
      typeof input?.owner === 'string'
        ? normalizeEntityRef(input.owner, 'group')
        : undefined;
    if (!owner) return []; // the policy engine already reports it
    const entity = await this.#catalog.getEntityByRef(owner, {
      credentials: await this.#auth.getOwnServiceCredentials(),
    });
    if (entity) return [];
    return [
      {
        field: 'owner',
        rule: 'exists',
        allowed: 'a group in the catalog',
        message: `owner ${owner} is not a group in the catalog; choose an existing group.`,
      },
    ];
  }

  /** Direct group memberships of a user, read from the catalog at decision time. */
  async #groupsOf(userRef: string): Promise<string[]> {
    const user = await this.#catalog.getEntityByRef(userRef, {
      credentials: await this.#auth.getOwnServiceCredentials(),
    });
    return (user?.relations ?? [])
      .filter(r => r.type === RELATION_MEMBER_OF)
      .map(r => r.targetRef);
  }

  #rolesCallerCanApprove(
    request: TopicRequest,
    caller: Caller,
    groups: string[],
  ): string[] {
    if (request.requestedBy === caller.userRef) return [];
    if (request.approvals.some(a => a.by === caller.userRef)) return [];
    const approved = new Set(request.approvals.map(a => a.role));
    return request.approval.roles
      .filter(
        r => !approved.has(r.role) && r.groups.some(g => groups.includes(g)),
      )
      .map(r => r.role);
  }

  #refuseSelfDecision(request: TopicRequest, caller: Caller, action: string) {
    if (request.requestedBy === caller.userRef) {
      throw new NotAllowedError(
        `You cannot ${action} your own request; someone else holding the role must decide.`,
      );
    }
  }

  #requirePending(request: TopicRequest) {
    if (request.status !== 'pending_approval') {
      throw new ConflictError(
        `Request ${request.id} is ${request.status}, not pending_approval`,
      );
    }
  }

  #groupsText(request: TopicRequest, role: string) {
    const groups =
      request.approval.roles.find(r => r.role === role)?.groups ?? [];
    return groups.length
      ? `members of ${groups.join(', ')}`
      : `no group holds it: configure kafkaTaas.approvals.roles.${role}.groups`;
  }

  #noRoleMessage(request: TopicRequest) {
    const approved = new Set(request.approvals.map(a => a.role));
    const pending = request.approval.roles.filter(r => !approved.has(r.role));
    return `You hold none of the roles this request still needs: ${pending
      .map(r => `${r.role} (${this.#groupsText(request, r.role)})`)
      .join('; ')}`;
  }
}
