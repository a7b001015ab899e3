import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  kafkaTaasPermissions,
  TOPIC_REQUESTS_EVENTS_TOPIC,
  TopicRequestsEventPayload,
} from '@kafka-taas/plugin-kafka-taas-common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { readLagConfig, readTopicExclusions } from './config';
import { LagAlerter } from './lag/lagAlerts';
import { LagHistoryService } from './lag/LagHistoryService';
import { LagHistoryStore } from './lag/LagHistoryStore';
import { LAG_SAMPLER_TASK_ID, LagSampler } from './lag/LagSampler';
import { LagService } from './lag/LagService';
import { readPolicy, rolesWithoutGroups } from './policyConfig';
import { ProvisioningSteps } from './provisioning/ProvisioningSteps';
import { SchemaChecker } from './provisioning/SchemaChecker';
import { createRouter } from './router';
import { ClusterService } from './services/ClusterService';
import { TopicDetailsService } from './services/TopicDetailsService';
import { TopicInventoryService } from './services/TopicInventoryService';
import { TopicSchemaService } from './services/TopicSchemaService';
import { KafkaClientPool } from './services/KafkaClientPool';
import { ProvisioningService } from './services/ProvisioningService';
import { TopicRequestNotifier } from './services/TopicRequestNotifier';
import { TopicRequestService } from './services/TopicRequestService';
import { DatabaseTopicRequestStore } from './store/DatabaseTopicRequestStore';

/**
 * Kafka Topic-as-a-Service backend plugin, mounted at `/api/kafka-taas`.
 * @public
 */
export const kafkaTaasPlugin = createBackendPlugin({
  pluginId: 'kafka-taas',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        notifications: notificationService,
        events: eventsServiceRef,
      },
      async init(deps) {
        const { config, logger, lifecycle, httpRouter, scheduler } = deps;
        const pool = KafkaClientPool.create({ config, logger });
        const policy = readPolicy(config, pool.clusters());
        const lagConfig = readLagConfig(config);
        logger.info('kafka-taas configured', {
          clusters:
            pool
              .clusters()
              .map(c => `${c.name} (${c.environment})`)
              .join(', ') || 'none',
          environments: Object.keys(policy.environments).join(', ') || 'none',
        });
        for (const role of rolesWithoutGroups(policy)) {
          logger.warn(
            `approver role ${role} has no groups: requests that need it cannot be approved until kafkaTaas.approvals.roles.${role}.groups is set`,
          );
        }
        deps.permissionsRegistry.addPermissions(kafkaTaasPermissions);

        const store = await DatabaseTopicRequestStore.create({
          database: deps.database,
        });
        const notifier = TopicRequestNotifier.create({
          notifications: deps.notifications,
          logger,
        });
        const steps = ProvisioningSteps.create({ pool, logger });
        const provisioning = ProvisioningService.create({
          store,
          steps,
          notifier,
          logger,
          worker: `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
        });
        // The catalog module shows the topic's entity at once on this event.
        provisioning.onReady(async request => {
          const eventPayload: TopicRequestsEventPayload = {
            type: 'ready',
            requestId: request.id,
            topicName: request.topicName,
          };
          await deps.events.publish({
            topic: TOPIC_REQUESTS_EVENTS_TOPIC,
            eventPayload,
          });
        });
        const schemas = SchemaChecker.create({ pool });
        const requests = TopicRequestService.create({
          store,
          policy,
          checks: {
            checkSchemas: request => schemas.check(request),
            topicExists: (cluster, topic) =>
              schemas.topicExists(cluster, topic),
            activeConsumerGroups: (cluster, topic) =>
              steps.activeConsumerGroups(cluster, topic),
          },
          catalog: deps.catalog,
          auth: deps.auth,
          provisioning,
          notifier,
          logger,
        });

        lifecycle.addShutdownHook(async () => {
          await provisioning.idle();
          await pool.close();
        });
        await scheduler.scheduleTask({
          id: 'kafka-taas-resume-provisioning',
          frequency: { seconds: 30 },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 10 },
          fn: () => provisioning.resumeClaimable(),
        });
        await scheduler.scheduleTask({
          id: 'kafka-taas-expire-requests',
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            await requests.expireOverdue();
          },
        });

        const topics = TopicDetailsService.create({
          pool,
          store,
          principals: policy.principals,
          catalog: deps.catalog,
          auth: deps.auth,
          discovery: deps.discovery,
          logger,
        });
        // Consumer lag: live reads judged over the sampler's stored samples (shared by every
        // replica), the scheduled sampler, its history and the alert rules.
        const lagHistory = await LagHistoryStore.create({
          database: deps.database,
        });
        const lag = LagService.create({
          pool,
          logger,
          config: lagConfig,
          windowStore: lagHistory,
        });
        const sampler = LagSampler.create({
          lag,
          clusters: () => pool.clusters(),
          store: lagHistory,
          alerter: LagAlerter.create({
            rules: lagConfig.alerts,
            store: lagHistory,
            sampleIntervalMs: lagConfig.sampleIntervalMs,
            notifications: deps.notifications,
            ownerOf: async topic => (await topics.details(topic)).owner,
            logger,
          }),
          config: lagConfig,
          logger,
        });
        await scheduler.scheduleTask({
          id: LAG_SAMPLER_TASK_ID,
          frequency: { milliseconds: lagConfig.sampleIntervalMs },
          timeout: {
            milliseconds: Math.max(lagConfig.sampleIntervalMs, 300_000),
          },
          initialDelay: { milliseconds: lagConfig.sampleIntervalMs },
          fn: () => sampler.run(),
        });

        httpRouter.use(
          await createRouter({
            clusters: ClusterService.create({ pool, logger }),
            requests,
            inventory: TopicInventoryService.create({
              pool,
              store,
              exclude: readTopicExclusions(config),
              logger,
            }),
            topics,
            schemas: TopicSchemaService.create({ pool, logger }),
            lag,
            lagHistory: LagHistoryService.create({
              store: lagHistory,
              clusters: () => pool.clusters(),
              config: lagConfig,
            }),
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
          }),
        );
      },
    });
  },
});
