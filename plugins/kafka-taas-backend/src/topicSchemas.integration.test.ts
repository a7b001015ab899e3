import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { KafkaTopicSchemaVersion } from '@kafka-taas/plugin-kafka-taas-common';
import { Admin } from '@platformatic/kafka';
import request from 'supertest';
import {
  localClusterConfig,
  localStack,
  uniqueName,
} from './__testUtils__/localStack';
import {
  as,
  startKafkaTaasBackend,
  testKafkaTaasConfig,
} from './__testUtils__/testBackend';

// GET /topics/{topic}/schemas/{subject}/versions/{version} end to end: the real plugin in
// Backstage's test backend on the real local Kafka and Apicurio Registry, with two versions of a
// subject registered straight in the registry.

const suffix = uniqueName('schemas').replace(/[^a-z0-9-]/g, '');
const topic = `banking.payments.ledger-${suffix}`;
const subject = `${topic}-value`;
const registryPassword = `registry-secret-${suffix}`;

const v1 = JSON.stringify({
  type: 'record',
  name: 'LedgerEntry',
  namespace: 'com.example.ledger',
  fields: [{ name: 'id', type: 'string' }],
});
const v2 = JSON.stringify({
  type: 'record',
  name: 'LedgerEntry',
  namespace: 'com.example.ledger',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'memo', type: ['null', 'string'], default: null },
  ],
});

async function register(schema: string): Promise<number> {
  const res = await fetch(
    `${localStack().registryUrl}/subjects/${encodeURIComponent(
      subject,
    )}/versions`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schema }),
    },
  );
  const body = await res.json();
  if (!res.ok) throw new Error(`register failed: ${JSON.stringify(body)}`);
  return body.id;
}

/** A root logger that keeps every line, message and fields, as one string each. */
function recordingLogger(lines: string[]) {
  const logger: LoggerService = {
    error: (message, meta) => lines.push(`${message} ${JSON.stringify(meta)}`),
    warn: (message, meta) => lines.push(`${message} ${JSON.stringify(meta)}`),
    info: (message, meta) => lines.push(`${message} ${JSON.stringify(meta)}`),
    debug: (message, meta) => lines.push(`${message} ${JSON.stringify(meta)}`),
    child: () => logger,
  };
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => logger,
  });
}

type Backend = Awaited<ReturnType<typeof startKafkaTaasBackend>>;

const path = (s = subject, version: number | string = 1, query = '') =>
  `/api/kafka-taas/topics/${encodeURIComponent(
    topic,
  )}/schemas/${encodeURIComponent(s)}/versions/${version}${query}`;

