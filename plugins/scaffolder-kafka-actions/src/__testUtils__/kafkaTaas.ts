import { randomBytes } from 'node:crypto';
import { DiscoveryService, LoggerService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  ActionContext,
  TemplateExample,
} from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  topicEntityFromRequests,
  topicEntityRef,
  TopicRequest,
} from '@kafka-taas/plugin-kafka-taas-common';
import { parse } from 'yaml';
// The backend's own test harness (the real plugin on the local Kafka and registry). The backend
// package does not export it, so the rules that guard package boundaries are off for this one
// test-only import; the fix is a `testUtils` export in the backend package.
// eslint-disable-next-line @backstage/no-forbidden-package-imports, @backstage/no-mixed-plugin-imports
import {
  as,
  startKafkaTaasBackend,
} from '@kafka-taas/plugin-kafka-taas-backend/src/__testUtils__/testBackend';

/** The kafka-taas backend on the real local Kafka and registry, and what the actions need to reach it. */
export async function startKafkaTaas() {
  const backend = await startKafkaTaasBackend();
  const address = backend.server.address();
  if (address === null || typeof address === 'string') {
    throw new Error(`unexpected server address ${address}`);
  }
  const baseUrl = `http://localhost:${address.port}/api/kafka-taas`;
  const discovery: DiscoveryService = {
    getBaseUrl: async () => baseUrl,
    getExternalBaseUrl: async () => baseUrl,
  };
  /** GET on the backend's API as a demo user, e.g. to check what an action did. */
  async function get<T>(path: string, user = 'alice'): Promise<T> {
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { Authorization: as(user) },
    });
    if (!response.ok) {
      throw new Error(
        `GET ${path}: ${response.status} ${await response.text()}`,
      );
    }
    return (await response.json()) as T;
  }
  // A stand-in for the catalog with the catalog module: the entity of each ready topic, built
  // by the module's own function. The real catalog runs in template.integration.test.ts.
  const catalog = catalogServiceMock.mock({
    getEntityByRef: async ref => {
      const { items } = await get<{ items: TopicRequest[] }>(
        '/topic-requests?status=ready&limit=500',
      );
      const topic = items.find(r => topicEntityRef(r.topicName) === ref);
      return topic
        ? topicEntityFromRequests(
            items.filter(r => r.topicName === topic.topicName),
          )
        : undefined;
    },
  });
  return {
    stop: () => backend.stop(),
    actionOptions: {
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
      discovery,
      config: mockServices.rootConfig({
        data: { app: { baseUrl: 'http://localhost:3000' } },
      }),
      catalog,
    },
    get,
  };
}

/** alice's requests for a topic, as the backend lists them. */
export async function requestsFor(
  kafkaTaas: Awaited<ReturnType<typeof startKafkaTaas>>,
  topicName: string,
): Promise<TopicRequest[]> {
  const { items } = await kafkaTaas.get<{ items: TopicRequest[] }>(
    '/topic-requests?mine=true&limit=500',
  );
  return items.filter(r => r.topicName === topicName);
}

/** A topic name part no earlier run has used: topics persist on the broker. */
export function uniqueTopicName(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}${randomBytes(2).toString(
    'hex',
  )}`;
}

type Checkpoint = ActionContext<{}>['checkpoint'];

/** A checkpoint store kept across runs, as the scaffolder keeps it across a task's retries. */
export function checkpointStore(): Checkpoint {
  const store = new Map<string, unknown>();
  return async ({ key, fn }) => {
    if (store.has(key)) return store.get(key) as Awaited<ReturnType<typeof fn>>;
    const value = await fn();
    store.set(key, value);
    return value;
  };
}

/**
 * Runs an action as the scaffolder would for `user`, with Backstage's mock action context.
 * Returns the outputs.
 */
export async function runAction<C extends { input: object }>(
  action: { handler(ctx: C): Promise<void> },
  input: C['input'],
  options: {
    user?: string;
    isDryRun?: boolean;
    checkpoint?: Checkpoint;
    logger?: LoggerService;
  } = {},
): Promise<Record<string, unknown>> {
  const outputs: Record<string, unknown> = {};
  // createMockActionContext takes only input, logger, secrets, task, user and workspace
  // options; the initiator, outputs, dry run and checkpoints are set on the context it returns.
  const ctx: ActionContext<{}> = {
    ...createMockActionContext({
      input,
      logger: options.logger ?? mockServices.logger.mock(),
    }),
    isDryRun: options.isDryRun,
    getInitiatorCredentials: async () =>
      mockCredentials.user(`user:default/${options.user ?? 'alice'}`),
    output: (name, value) => {
      outputs[String(name)] = value;
    },
    ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
  };
  // The context is built for any action; its input is the action's own (`input` above).
  await action.handler(ctx as unknown as C);
  return outputs;
}

/** The steps of an example, parsed as the scaffolder parses a template. */
export function exampleSteps(
  example: TemplateExample,
): Array<{ action: string; input: Record<string, unknown> }> {
  const parsed = parse(example.example) as {
    steps: Array<{ action: string; input: Record<string, unknown> }>;
  };
  return parsed.steps;
}
