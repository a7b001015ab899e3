import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { kafkaTaasAdminPermission } from '@kafka-taas/plugin-kafka-taas-common';

/** Members of this group are Kafka platform admins in the demo portal. */
export const PLATFORM_ADMIN_GROUP = 'group:default/platform-team';

/**
 * The demo portal's permission policy: everything is allowed, except Kafka platform
 * administration (requesting for groups one is not in, retrying anyone's request), which only
 * the platform team holds. Approvals are not a permission question: the approval matrix and
 * catalog group membership decide them in the kafka-taas backend.
 */
export class DemoPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (request.permission.name === kafkaTaasAdminPermission.name) {
      const isAdmin =
        user?.info.ownershipEntityRefs.includes(PLATFORM_ADMIN_GROUP) ?? false;
      return { result: isAdmin ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export const demoPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'kafka-taas-demo-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new DemoPermissionPolicy());
      },
    });
  },
});
