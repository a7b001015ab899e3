/*
 * yarn bench:ingest — topics on a cluster to entities in the catalog. For each size (SIZES,
 * default 10000,50000) it starts a fresh Kafka (scripts/bench-kafka.sh, BROKERS brokers,
 * default 2), creates that many one-partition topics, and runs the real kafka-taas backend, the
 * real catalog (SQLite in memory) and this module in Backstage's test backend. It prints:
 *
 *   inventory   GET /api/kafka-taas/topics?include=schemas on its own;
 *   ingest      one pass of the provider: the inventory, the catalog query for declared
 *               topics, the entities built and written to the catalog (full mutation);
 *   peak RSS    of this process (backend, catalog and bench together) during the pass, and
 *               its growth over the idle backend before it;
 *   processed   until the catalog has processed and stitched every entity (its own engine,
 *               not ours; informative), capped by PROCESS_WAIT_S (default 600).
 *
 * Figures, not a test: the machine is shared. Needs the local schema registry
 * (scripts/local-stack.sh start registry), whose subjects the inventory lists.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import kafkaTaasPlugin from '@kafka-taas/plugin-kafka-taas-backend';
import { Admin } from '@platformatic/kafka';
import request from 'supertest';
import { PROVIDER_NAME } from '../src/KafkaTopicEntityProvider';
import { catalogModuleKafkaTaas } from '../src/module';

const ROOT = resolve(__dirname, '../../..');
const SIZES = (process.env.SIZES ?? '10000,50000').split(',').map(Number);
const BROKERS = process.env.BROKERS ?? '2';
const PROCESS_WAIT_S = Number(process.env.PROCESS_WAIT_S ?? 600);
const REGISTRY = `http://127.0.0.1:${
  process.env.REGISTRY_PORT ?? 8081
}/apis/ccompat/v7`;
const CREATE_BATCH = 1_000;

const benchKafka = (...args: string[]) =>
  execFileSync(resolve(ROOT, 'scripts/bench-kafka.sh'), args, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Runs `fn`, sampling this process's RSS every 20 ms; returns its duration and the peak. */
async function measured<T>(fn: () => Promise<T>) {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  try {
    const value = await fn();
    return { value, ms: performance.now() - started, peak };
  } finally {
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
}

async function createTopics(brokers: string[], count: number) {
  const admin = new Admin({
    clientId: 'bench-ingest',
    bootstrapBrokers: brokers,
    timeout: 120_000,
  });
  try {
    const names = Array.from(
      { length: count },
      (_, i) => `bench.ingest.topic-${String(i).padStart(6, '0')}`,
    );
    for (let i = 0; i < names.length; i += CREATE_BATCH) {
      await admin.createTopics({
        topics: names.slice(i, i + CREATE_BATCH),
        partitions: 1,
        replicas: 1,
      });
    }
  } finally {
    await admin.close();
  }
  // Brokers apply new topics to their metadata a moment after the controller: wait until every
  // broker lists them all, so the inventory reads a settled cluster.
  for (const broker of brokers) {
    const reader = new Admin({
      clientId: 'bench-ingest-check',
      bootstrapBrokers: [broker],
    });
    try {
      const deadline = Date.now() + 300_000;
      while ((await reader.listTopics()).length < count) {
        if (Date.now() > deadline) {
          throw new Error(`broker ${broker} does not list ${count} topics`);
        }
        await new Promise(r => setTimeout(r, 500));
      }
    } finally {
      await reader.close();
    }
  }
}

async function run(size: number) {
  benchKafka('start', BROKERS);
  try {
    const brokers = benchKafka('brokers').split(',');
    const created = await measured(() => createTopics(brokers, size));

    const scheduler = mockServices.scheduler();
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        kafkaTaasPlugin,
        catalogModuleKafkaTaas,
        eventsServiceFactory,
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
        }),
        mockServices.rootConfig.factory({
          data: {
            kafkaTaas: {
              clusters: [
                {
                  name: 'bench',
                  environment: 'dev',
                  brokers,
                  requestTimeoutMs: 120_000,
                  schemaRegistry: { url: REGISTRY },
                },
              ],
              environments: { dev: { cluster: 'bench', tier: 'dev' } },
              catalog: { unownedOwner: 'group:default/platform-team' },
            },
          },
        }),
      ],
    });
    try {
      const inventory = await measured(async () => {
        const res = await request(backend.server)
          .get('/api/kafka-taas/topics?include=schemas')
          .set('Authorization', mockCredentials.user.header());
        if (res.status !== 200) {
          throw new Error(`GET /topics: ${res.status} ${res.text}`);
        }
        return res.body.items.length as number;
      });
      global.gc?.();
      const idle = process.memoryUsage().rss;
      const ingest = await measured(() =>
        scheduler.triggerTask(`${PROVIDER_NAME}:refresh`),
      );
      const processed = await measured(async () => {
        const deadline = Date.now() + PROCESS_WAIT_S * 1000;
        for (;;) {
          const res = await request(backend.server)
            .get('/api/catalog/entities/by-query')
            .query({ filter: 'kind=resource,spec.type=kafka-topic', limit: 1 })
            .set('Authorization', mockCredentials.user.header());
          const total = Number(res.body.totalItems ?? 0);
          if (total >= size || Date.now() > deadline) return total;
          await new Promise(r => setTimeout(r, 1000));
        }
      });
      console.log(
        [
          `${String(size).padStart(6)} topics (${BROKERS} brokers)`,
          `create ${seconds(created.ms)}`,
          `inventory ${seconds(inventory.ms)} (${inventory.value} topics)`,
          `ingest ${seconds(ingest.ms)}`,
          `peak RSS ${mb(ingest.peak)} (+${mb(ingest.peak - idle)})`,
          processed.value >= size
            ? `processed by the catalog ${seconds(processed.ms)}`
            : `catalog had processed ${processed.value} after ${PROCESS_WAIT_S} s`,
        ].join('   '),
      );
    } finally {
      // After 50,000 entities the catalog's engine may still hold SQLite connections busy:
      // give the shutdown a minute, then go on with the next size.
      await Promise.race([
        backend.stop(),
        new Promise(r => setTimeout(r, 60_000).unref()),
      ]);
    }
  } finally {
    benchKafka('stop');
  }
}

async function main() {
  console.log(
    `node ${process.version}, ${cpus().length} cores; sizes ${SIZES.join(
      ', ',
    )}`,
  );
  for (const size of SIZES) await run(size);
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
