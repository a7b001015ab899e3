import {
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { kafkaTaasAdminPermission } from '@kafka-taas/plugin-kafka-taas-common';
import { kafkaTaasPlugin } from '../plugin';
import { localClusterConfig } from './localStack';

function group(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}

function user(name: string, groups: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf: groups },
    relations: groups.map(g => ({
      type: 'memberOf',
      targetRef: `group:default/${g}`,
    })),
  };
}

/** The demo organisation, as the catalog would serve it. */
export const testOrg: Entity[] = [
  group('team-payments'),
  group('team-analytics'),
  group('platform-team'),
  group('data-governance'),
  group('security-team'),
  group('team-leads'),
  user('alice', ['team-payments']),
  user('bob', ['team-payments', 'platform-team', 'team-leads']),
  user('carol', ['data-governance']),
  user('dave', ['security-team']),
  user('erin', ['team-analytics']),
  user('paula', ['platform-team']),
];

/** Authorization header of a demo user. */
export function as(name: string) {
  return mockCredentials.user.header(`user:default/${name}`);
}

/** The test policy: dev and prod on the one local broker, the demo groups in the approver roles. */
export function testKafkaTaasConfig(overrides: Record<string, unknown> = {}) {
  return {
    clusters: [localClusterConfig('local', 'dev')],
    environments: {
      dev: { cluster: 'local', tier: 'dev' },
      prod: { cluster: 'local', tier: 'prod' },
    },
    // One local broker: replication factor 1 everywhere, prod included.
    policy: { replicationFactor: { default: 1, prodMin: 1 } },
    approvals: {
      roles: {
        'team-lead': { groups: ['group:default/team-leads'] },
        platform: { groups: ['group:default/platform-team'] },
        data: { groups: ['group:default/data-governance'] },
        security: { groups: ['group:default/security-team'] },
      },
    },
    principals: [
      { group: 'group:default/team-payments', principal: 'User:payments-svc' },
      {
        group: 'group:default/team-analytics',
        principal: 'User:analytics-svc',
      },
    ],
    ...overrides,
  };
}

/**
 * Permissions as the demo policy grants them: everything, and platform admin only to the
 * users named in `admins`. `deny` refuses everything instead.
 */
function permissionsFactory(options: {
  admins?: string[];
  deny?: boolean;
}): ServiceFactory {
  const decide = (
    permission: string,
    credentials: BackstageCredentials,
  ): AuthorizeResult.ALLOW | AuthorizeResult.DENY => {
    if (options.deny) return AuthorizeResult.DENY;
    if (permission !== kafkaTaasAdminPermission.name)
      return AuthorizeResult.ALLOW;
    const { userEntityRef } =
      credentials.principal as Partial<BackstageUserPrincipal>;
    const isAdmin = (options.admins ?? []).some(
      name => userEntityRef === `user:default/${name}`,
    );
    return isAdmin ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
  };
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => ({
      authorize: async (requests, { credentials }) =>
        requests.map(({ permission }) => ({
          result: decide(permission.name, credentials),
        })),
      authorizeConditional: async (requests, { credentials }) =>
        requests.map(({ permission }) => ({
          result: decide(permission.name, credentials),
        })),
    }),
  });
}

/**
 * The kafka-taas plugin in Backstage's test backend, on the real local Kafka and registry, with
 * the demo organisation in an in-memory catalog and notifications recorded for assertions.
 */
export async function startKafkaTaasBackend(
  options: {
    kafkaTaas?: Record<string, unknown>;
    admins?: string[];
    denyAll?: boolean;
    /** Catalog entities besides the demo organisation, e.g. declared topics. */
    entities?: Entity[];
    /** Extra or replacement services, e.g. a scheduler whose tasks the test runs itself. */
    services?: ServiceFactory[];
  } = {},
) {
  const sent: NotificationSendOptions[] = [];
  const backend = await startTestBackend({
    features: [
      kafkaTaasPlugin,
      mockServices.rootConfig.factory({
        data: {
          kafkaTaas: (options.kafkaTaas ?? testKafkaTaasConfig()) as JsonObject,
        },
      }),
      catalogServiceMock.factory({
        entities: [...testOrg, ...(options.entities ?? [])],
      }),
      permissionsFactory({ admins: options.admins, deny: options.denyAll }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (notification: NotificationSendOptions) => {
            sent.push(notification);
          },
        }),
      }),
      ...(options.services ?? []),
    ],
  });
  return {
    server: backend.server,
    stop: () => backend.stop(),
    notifications: sent,
  };
}
