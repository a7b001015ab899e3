import { resolve } from 'node:path';
import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import {
  kafkaTaasAdminPermission,
  TopicRequest,
} from '@kafka-taas/plugin-kafka-taas-common';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import catalogModuleKafkaTaas from '@kafka-taas/plugin-catalog-backend-module-kafka-taas';
// A scaffolder module's test may run the backend plugin its actions call (a devDependency).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import kafkaTaasPlugin from '@kafka-taas/plugin-kafka-taas-backend';
import request from 'supertest';
// The backend's own test policy (the local Kafka and registry, dev and prod, the demo groups as
// approvers). The backend package does not export it; see kafkaTaas.ts for why this is allowed.
// eslint-disable-next-line @backstage/no-forbidden-package-imports, @backstage/no-mixed-plugin-imports
import { testKafkaTaasConfig } from '@kafka-taas/plugin-kafka-taas-backend/src/__testUtils__/testBackend';
import { scaffolderKafkaModule } from '../module';

/** The repository root: the template and the demo organisation are read from it. */
const repoRoot = resolve(__dirname, '../../../..');
export const templatePath = resolve(
  repoRoot,
  'templates/create-kafka-topic/template.yaml',
);
export const orgPath = resolve(repoRoot, 'demo/org.yaml');

type ConfigData = NonNullable<
  Parameters<typeof mockServices.rootConfig.factory>[0]
>['data'];

/** ALLOW or DENY, typed as the permissions service answers (AuthorizeResult). */
type Decision = Awaited<
  ReturnType<PermissionsService['authorize']>
>[number]['result'];

/**
 * The test backend's app-config: the catalog reads the "Create Kafka topic" template and the demo
 * organisation from their files, as app-config.yaml registers them; kafka-taas runs on the
 * backend's test policy (cluster `local`: the local Kafka and registry).
 */
export const testConfig: ConfigData = {
  app: { baseUrl: 'http://localhost:3000' },
  catalog: {
    rules: [
      {
        allow: [
          'Component',
          'System',
          'API',
          'Resource',
          'Location',
          'Template',
        ],
      },
    ],
    locations: [
      { type: 'file', target: templatePath, rules: [{ allow: ['Template'] }] },
      { type: 'file', target: orgPath, rules: [{ allow: ['User', 'Group'] }] },
    ],
  },
  kafkaTaas: testKafkaTaasConfig() as ConfigData,
};

/** A scaffolder task as `GET /api/scaffolder/v2/tasks/:id` serves it. */
export type ScaffolderTask = { id: string; status: string };

/** One event of a task, as `GET /api/scaffolder/v2/tasks/:id/events` serves it. */
export type ScaffolderTaskEvent = {
  type: 'log' | 'completion' | 'cancelled' | 'recovered';
  body: {
    message: string;
    stepId?: string;
    status?: string;
    output?: {
      links?: Array<{ title?: string; url?: string }>;
      text?: Array<{ title?: string; content?: string }>;
    };
  };
};

/** What a finished task left: its final status, its events, the log lines and the outputs. */
export type FinishedTask = {
  id: string;
  status: string;
  events: ScaffolderTaskEvent[];
  log: string;
  output: NonNullable<ScaffolderTaskEvent['body']['output']>;
};

/**
 * Permissions as the demo policy grants them: everything, except the kafka-taas platform admin
 * permission, which nobody here holds (so ownership checks apply to the task's initiator).
 */
const permissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => {
    const decide = (name: string) =>
      (name === kafkaTaasAdminPermission.name ? 'DENY' : 'ALLOW') as Decision;
    return {
      authorize: async requests =>
        requests.map(({ permission }) => ({
          result: decide(permission.name),
        })),
      authorizeConditional: async requests =>
        requests.map(({ permission }) => ({
          result: decide(permission.name),
        })),
    };
  },
});

/**
 * Jest runs each test file in a vm context with its own `Array`, while the global `fetch` is
 * Node's, which parses JSON into arrays of the outer context. The scaffolder's template engine
 * refuses arrays whose prototype is not its own `Array.prototype` ("Template arrays cannot use a
 * custom prototype"), so an action output read with `fetch` (the kafka:* actions' plan, violations
 * and approvers) would fail every task here, though not in a real backend (one context). This
 * makes `fetch` parse JSON in the test's context; the request and the response are unchanged.
 * Returns the function that restores the original `fetch`.
 */
function parseFetchedJsonInThisContext(): () => void {
  const original = globalThis.fetch;
  globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
    const response = await original(...args);
    Object.defineProperty(response, 'json', {
      value: async () => JSON.parse(await response.text()),
    });
    return response;
  };
  return () => {
    globalThis.fetch = original;
  };
}

/**
 * One events bus for every plugin, as the real events service is within a backend: the test
 * backend's default gives each plugin its own, so kafka-taas's "topic ready" event would never
 * reach the catalog module.
 */
function sharedEventsFactory() {
  const events = mockServices.events();
  return createServiceFactory({
    service: mockServices.events.factory().service,
    deps: {},
    factory: () => events,
  });
}

