/*
 * yarn bench:ingest — topics on a cluster to entities in the catalog. For each size (SIZES,
 * default 10000,50000) it starts a fresh Kafka (scripts/bench-kafka.sh, BROKERS brokers,
 * default 3: with 2, a broker holding 25,000 topics ran out of its 20,000 open files once),
 * creates that many one-partition topics, and runs the real kafka-taas backend, the real
 * catalog and this module in Backstage's test backend, each run in a fresh child process (no
 * heap from the topic creation or an earlier run weighs on it). Two kinds of run per size:
 *
 * - provider alone (one per DATABASES, default `sqlite,postgres`: SQLite in memory as in tests,
 *   PostgreSQL as in production, a throwaway server from scripts/local-postgres.sh on
 *   BENCH_PG_PORT, default 25433; the catalog's processing engine off:
 *   `catalog.processingInterval: false`): what this module costs, free of the engine's work on
 *   the same event loop.
 *     inventory   GET /api/kafka-taas/topics?include=schemas,configs on its own;
 *     first pass  one pass into an empty catalog: the inventory, the catalog queries (declared
 *                 topics, the provider's own entities), every entity built and written (delta
 *                 mutations of 1,000);
 *     next pass   the same with nothing changed on the cluster, NEXT_PASSES times (default 5;
 *                 median, min-max): what every scheduled refresh costs; then, as often, the
 *                 inventory again on its own, and Kafka's share of it: one Metadata call for
 *                 every topic (the Kafka client's listTopics), from a client of its own;
 *     RSS         of the whole process (backend, catalog, bench): idle once started, peak in
 *                 the first pass, peak in the next passes (V8 collects lazily: garbage of
 *                 several passes piles up); the heap the module keeps between refreshes (after
 *                 a GC). Once more on SQLite with V8's old space capped (HEAP_CAPS:
 *                 192 MB for 10,000 topics, 384 MB for 50,000).
 * - with the catalog (one per DATABASES): the first pass, then until the catalog's engine has
 *   processed and stitched every entity (Backstage's work, not this module's; capped by
 *   PROCESS_WAIT_S, default 150), then the next passes, and the RSS peaks of each phase.
 *
 * Figures, not a test: the machine is shared. Needs the local schema registry
 * (scripts/local-stack.sh start registry), whose subjects the inventory lists.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
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
const BROKERS = process.env.BROKERS ?? '3';
const PROCESS_WAIT_S = Number(process.env.PROCESS_WAIT_S ?? 150);
const REGISTRY = `http://127.0.0.1:${
  process.env.REGISTRY_PORT ?? 8081
}/apis/ccompat/v7`;
const CREATE_BATCH = 1_000;
const DATABASES = (process.env.DATABASES ?? 'sqlite,postgres')
  .split(',')
  .filter(Boolean);
/**
 * One more provider-alone run (SQLite) per size listed, with V8's old space capped at the size's
 * figure: with memory to spare V8 lets the garbage of several passes pile up before collecting
 * it, so the default run's peak says how much V8 took, the capped one how much the passes need
 * (as in a container with a memory limit). HEAP_CAPS=`<topics>:<MB>,…`; empty skips them.
 */
const HEAP_CAPS = new Map(
  (process.env.HEAP_CAPS ?? '10000:192,50000:384')
    .split(',')
    .filter(Boolean)
    .map(pair => pair.split(':').map(Number) as [number, number]),
);
/** Passes with nothing changed after the first, timed one by one: their median is printed. */
const NEXT_PASSES = Number(process.env.NEXT_PASSES ?? 5);
const PG = {
  PG_PORT: process.env.BENCH_PG_PORT ?? '25433',
  PG_DIR: resolve(ROOT, '.local/bench-postgres'),
};

const benchPostgres = (command: 'start' | 'stop') =>
  execFileSync(resolve(ROOT, 'scripts/local-postgres.sh'), [command], {
    cwd: ROOT,
    env: { ...process.env, ...PG },
    stdio: ['ignore', 'ignore', 'inherit'],
  });

