import { resolve } from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
// The kafka-taas backend plugin, and its own test harness (its policy for the local stack and
// unique names), which the backend package does not export: the package-boundary rules are off
// for these test-only imports, as in the scaffolder module's tests.
/* eslint-disable @backstage/no-forbidden-package-imports, @backstage/no-mixed-plugin-imports */
import kafkaTaasPlugin, {
  KafkaClientPool,
} from '@kafka-taas/plugin-kafka-taas-backend';
import { testKafkaTaasConfig } from '@kafka-taas/plugin-kafka-taas-backend/src/__testUtils__/testBackend';
import {
  localClusterConfig,
  uniqueName,
} from '@kafka-taas/plugin-kafka-taas-backend/src/__testUtils__/localStack';
/* eslint-enable @backstage/no-forbidden-package-imports, @backstage/no-mixed-plugin-imports */
import request from 'supertest';
import { catalogModuleKafkaTaas } from './module';

// The module end to end: Backstage's test backend with the real catalog (SQLite), the real
// kafka-taas backend on the local Kafka and registry, and this module. The organisation comes
// from a YAML file through a catalog location, as in the app.

const kafkaTaas = testKafkaTaasConfig({
  // Two environments on the one local broker, through two cluster entries.
  clusters: [
    localClusterConfig('local', 'dev'),
    localClusterConfig('local-staging', 'staging'),
  ],
  environments: {
    dev: { cluster: 'local', tier: 'dev' },
    staging: { cluster: 'local-staging', tier: 'staging' },
  },
});

type Server = Awaited<ReturnType<typeof startTestBackend>>['server'];

/** GET on the catalog until `ready` accepts the answer, or fails with the last answer. */
async function pollCatalog(
  server: Server,
  path: string,
  ready: (res: request.Response) => boolean,
  timeoutMs = 30_000,
): Promise<request.Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(server)
      .get(`/api/catalog${path}`)
      .set('Authorization', mockCredentials.user.header('user:default/alice'));
    if (ready(res)) return res;
    if (Date.now() > deadline) {
      throw new Error(
        `GET /api/catalog${path} did not answer as expected within ${timeoutMs} ms; last answer ${
          res.status
        } ${JSON.stringify(res.body)}`,
      );
    }
    await new Promise(r => setTimeout(r, 200));
  }
}

function topicRequest(name: string, environment: string) {
  return {
    domain: 'banking',
    subdomain: 'payments',
    name,
    environment,
    owner: 'group:default/team-payments',
    system: 'system:default/payments',
    description: 'Authorized card payments, one event per authorization.',
    partitions: 1,
    replicationFactor: 1,
    criticality: 'low',
    classification: 'confidential',
    // Staging needs a schema; both environments share the local registry and this subject.
    schema: {
      type: 'json',
      value: JSON.stringify({
        type: 'object',
        properties: { id: { type: 'string' } },
        required: ['id'],
      }),
    },
    consumers: [
      {
        group: 'group:default/team-payments',
        consumerGroup: 'ledger',
        component: 'component:default/ledger',
      },
    ],
  };
}

async function submit(server: Server, body: object) {
  const res = await request(server)
    .post('/api/kafka-taas/topic-requests')
    .set('Authorization', mockCredentials.user.header('user:default/alice'))
    .send(body);
  if (res.status !== 202) {
    throw new Error(
      `topic request refused: ${res.status} ${JSON.stringify(res.body)}`,
    );
  }
  return res.body as { id: string; topicName: string };
}