/**
 * Backstage's test backend with the real scaffolder and catalog (Template entities allowed), the
 * real kafka-taas backend on the local Kafka and registry, its catalog module (topics as Resource
 * entities) and this package's `kafka:*` actions.
 * Configured by {@link testConfig}; `ready()` resolves once the template and the demo organisation
 * are in the catalog.
 */
export async function startScaffolderBackend() {
  const restoreFetch = parseFetchedJsonInThisContext();
  const notifications: NotificationSendOptions[] = [];
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      catalogPlugin,
      catalogModuleScaffolderEntityModel,
      catalogModuleKafkaTaas,
      kafkaTaasPlugin,
      scaffolderKafkaModule,
      sharedEventsFactory(),
      mockServices.rootConfig.factory({ data: testConfig }),
      permissionsFactory,
      // No notifications backend here: what kafka-taas would send is recorded instead.
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (notification: NotificationSendOptions) => {
            notifications.push(notification);
          },
        }),
      }),
    ],
  });
  const { server } = backend;
  const alice = mockCredentials.user.header('user:default/alice');

  /** An entity of the catalog, or undefined while it is not (yet) there. */
  async function entity(ref: {
    kind: string;
    name: string;
  }): Promise<Entity | undefined> {
    const res = await request(server)
      .get(
        `/api/catalog/entities/by-name/${ref.kind}/default/${encodeURIComponent(
          ref.name,
        )}`,
      )
      .set('Authorization', alice);
    if (res.status === 404) return undefined;
    if (res.status !== 200) {
      throw new Error(
        `GET catalog entity ${ref.kind}:${ref.name}: ${
          res.status
        } ${JSON.stringify(res.body)}`,
      );
    }
    return res.body as Entity;
  }

  /** Waits until something is true, polling, or fails with what it last saw. */
  async function until<T>(
    what: string,
    check: () => Promise<T | undefined>,
    timeoutMs: number,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      }
      await new Promise(r => setTimeout(r, 200));
    }
  }

  return {
    server,
    notifications,
    async stop() {
      await backend.stop();
      restoreFetch();
    },
    entity,
    until,

    /** alice's topic requests whose topic name contains `text`, as kafka-taas lists them. */
    async requestsOfAlice(text: string): Promise<TopicRequest[]> {
      const res = await request(server)
        .get('/api/kafka-taas/topic-requests?mine=true&limit=500')
        .set('Authorization', alice);
      if (res.status !== 200) {
        throw new Error(
          `GET /api/kafka-taas/topic-requests: ${res.status} ${JSON.stringify(
            res.body,
          )}`,
        );
      }
      const { items } = res.body as { items: TopicRequest[] };
      return items.filter(r => r.topicName.includes(text));
    },

    /**
     * Resolves once the catalog has processed the template and the demo organisation (alice with
     * her group memberships: kafka-taas checks them when she submits a request).
     */
    async ready(timeoutMs = 60_000) {
      await until(
        'template:default/create-kafka-topic in the catalog',
        () => entity({ kind: 'template', name: 'create-kafka-topic' }),
        timeoutMs,
      );
      await until(
        'user:default/alice and her memberOf relations in the catalog',
        async () => {
          const user = await entity({ kind: 'user', name: 'alice' });
          return user?.relations?.some(
            r =>
              r.type === 'memberOf' &&
              r.targetRef === 'group:default/team-payments',
          )
            ? user
            : undefined;
        },
        timeoutMs,
      );
      await until(
        'group:default/team-payments in the catalog',
        () => entity({ kind: 'group', name: 'team-payments' }),
        timeoutMs,
      );
    },

    /**
     * Runs the "Create Kafka topic" template as alice through the scaffolder's API, as the
     * portal's form submits it, and waits until the task has finished.
     */
    async runTemplate(
      values: Record<string, unknown>,
      timeoutMs = 60_000,
    ): Promise<FinishedTask> {
      const created = await request(server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', alice)
        .send({ templateRef: 'template:default/create-kafka-topic', values });
      if (created.status !== 201) {
        throw new Error(
          `POST /v2/tasks: ${created.status} ${JSON.stringify(created.body)}`,
        );
      }
      const id: string = created.body.id;
      const task = await until(
        `scaffolder task ${id} to finish`,
        async () => {
          const res = await request(server)
            .get(`/api/scaffolder/v2/tasks/${id}`)
            .set('Authorization', alice);
          const current = res.body as ScaffolderTask;
          return ['completed', 'failed', 'cancelled'].includes(current.status)
            ? current
            : undefined;
        },
        timeoutMs,
      );
      const res = await request(server)
        .get(`/api/scaffolder/v2/tasks/${id}/events`)
        .set('Authorization', alice);
      const events = res.body as ScaffolderTaskEvent[];
      return {
        id,
        status: task.status,
        events,
        log: events
          .filter(e => e.type === 'log')
          .map(e => e.body.message)
          .join('\n'),
        output: events.find(e => e.type === 'completion')?.body.output ?? {},
      };
    },
  };
}