/** The catalog's and kafka-taas's database: in-memory SQLite unless PostgreSQL. */
const databaseConfig = (database: string, size: number) =>
  database === 'postgres'
    ? {
        backend: {
          database: {
            client: 'pg',
            connection: {
              host: '127.0.0.1',
              port: Number(PG.PG_PORT),
              user: 'postgres',
            },
            // A fresh database per plugin and run.
            prefix: `bench_ingest_${size}_${Date.now()}_`,
          },
        },
      }
    : {};

const benchKafka = (...args: string[]) =>
  execFileSync(resolve(ROOT, 'scripts/bench-kafka.sh'), args, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 1_000 ? 2 : 1)} s`;

/** Runs `fn`, sampling this process's RSS every 20 ms; returns its duration and the peak. */
async function measured<T>(fn: () => Promise<T>) {
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  sample();
  const sampler = setInterval(sample, 20);
  const started = performance.now();
  try {
    const value = await fn();
    sample();
    return { value, ms: performance.now() - started, peak };
  } finally {
    clearInterval(sampler);
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

type Run = { database: string; processing: boolean; heapCapMb?: number };

/** `ms` sorted: "median of n (min-max)". */
function spread(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  return `${seconds(sorted[Math.floor(sorted.length / 2)])} median of ${
    sorted.length
  } (${seconds(sorted[0])}-${seconds(sorted[sorted.length - 1])})`;
}

/** Kafka's own share of an inventory: one Metadata call for every topic (`listTopics`), timed. */
async function listTopicsMs(brokers: string[], times: number) {
  const admin = new Admin({
    clientId: 'bench-ingest-list',
    bootstrapBrokers: brokers,
    timeout: 120_000,
  });
  try {
    await admin.listTopics();
    const ms = [];
    for (let i = 0; i < times; i++) {
      const started = performance.now();
      await admin.listTopics();
      ms.push(performance.now() - started);
    }
    return ms;
  } finally {
    await admin.close();
  }
}

/** Measures one size on a cluster that has its topics (in a process of its own). */
async function measure(size: number, brokers: string[], run: Run) {
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
          ...databaseConfig(run.database, size),
          ...(!run.processing && { catalog: { processingInterval: false } }),
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
    global.gc?.();
    const idle = process.memoryUsage().rss;
    const readInventory = async () => {
      const res = await request(backend.server)
        .get('/api/kafka-taas/topics?include=schemas,configs')
        .set('Authorization', mockCredentials.user.header());
      if (res.status !== 200) {
        throw new Error(`GET /topics: ${res.status} ${res.text}`);
      }
      return res.body.items.length as number;
    };
    const inventory = await measured(readInventory);
    global.gc?.();
    const before = process.memoryUsage();
    const refresh = () => scheduler.triggerTask(`${PROVIDER_NAME}:refresh`);
    const first = await measured(refresh);
    const processed = run.processing
      ? await measured(async () => {
          const deadline = Date.now() + PROCESS_WAIT_S * 1000;
          for (;;) {
            const res = await request(backend.server)
              .get('/api/catalog/entities/by-query')
              .query({
                filter: 'kind=resource,spec.type=kafka-topic',
                limit: 1,
              })
              .set('Authorization', mockCredentials.user.header());
            const total = Number(res.body.totalItems ?? 0);
            if (total >= size || Date.now() > deadline) return total;
            await new Promise(r => setTimeout(r, 1000));
          }
        })
      : undefined;
    const nexts = [];
    for (let i = 0; i < NEXT_PASSES; i++) nexts.push(await measured(refresh));
    const nextPeak = Math.max(...nexts.map(n => n.peak));
    global.gc?.();
    const kept = process.memoryUsage().heapUsed - before.heapUsed;
    const next = `next pass ${spread(nexts.map(n => n.ms))}`;
    // What a next pass spends reading: the inventory again, and Kafka's share of it.
    const warm = [];
    for (let i = 0; i < NEXT_PASSES; i++) {
      warm.push((await measured(readInventory)).ms);
    }
    const listing = await listTopicsMs(brokers, NEXT_PASSES);
    console.log(
      [
        `${String(size).padStart(6)} topics, ${
          run.processing
            ? `with the catalog on ${run.database}`
            : `provider alone on ${run.database}${
                run.heapCapMb ? `, heap capped at ${run.heapCapMb} MB` : ''
              }`
        }:`,
        `inventory ${seconds(inventory.ms)} (${inventory.value} topics)`,
        `first pass ${seconds(first.ms)}`,
        ...(processed
          ? [
              processed.value >= size
                ? `processed by the catalog in ${seconds(processed.ms)}`
                : `catalog had processed ${processed.value} after ${PROCESS_WAIT_S} s`,
              `${next} (after that)`,
              `RSS idle ${mb(idle)}, peak in the first pass ${mb(
                first.peak,
              )}, while the catalog processes ${mb(
                processed.peak,
              )}, in the next passes ${mb(nextPeak)}`,
            ]
          : [
              next,
              `of which the inventory ${spread(
                warm,
              )}, of which Kafka's listTopics ${spread(listing)}`,
              `RSS idle ${mb(idle)}, peak in the first pass ${mb(
                first.peak,
              )}, in the next passes ${mb(nextPeak)}`,
              `heap kept between refreshes +${mb(kept)}`,
            ]),
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
}

