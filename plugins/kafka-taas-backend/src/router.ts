import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  kafkaTaasAdminPermission,
  topicRequestApprovePermission,
  topicRequestCreatePermission,
  topicRequestReadPermission,
  topicRequestRetryPermission,
  TopicChangeInput,
  TopicRequestInput,
} from '@kafka-taas/plugin-kafka-taas-common';
import express from 'express';
import { LagHistoryService } from './lag/LagHistoryService';
import { LagService } from './lag/LagService';
import { spec } from './schema/openapi';
import { ClusterService } from './services/ClusterService';
import { TopicDetailsService } from './services/TopicDetailsService';
import { TopicInventoryService } from './services/TopicInventoryService';
import { TopicSchemaService } from './services/TopicSchemaService';
import {
  Caller,
  PolicyViolationError,
  TopicRequestService,
} from './services/TopicRequestService';

export async function createRouter(options: {
  clusters: ClusterService;
  requests: TopicRequestService;
  inventory: TopicInventoryService;
  topics: TopicDetailsService;
  schemas: TopicSchemaService;
  lag: LagService;
  lagHistory: LagHistoryService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): Promise<express.Router> {
  const { clusters, requests, inventory, topics, schemas, lag, lagHistory } =
    options;
  const { httpAuth, permissions } = options;
  const router = createValidatedOpenApiRouter(spec);

  /**
   * The one authorization helper: the caller, the permission the route needs, and admin or not.
   * Only reads also accept other backend plugins (the catalog module lists topics and requests).
   */
  async function authorize(
    req: Parameters<HttpAuthService['credentials']>[0],
    permission: BasicPermission,
    allow: Array<'user' | 'service'> = ['user'],
  ): Promise<Caller> {
    const credentials = await httpAuth.credentials(req, { allow });
    const [decision, admin] = await permissions.authorize(
      [{ permission }, { permission: kafkaTaasAdminPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to do this: permission ${permission.name} was denied`,
      );
    }
    return {
      userRef:
        'userEntityRef' in credentials.principal
          ? credentials.principal.userEntityRef
          : credentials.principal.subject,
      isAdmin: admin.result === AuthorizeResult.ALLOW,
    };
  }

  router.get('/clusters', async (_req, res) => {
    res.json({ items: await clusters.list() });
  });

  router.get('/policy', async (_req, res) => {
    res.json(requests.policy());
  });

  router.get('/topics', async (req, res) => {
    await authorize(req, topicRequestReadPermission, ['user', 'service']);
    res.json(
      await inventory.inventory({
        includeSchemas: included(req.query.include, 'schemas'),
        includeConfigs: included(req.query.include, 'configs'),
      }),
    );
  });

  router.get('/topics/:topic', async (req, res) => {
    await authorize(req, topicRequestReadPermission, ['user', 'service']);
    res.json(await topics.details(req.params.topic));
  });

  router.get(
    '/topics/:topic/schemas/:subject/versions/:version',
    async (req, res) => {
      await authorize(req, topicRequestReadPermission, ['user', 'service']);
      const { topic, subject, version } = req.params;
      res.json(
        await schemas.version({
          topic,
          subject,
          version: Number(version),
          cluster: req.query.cluster,
        }),
      );
    },
  );

  router.get('/topics/:topic/lag', async (req, res) => {
    await authorize(req, topicRequestReadPermission, ['user', 'service']);
    res.json(
      await lag.topicLag(req.params.topic, { cluster: req.query.cluster }),
    );
  });

  router.get('/topics/:topic/lag/history', async (req, res) => {
    await authorize(req, topicRequestReadPermission, ['user', 'service']);
    res.json(await lagHistory.topicHistory(req.params.topic, req.query));
  });

  router.get('/consumer-groups/:cluster/:group/lag', async (req, res) => {
    await authorize(req, topicRequestReadPermission, ['user', 'service']);
    res.json(await lag.groupLag(req.params.cluster, req.params.group));
  });

  router.post('/topic-requests/plan', async (req, res) => {
    await authorize(req, topicRequestReadPermission);
    res.json(await requests.plan(req.body as TopicRequestInput));
  });

  router.post('/topic-requests', async (req, res) => {
    const caller = await authorize(req, topicRequestCreatePermission);
    res
      .status(202)
      .json(await requests.submit(req.body as TopicRequestInput, caller));
  });

  router.post('/topic-changes/plan', async (req, res) => {
    const caller = await authorize(req, topicRequestReadPermission);
    res.json(await requests.planChange(req.body as TopicChangeInput, caller));
  });

  router.post('/topic-changes', async (req, res) => {
    const caller = await authorize(req, topicRequestCreatePermission);
    res
      .status(202)
      .json(await requests.submitChange(req.body as TopicChangeInput, caller));
  });

  router.get('/topic-requests', async (req, res) => {
    const caller = await authorize(req, topicRequestReadPermission, [
      'user',
      'service',
    ]);
    res.json(await requests.list(req.query, caller));
  });

  router.get('/topic-requests/:id', async (req, res) => {
    await authorize(req, topicRequestReadPermission, ['user', 'service']);
    res.json(await requests.get(req.params.id));
  });

  router.post('/topic-requests/:id/approve', async (req, res) => {
    const caller = await authorize(req, topicRequestApprovePermission);
    res.json(await requests.approve(req.params.id, caller, req.body ?? {}));
  });

  router.post('/topic-requests/:id/reject', async (req, res) => {
    const caller = await authorize(req, topicRequestApprovePermission);
    const { reason } = req.body as { reason: string };
    res.json(await requests.reject(req.params.id, caller, reason));
  });

  router.post('/topic-requests/:id/retry', async (req, res) => {
    const caller = await authorize(req, topicRequestRetryPermission);
    res.status(202).json(await requests.retry(req.params.id, caller));
  });

  // Policy refusals carry every violation; other errors go to Backstage's error handler.
  router.use(
    (
      error: unknown,
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (!(error instanceof PolicyViolationError)) {
        next(error);
        return;
      }
      res.status(400).json({
        error: { name: 'InputError', message: error.message },
        violations: error.violations,
      });
    },
  );

  return router;
}

/** Whether an `include` query parameter (comma-separated) names `part`. */
function included(value: unknown, part: string): boolean {
  const parts = Array.isArray(value) ? value : String(value ?? '').split(',');
  return parts.includes(part);
}