describe('topic schema versions', () => {
  const admin = new Admin({
    clientId: 'test-topic-schemas',
    bootstrapBrokers: localStack().plaintextBrokers,
  });
  const ids: number[] = [];

  beforeAll(async () => {
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    ids.push(await register(v1));
    ids.push(await register(v2));
  }, 60_000);

  afterAll(async () => {
    await admin.close();
  });

  describe('with the topic on two clusters, one behind a registry that is down', () => {
    let backend: Backend;
    const logs: string[] = [];

    beforeAll(async () => {
      backend = await startKafkaTaasBackend({
        kafkaTaas: testKafkaTaasConfig({
          clusters: [
            localClusterConfig('local', 'dev'),
            {
              ...localClusterConfig('local-mirror', 'staging'),
              schemaRegistry: {
                url: 'http://127.0.0.1:1/apis/ccompat/v7',
                username: 'registry-user',
                password: registryPassword,
              },
            },
          ],
        }),
        services: [recordingLogger(logs)],
      });
    }, 60_000);

    afterAll(async () => {
      await backend?.stop();
    });

    const get = (url: string) =>
      request(backend.server).get(url).set('Authorization', as('alice'));

    it('reads each registered version of the subject from the cluster named', async () => {
      const first = await get(path(subject, 1, '?cluster=local'));
      expect(first.status).toBe(200);
      expect(first.body).toEqual<KafkaTopicSchemaVersion>({
        cluster: 'local',
        subject,
        version: 1,
        id: ids[0],
        schemaType: 'AVRO',
        schema: expect.stringContaining('LedgerEntry'),
      });
      expect(first.body.schema).not.toContain('memo');

      const second = await get(path(subject, 2, '?cluster=local'));
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ version: 2, id: ids[1] });
      expect(JSON.parse(second.body.schema).fields).toEqual(
        JSON.parse(v2).fields,
      );
    });

    it('asks for the cluster, naming the clusters the topic is on, when it is on several', async () => {
      const res = await get(path(subject, 1));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        `cluster is required: topic "${topic}" is on several Kafka clusters with a schema registry; use one of: local, local-mirror`,
      );
    });

    it('answers 404 for a version that does not exist, listing those that do', async () => {
      const res = await get(path(subject, 3, '?cluster=local'));
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        `Subject "${subject}" has no version 3 in the schema registry of Kafka cluster "local"; its versions: 1, 2`,
      );
    });

    it('answers 404 for the key subject when the topic has no key schema', async () => {
      const res = await get(path(`${topic}-key`, 1, '?cluster=local'));
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        `Subject "${topic}-key" has no versions in the schema registry of Kafka cluster "local": the topic has no schema there`,
      );
    });

    it("refuses a subject that is not the topic's own, naming the rule", async () => {
      const res = await get(
        path('banking.payments.other-value', 1, '?cluster=local'),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        `subject "banking.payments.other-value" is not a subject of topic "${topic}": only the topic's own subjects (topic name strategy) can be read here, "${topic}-value" and "${topic}-key"`,
      );
    });

    it('refuses a cluster that is not configured, naming those that are', async () => {
      const res = await get(path(subject, 1, '?cluster=prod-eu'));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'cluster "prod-eu" is not a configured Kafka cluster; use one of: local, local-mirror',
      );
    });

    it('answers 503 naming the registry URL, never its credentials, when the registry is down', async () => {
      const res = await get(path(subject, 1, '?cluster=local-mirror'));
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(
        /^Schema registry http:\/\/127\.0\.0\.1:1\/apis\/ccompat\/v7 is unreachable/,
      );
      expect(JSON.stringify(res.body)).not.toContain(registryPassword);
      expect(JSON.stringify(res.body)).not.toContain('registry-user');
      expect(logs.some(l => l.includes('schema registry unreachable'))).toBe(
        true,
      );
      expect(logs.join('\n')).not.toContain(registryPassword);
    });

    it('answers 404 for a topic on no cluster', async () => {
      const missing = `banking.payments.missing-${suffix}`;
      const res = await get(
        `/api/kafka-taas/topics/${missing}/schemas/${missing}-value/versions/1`,
      );
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        `Topic "${missing}" is on none of the Kafka clusters with a schema registry (local, local-mirror)`,
      );
    });

    it('refuses a version that is not a positive number with 400', async () => {
      expect(
        (await get(path(subject, 'latest', '?cluster=local'))).status,
      ).toBe(400);
      expect((await get(path(subject, 0, '?cluster=local'))).status).toBe(400);
    });

    it('refuses a caller without the topic-request read permission with 403, as GET /topics/{topic} does', async () => {
      const denied = await startKafkaTaasBackend({ denyAll: true });
      try {
        const res = await request(denied.server)
          .get(path(subject, 1, '?cluster=local'))
          .set('Authorization', as('alice'));
        expect(res.status).toBe(403);
        expect(res.body.error.message).toContain(
          'kafka-taas.topic-request.read',
        );
      } finally {
        await denied.stop();
      }
    });
  });

  describe('with the topic on one reachable cluster', () => {
    let backend: Backend;

    beforeAll(async () => {
      backend = await startKafkaTaasBackend({
        kafkaTaas: testKafkaTaasConfig({
          clusters: [
            localClusterConfig('local', 'dev'),
            {
              name: 'gone',
              environment: 'prod-eu',
              brokers: ['127.0.0.1:1'],
              requestTimeoutMs: 2_000,
              schemaRegistry: { url: 'http://127.0.0.1:1/apis/ccompat/v7' },
            },
            // No registry: never a candidate.
            {
              name: 'no-registry',
              environment: 'staging',
              brokers: localStack().saslBrokers,
              requestTimeoutMs: 5_000,
              sasl: localClusterConfig().sasl,
            },
          ],
        }),
      });
    }, 60_000);

    afterAll(async () => {
      await backend?.stop();
    });

    it('reads from the only cluster with a registry the topic is on when no cluster is named', async () => {
      const res = await request(backend.server)
        .get(path(subject, 2))
        .set('Authorization', as('alice'));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ cluster: 'local', version: 2 });
    });
  });
});