async function main() {
  const only = process.env.BENCH_INGEST_SIZE;
  const onBrokers = process.env.BENCH_INGEST_BROKERS;
  const database = process.env.BENCH_INGEST_DATABASE;
  if (only && onBrokers && database) {
    await measure(Number(only), onBrokers.split(','), {
      database,
      processing: process.env.BENCH_INGEST_PROCESSING === 'true',
      heapCapMb: Number(process.env.BENCH_INGEST_HEAP_CAP ?? 0),
    });
    process.exit(0);
  }
  console.log(
    `node ${process.version}, ${cpus().length} cores; sizes ${SIZES.join(
      ', ',
    )}`,
  );
  if (DATABASES.includes('postgres')) benchPostgres('start');
  try {
    for (const size of SIZES) await runSize(size);
  } finally {
    if (DATABASES.includes('postgres')) {
      benchPostgres('stop');
      rmSync(PG.PG_DIR, { recursive: true, force: true });
    }
  }
}

/** A fresh cluster with `size` topics, measured with each database. */
async function runSize(size: number) {
  benchKafka('start', BROKERS);
  try {
    const brokers = benchKafka('brokers');
    const created = await measured(() =>
      createTopics(brokers.split(','), size),
    );
    console.log(
      `${String(size).padStart(6)} topics created in ${seconds(
        created.ms,
      )} on ${BROKERS} brokers`,
    );
    const runs: Run[] = [
      ...DATABASES.map(database => ({ database, processing: false })),
      ...(HEAP_CAPS.has(size)
        ? [
            {
              database: 'sqlite',
              processing: false,
              heapCapMb: HEAP_CAPS.get(size),
            },
          ]
        : []),
      ...DATABASES.map(database => ({ database, processing: true })),
    ];
    for (const run of runs) {
      const child = spawnSync(
        process.execPath,
        [
          ...process.execArgv,
          ...(run.heapCapMb ? [`--max-old-space-size=${run.heapCapMb}`] : []),
          ...process.argv.slice(1),
        ],
        {
          stdio: 'inherit',
          env: {
            ...process.env,
            BENCH_INGEST_SIZE: String(size),
            BENCH_INGEST_BROKERS: brokers,
            BENCH_INGEST_DATABASE: run.database,
            BENCH_INGEST_PROCESSING: String(run.processing),
            BENCH_INGEST_HEAP_CAP: String(run.heapCapMb ?? 0),
          },
        },
      );
      if (child.status !== 0) {
        throw new Error(
          `${size} topics (${JSON.stringify(run)}): exit ${child.status}`,
        );
      }
    }
  } finally {
    benchKafka('stop');
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