describe('catalog module kafka-taas', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let kafkaTaasUrl: string;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        kafkaTaasPlugin,
        catalogModuleKafkaTaas,
        // The real events service: one in-process bus for all plugins, as in the app (the
        // test backend's default gives each plugin a bus of its own).
        eventsServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Component', 'Resource', 'Location'] }],
              locations: [
                {
                  type: 'file',
                  target: resolve(__dirname, '__fixtures__/org.yaml'),
                  rules: [{ allow: ['User', 'Group'] }],
                },
              ],
            },
            kafkaTaas,
          },
        }),
      ],
    });
    const address = backend.server.address();
    if (address === null || typeof address === 'string') {
      throw new Error(`unexpected server address ${address}`);
    }
    kafkaTaasUrl = `http://localhost:${address.port}/api/kafka-taas`;
    // The owner-membership check needs alice and her group in the catalog.
    await pollCatalog(
      backend.server,
      '/entities/by-name/user/default/alice',
      res =>
        res.status === 200 &&
        res.body.relations?.some(
          (r: { type: string; targetRef: string }) =>
            r.type === 'memberOf' &&
            r.targetRef === 'group:default/team-payments',
        ),
    );
  });
  afterAll(() => backend?.stop());

  it('puts a topic alice requested into the catalog as soon as it is provisioned, and a second environment into the same entity', async () => {
    const name = uniqueName('card-authorized').replace(/[^a-z0-9-]/g, '');
    const dev = await submit(backend.server, topicRequest(name, 'dev'));
    const topicName = dev.topicName;
    expect(topicName).toBe(`banking.payments.${name}`);

    const created = await pollCatalog(
      backend.server,
      `/entities/by-name/resource/default/${topicName}`,
      res => res.status === 200,
    );
    const entity = created.body;
    expect(entity.spec).toEqual({
      type: 'kafka-topic',
      owner: 'group:default/team-payments',
      system: 'system:default/payments',
      dependencyOf: ['component:default/ledger'],
    });
    expect(entity.metadata).toMatchObject({
      name: topicName,
      title: topicName,
      description: 'Authorized card payments, one event per authorization.',
      labels: {
        'kafka-taas/domain': 'banking',
        'kafka-taas/classification': 'confidential',
        'kafka-taas/criticality': 'low',
      },
      annotations: {
        'kafka-taas/topic-name': topicName,
        'kafka-taas/clusters': 'local',
        'kafka-taas/environments': 'dev',
        'kafka-taas/request-ids': dev.id,
        'backstage.io/managed-by-location': `url:${kafkaTaasUrl}/topic-requests/${dev.id}`,
        'backstage.io/managed-by-origin-location': `url:${kafkaTaasUrl}/topic-requests/${dev.id}`,
      },
    });
    // The catalog processed it: the owner relation is there.
    expect(entity.relations).toContainEqual({
      type: 'ownedBy',
      targetRef: 'group:default/team-payments',
    });

    // The same topic name in staging. The local stack is one broker, where the dev topic
    // already exists: delete it there first, so staging's request can create it again.
    const pool = KafkaClientPool.create({
      config: mockServices.rootConfig({ data: { kafkaTaas } }),
      logger: mockServices.logger.mock(),
    });
    try {
      const admin = pool.admin('local-staging');
      await admin.deleteTopics({ topics: [topicName] });
      const deadline = Date.now() + 15_000;
      while ((await admin.listTopics()).includes(topicName)) {
        if (Date.now() > deadline)
          throw new Error(`topic ${topicName} still listed after deletion`);
        await new Promise(r => setTimeout(r, 200));
      }
    } finally {
      await pool.close();
    }
    let staging: { id: string; topicName: string } | undefined;
    const deadline = Date.now() + 15_000;
    while (!staging) {
      // The broker's metadata may list the deleted topic a moment longer: 409 until then.
      const res = await request(backend.server)
        .post('/api/kafka-taas/topic-requests')
        .set('Authorization', mockCredentials.user.header('user:default/alice'))
        .send(topicRequest(name, 'staging'));
      if (res.status === 202) staging = res.body;
      else if (res.status !== 409 || Date.now() > deadline)
        throw new Error(
          `staging request refused: ${res.status} ${JSON.stringify(res.body)}`,
        );
      else await new Promise(r => setTimeout(r, 200));
    }
    expect(staging.topicName).toBe(topicName);

    const merged = await pollCatalog(
      backend.server,
      `/entities/by-name/resource/default/${topicName}`,
      res =>
        res.body.metadata?.annotations?.['kafka-taas/environments'] ===
        'dev,staging',
    );
    expect(merged.body.metadata.annotations).toMatchObject({
      'kafka-taas/clusters': 'local,local-staging',
      'kafka-taas/environments': 'dev,staging',
      'kafka-taas/request-ids': [dev.id, staging.id].sort().join(','),
    });
    const sameTopic = await request(backend.server)
      .get('/api/catalog/entities/by-query')
      .query({
        filter: `kind=resource,metadata.annotations.kafka-taas/topic-name=${topicName}`,
      })
      .set('Authorization', mockCredentials.user.header('user:default/alice'));
    expect(sameTopic.status).toBe(200);
    expect(sameTopic.body.items).toHaveLength(1);
  });
});
