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
  evaluateTopicRequest,
  KafkaTaasPolicy,
  normalizeEntityRef,
  planProvisioning,
  PolicyViolation,
  ResolvedTopicRequest,
  TopicRequest,
  TopicRequestEvent,
  TopicRequestInput,
  TopicRequestPlan,
  TopicRequestStatus,
} from '@kafka-taas/plugin-kafka-taas-common';
import { DatabaseTopicRequestStore } from '../store/DatabaseTopicRequestStore';
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
}

export interface ListTopicRequestsQuery {
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

    const expiresAt = new Date(
      Date.now() + this.#policy.approvals.expireAfterDays * 24 * 3600_000,
    );
    const request = await this.#store.create({
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
      expiresAt,
    });
    this.#logger.info('topic requested', {
      requestId: request.id,
      topic: request.topicName,
      environment: request.environment,
      requestedBy: caller.userRef,
      approvalRequired: approval.required,
    });
    if (approval.required) await this.#notifier.approvalNeeded(request);
    else this.#provisioning.start(request.id);
    return {
      id: request.id,
      status: request.status,
      topicName: request.topicName,
      approvalRequired: approval.required,
    };
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

  #groupsText(role: string) {
    const groups = this.#policy.approvals.roles[role]?.groups ?? [];
    return groups.length
      ? `members of ${groups.join(', ')}`
      : `no group holds it: configure kafkaTaas.approvals.roles.${role}.groups`;
  }

  #noRoleMessage(request: TopicRequest) {
    const approved = new Set(request.approvals.map(a => a.role));
    const pending = request.approval.roles.filter(r => !approved.has(r.role));
    return `You hold none of the roles this request still needs: ${pending
      .map(r => `${r.role} (${this.#groupsText(r.role)})`)
      .join('; ')}`;
  }
}
