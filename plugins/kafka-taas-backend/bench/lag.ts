/*
 * yarn bench:lag — consumer lag at scale: our lag endpoint, the community Kafka plugin
 * (@backstage-community/plugin-kafka-backend) and Kafka's own consumer-group tool, side by side
 * in one run, on one fresh throwaway broker (scripts/bench-kafka.sh, its own data directory,
 * 127.0.0.1:39092; the dev stack is untouched). Prints figures; not a timed test.
 *
 *   (a) one topic, 24 partitions, 200 consumer groups;
 *   (b) 500 topics × 6 partitions, 1,000 groups, each with committed offsets on 3 topics.
 *
 * Set-up: records produced to every partition (different amounts per partition, one empty
 * partition), offsets committed for every group at different positions through the admin API
 * (the groups then exist with no members), some partitions left without a commit. Both plugins
 * run in one Backstage test backend (ours and the community one, mock scheduler so no sampler
 * runs behind the figures) and are measured from outside over HTTP:
 *
 *   ours        (a) one GET /api/kafka-taas/topics/{topic}/lag;
 *               (b) GET /topics/{topic}/lag for each of the 500 topics, CONCURRENCY at a time;
 *   community   one GET /api/kafka/consumers/{cluster}/{group}/offsets per group (200; 1,000),
 *               CONCURRENCY at a time (its frontend fires every group of an entity at once with
 *               Promise.all; a browser then runs 6 requests per host at a time, hence 6);
 *   Kafka tool  one `ConsumerGroupCommand --describe --all-groups`, JVM start included.
 *
 * Then the check: every group/topic/partition's CURRENT-OFFSET, LOG-END-OFFSET and LAG of the
 * tool equal ours as strings ("-" for no commit is our null); exits non-zero on any difference.
 *
 * Env: RUNS (20, ours and the community plugin on a), RUNS_B (5, both on b), TOOL_RUNS (5),
 * CONCURRENCY (6), PAUSE_MS (2100: an untimed pause before each iteration, longer than our lag
 * cache's default 2-s TTL, so no iteration is answered from the previous one's cache),
 * SCENARIOS (a,b), BENCH_KAFKA_PORT, BENCH_KAFKA_DIR (default .local/bench-kafka-lag).
 */
import { execFile, execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import communityKafkaPlugin from '@backstage-community/plugin-kafka-backend/alpha';
import { KafkaTopicLag } from '@kafka-taas/plugin-kafka-taas-common';
import { Admin, Producer } from '@platformatic/kafka';
import request from 'supertest';
import { kafkaTaasPlugin } from '../src/plugin';
import { testOrg } from '../src/__testUtils__/testBackend';

const ROOT = resolve(__dirname, '../../..');
const RUNS = Number(process.env.RUNS ?? 20);
const RUNS_B = Number(process.env.RUNS_B ?? 5);
const TOOL_RUNS = Number(process.env.TOOL_RUNS ?? 5);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 6);
const PAUSE_MS = Number(process.env.PAUSE_MS ?? 2_100);
const SCENARIOS = (process.env.SCENARIOS ?? 'a,b').split(',');
const CLUSTER = 'bench';
const BENCH_ENV = {
  ...process.env,
  BENCH_KAFKA_DIR:
    process.env.BENCH_KAFKA_DIR ?? resolve(ROOT, '.local/bench-kafka-lag'),
};

const benchKafka = (...args: string[]) =>
  execFileSync(resolve(ROOT, 'scripts/bench-kafka.sh'), args, {
    cwd: ROOT,
    env: BENCH_ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();

const execFileAsync = promisify(execFile);

/** One partition of one topic as one group sees it; offsets as decimal strings, null: no commit. */
interface Row {
  group: string;
  topic: string;
  partition: number;
  current: string | null;
  logEnd: string;
  lag: string | null;
}

interface GroupPlan {
  id: string;
  topics: Array<{
    name: string;
    partitionOffsets: Array<{ partition: number; offset: bigint }>;
  }>;
}

interface Scenario {
  key: 'a' | 'b';
  title: string;
  topics: string[];
  partitions: number;
  /** Records produced to each partition of each topic. */
  records: Map<string, number[]>;
  groups: GroupPlan[];
  /** Runs of ours and the community plugin. */
  runs: number;
}

const rowKey = (group: string, topic: string, partition: number) =>
  `${group}\u0000${topic}\u0000${partition}`;

function percentile(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index]);
      }
    }),
  );
  return results;
}

/** One warm-up, then `runs` timed iterations; the rows of the last one. */
async function measure(runs: number, fn: () => Promise<Row[]>) {
  let rows = await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (PAUSE_MS > 0) await new Promise(r => setTimeout(r, PAUSE_MS));
    const started = performance.now();
    rows = await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((x, y) => x - y);
  return {
    runs,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    rows,
  };
}

type Measured = Awaited<ReturnType<typeof measure>>;

function scenarioA(): Scenario {
  const topic = 'bench.lag.a';
  const partitions = 24;
  // Partition 0 stays empty; the others hold 40 to 100 records.
  const counts = Array.from({ length: partitions }, (_, p) =>
    p === 0 ? 0 : 40 + ((p * 37) % 61),
  );
  const groups = Array.from({ length: 200 }, (_, g) => ({
    id: `bench.lag.a.group-${String(g).padStart(3, '0')}`,
    topics: [
      {
        name: topic,
        // No group commits on the last partition; each group skips a few more.
        partitionOffsets: counts
          .map((count, partition) => ({
            partition,
            offset: BigInt((g * 7 + partition * 3) % (count + 1)),
          }))
          .filter(
            ({ partition }) =>
              partition !== partitions - 1 && (g + partition) % 6 !== 0,
          ),
      },
    ],
  }));
  return {
    key: 'a',
    title: '(a) 1 topic × 24 partitions, 200 groups',
    topics: [topic],
    partitions,
    records: new Map([[topic, counts]]),
    groups,
    runs: RUNS,
  };
}

function scenarioB(): Scenario {
  const partitions = 6;
  const topics = Array.from(
    { length: 500 },
    (_, t) => `bench.lag.b.topic-${String(t).padStart(3, '0')}`,
  );
  const records = new Map(
    topics.map((topic, t) => [
      topic,
      Array.from(
        { length: partitions },
        (_, p) => 1 + (((t * partitions + p) * 13) % 47),
      ),
    ]),
  );
  const groups = Array.from({ length: 1000 }, (_, g) => ({
    id: `bench.lag.b.group-${String(g).padStart(4, '0')}`,
    topics: [0, 1, 2].map(k => {
      const name = topics[(g * 3 + k) % topics.length];
      const counts = records.get(name) ?? [];
      return {
        name,
        partitionOffsets: counts
          .map((count, partition) => ({
            partition,
            offset: BigInt((g * 5 + partition * 11 + k) % (count + 1)),
          }))
          .filter(({ partition }) => (g + partition + k) % 5 !== 0),
      };
    }),
  }));
  return {
    key: 'b',
    title: '(b) 500 topics × 6 partitions, 1,000 groups',
    topics,
    partitions,
    records,
    groups,
    runs: RUNS_B,
  };
}

async function setUp(brokers: string[], scenario: Scenario) {
  const admin = new Admin({
    clientId: 'bench-lag-setup',
    bootstrapBrokers: brokers,
    timeout: 120_000,
  });
  const producer = new Producer({
    clientId: 'bench-lag-producer',
    bootstrapBrokers: brokers,
    timeout: 120_000,
    // A retried produce (e.g. a partition whose leader is not known yet just after creation)
    // must not write its records twice: the log-end offsets are part of what is checked.
    idempotent: true,
  });
  try {
    for (let i = 0; i < scenario.topics.length; i += 100) {
      await admin.createTopics({
        topics: scenario.topics.slice(i, i + 100),
        partitions: scenario.partitions,
        replicas: 1,
      });
    }
    const deadline = Date.now() + 120_000;
    for (;;) {
      const listed = new Set(await admin.listTopics());
      if (scenario.topics.every(t => listed.has(t))) break;
      if (Date.now() > deadline) throw new Error('topics not listed in 120 s');
      await new Promise(r => setTimeout(r, 200));
    }

    const messages = [...scenario.records].flatMap(([topic, counts]) =>
      counts.flatMap((count, partition) =>
        Array.from({ length: count }, (_, i) => ({
          topic,
          partition,
          value: Buffer.from(`${topic}/${partition}/${i}`),
        })),
      ),
    );
    for (let i = 0; i < messages.length; i += 5_000) {
      await producer.send({ messages: messages.slice(i, i + 5_000) });
    }

    const written = await admin.listOffsets({
      topics: scenario.topics.map(name => ({
        name,
        partitions: Array.from({ length: scenario.partitions }, (_, p) => ({
          partitionIndex: p,
          timestamp: -1n, // latest
        })),
      })),
    });
    for (const topic of written) {
      const counts = scenario.records.get(topic.name) ?? [];
      for (const p of topic.partitions) {
        if (p.offset !== BigInt(counts[p.partitionIndex])) {
          throw new Error(
            `set-up: ${topic.name}/${p.partitionIndex} holds ${
              p.offset
            } records, ${counts[p.partitionIndex]} were produced`,
          );
        }
      }
    }

    await mapLimit(scenario.groups, 16, group =>
      admin.alterConsumerGroupOffsets({
        groupId: group.id,
        topics: group.topics,
      }),
    );
    return messages.length;
  } finally {
    await producer.close();
    await admin.close();
  }
}

async function tearDown(brokers: string[], scenario: Scenario) {
  const admin = new Admin({
    clientId: 'bench-lag-teardown',
    bootstrapBrokers: brokers,
    timeout: 120_000,
  });
  try {
    await admin.deleteGroups({ groups: scenario.groups.map(g => g.id) });
    await admin.deleteTopics({ topics: scenario.topics });
  } finally {
    await admin.close();
  }
}

async function startBackends(brokers: string[]) {
  const scheduler = mockServices.scheduler();
  return startTestBackend({
    features: [
      kafkaTaasPlugin,
      communityKafkaPlugin,
      mockServices.rootConfig.factory({
        data: {
          kafkaTaas: {
            clusters: [
              {
                name: CLUSTER,
                environment: 'dev',
                brokers,
                requestTimeoutMs: 60_000,
              },
            ],
            environments: { dev: { cluster: CLUSTER, tier: 'dev' } },
            policy: { replicationFactor: { default: 1, prodMin: 1 } },
          },
          kafka: {
            clientId: 'backstage-bench',
            clusters: [{ name: CLUSTER, brokers }],
          },
        },
      }),
      catalogServiceMock.factory({ entities: testOrg }),
      // Tasks run only when triggered: no sampler runs behind the figures.
      createServiceFactory({
        service: coreServices.scheduler,
        deps: {},
        factory: () => scheduler,
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
    ],
  });
}

type Server = Awaited<ReturnType<typeof startBackends>>['server'];

async function get(server: Server, path: string) {
  const res = await request(server)
    .get(path)
    .set('Authorization', mockCredentials.user.header());
  if (res.status !== 200) {
    throw new Error(`GET ${path}: ${res.status} ${res.text.slice(0, 500)}`);
  }
  return res.body;
}

async function oursTopic(server: Server, topic: string): Promise<Row[]> {
  const body: KafkaTopicLag = await get(
    server,
    `/api/kafka-taas/topics/${encodeURIComponent(
      topic,
    )}/lag?cluster=${CLUSTER}`,
  );
  return body.clusters.flatMap(cluster =>
    cluster.groups.flatMap(group =>
      group.partitions.map(p => ({
        group: group.group,
        topic,
        partition: p.partition,
        current: p.committedOffset,
        logEnd: p.logEndOffset,
        lag: p.lag,
      })),
    ),
  );
}

async function ours(server: Server, scenario: Scenario) {
  const perTopic = await mapLimit(scenario.topics, CONCURRENCY, topic =>
    oursTopic(server, topic),
  );
  return perTopic.flat();
}

interface CommunityOffsets {
  consumerId: string;
  offsets: Array<{
    topic: string;
    partitionId: number;
    groupOffset: string;
    topicOffset: string;
  }>;
}

async function community(server: Server, scenario: Scenario) {
  const perGroup = await mapLimit(
    scenario.groups,
    CONCURRENCY,
    async (group): Promise<Row[]> => {
      const body: CommunityOffsets = await get(
        server,
        `/api/kafka/consumers/${CLUSTER}/${encodeURIComponent(
          group.id,
        )}/offsets`,
      );
      // Its frontend subtracts JS numbers; exact here, for the check.
      return body.offsets.map(o => ({
        group: body.consumerId,
        topic: o.topic,
        partition: o.partitionId,
        current: o.groupOffset,
        logEnd: o.topicOffset,
        lag: (BigInt(o.topicOffset) - BigInt(o.groupOffset)).toString(),
      }));
    },
  );
  return perGroup.flat();
}

/** Kafka's tool: `GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID`. */
async function kafkaTool(kafkaHome: string, broker: string): Promise<Row[]> {
  const { stdout } = await execFileAsync(
    'java',
    [
      '-cp',
      `${kafkaHome}/libs/*`,
      'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
      '--bootstrap-server',
      broker,
      '--describe',
      '--all-groups',
    ],
    { maxBuffer: 512 * 1024 * 1024 },
  );
  const rows: Row[] = [];
  for (const line of stdout.split('\n')) {
    const cells = line.trim().split(/\s+/);
    if (cells.length < 6 || cells[0] === 'GROUP' || !/^\d+$/.test(cells[2])) {
      continue;
    }
    const [group, topic, partition, current, logEnd, lag] = cells;
    rows.push({
      group,
      topic,
      partition: Number(partition),
      current: current === '-' ? null : current,
      logEnd,
      lag: lag === '-' ? null : lag,
    });
  }
  return rows;
}

/**
 * Compares `rows` with the tool's, partition by partition, as exact strings. The tool does not
 * list a partition without a commit of a group without members: such rows of ours are counted
 * apart, not as differences.
 */
function compare(rows: Row[], tool: Row[], topics: Set<string>) {
  const theirs = new Map(
    tool
      .filter(r => topics.has(r.topic))
      .map(r => [rowKey(r.group, r.topic, r.partition), r]),
  );
  const differences: string[] = [];
  let identical = 0;
  let uncommittedNotListed = 0;
  const seen = new Set<string>();
  for (const row of rows) {
    const key = rowKey(row.group, row.topic, row.partition);
    seen.add(key);
    const other = theirs.get(key);
    const where = `${row.group} ${row.topic}/${row.partition}`;
    if (!other) {
      if (row.current === null) uncommittedNotListed++;
      else differences.push(`${where}: not listed by the tool`);
      continue;
    }
    const fields = ['current', 'logEnd', 'lag'] as const;
    const unequal = fields.filter(f => row[f] !== other[f]);
    if (unequal.length === 0) identical++;
    else {
      differences.push(
        `${where}: ${unequal
          .map(f => `${f} ${row[f] ?? '-'} vs tool ${other[f] ?? '-'}`)
          .join(', ')}`,
      );
    }
  }
  for (const [key, other] of theirs) {
    if (!seen.has(key)) {
      differences.push(
        `${other.group} ${other.topic}/${
          other.partition
        }: only in the tool (current ${other.current ?? '-'}, log end ${
          other.logEnd
        }, lag ${other.lag ?? '-'})`,
      );
    }
  }
  return { identical, uncommittedNotListed, differences };
}

/** What the set-up committed and produced: every committed partition, as the tools should read it. */
function expectedRows(scenario: Scenario): Map<string, Row> {
  const expected = new Map<string, Row>();
  for (const group of scenario.groups) {
    for (const topic of group.topics) {
      const counts = scenario.records.get(topic.name) ?? [];
      for (const { partition, offset } of topic.partitionOffsets) {
        const logEnd = BigInt(counts[partition]);
        expected.set(rowKey(group.id, topic.name, partition), {
          group: group.id,
          topic: topic.name,
          partition,
          current: offset.toString(),
          logEnd: logEnd.toString(),
          lag: (logEnd - offset).toString(),
        });
      }
    }
  }
  return expected;
}

const ms = (value: number) =>
  value >= 10_000
    ? `${(value / 1000).toFixed(1)} s`
    : `${value.toFixed(value < 10 ? 1 : 0)} ms`;

function printTable(
  results: Array<{ label: string; measured: Measured | undefined }>,
  oursMeasured: Measured | undefined,
) {
  console.log(
    `  ${'what'.padEnd(84)} ${'runs'.padStart(4)} ${'p50'.padStart(
      9,
    )} ${'p95'.padStart(9)}   ratio to ours (p50 / p95)`,
  );
  for (const { label, measured } of results) {
    if (!measured) {
      console.log(`  ${label.padEnd(84)}    -   not measured`);
      continue;
    }
    let ratio = '-';
    if (measured === oursMeasured) ratio = '1×';
    else if (oursMeasured) {
      ratio = `${(measured.p50 / oursMeasured.p50).toFixed(1)}× / ${(
        measured.p95 / oursMeasured.p95
      ).toFixed(1)}×`;
    }
    console.log(
      `  ${label.padEnd(84)} ${String(measured.runs).padStart(4)} ${ms(
        measured.p50,
      ).padStart(9)} ${ms(measured.p95).padStart(9)}   ${ratio}`,
    );
  }
}

async function runScenario(options: {
  scenario: Scenario;
  brokers: string[];
  server: Server;
  kafkaHome: string;
}): Promise<boolean> {
  const { scenario, brokers, server, kafkaHome } = options;
  const setUpStarted = performance.now();
  const produced = await setUp(brokers, scenario);
  const expected = expectedRows(scenario);
  const partitionCount = scenario.topics.length * scenario.partitions;
  console.log(
    `\n${scenario.title}: ${partitionCount} partitions, ${produced} records, ${
      expected.size
    } committed group partitions (set up in ${ms(
      performance.now() - setUpStarted,
    )})`,
  );

  // Ours may not be mounted yet while the lag engine is being written: say so, go on.
  let oursMeasured: Measured | undefined;
  let oursError: string | undefined;
  try {
    await oursTopic(server, scenario.topics[0]);
  } catch (error) {
    oursError = String(error);
  }
  if (!oursError)
    oursMeasured = await measure(scenario.runs, () => ours(server, scenario));
  const communityMeasured = await measure(scenario.runs, () =>
    community(server, scenario),
  );
  const toolMeasured = await measure(TOOL_RUNS, () =>
    kafkaTool(kafkaHome, brokers[0]),
  );

  const oneTopic = scenario.topics.length === 1;
  printTable(
    [
      {
        label: oneTopic
          ? 'ours: 1 × GET /topics/{topic}/lag'
          : `ours: ${scenario.topics.length} × GET /topics/{topic}/lag, ${CONCURRENCY} at a time`,
        measured: oursMeasured,
      },
      {
        label: `community plugin: ${scenario.groups.length} × GET /consumers/{cluster}/{group}/offsets, ${CONCURRENCY} at a time`,
        measured: communityMeasured,
      },
      {
        label: 'Kafka tool: ConsumerGroupCommand --describe --all-groups (JVM)',
        measured: toolMeasured,
      },
    ],
    oursMeasured,
  );
  if (oursError) console.log(`  ours not measured: ${oursError}`);

  const topics = new Set(scenario.topics);
  const tool = toolMeasured.rows.filter(r => topics.has(r.topic));
  // The tool against what the set-up wrote: a check of the check.
  const toolByKey = new Map(
    tool.map(r => [rowKey(r.group, r.topic, r.partition), r]),
  );
  const toolMisses = [...expected].filter(([key, e]) => {
    const t = toolByKey.get(key);
    return (
      !t || t.current !== e.current || t.logEnd !== e.logEnd || t.lag !== e.lag
    );
  });
  console.log(
    `  the tool against the set-up: ${expected.size - toolMisses.length} of ${
      expected.size
    } committed partitions as written`,
  );
  for (const [key, e] of toolMisses.slice(0, 5)) {
    const t = toolByKey.get(key);
    console.log(
      `    ${e.group} ${e.topic}/${e.partition}: written ${e.current}/${
        e.logEnd
      }/${e.lag}, tool ${t ? `${t.current}/${t.logEnd}/${t.lag}` : 'none'}`,
    );
  }
  const plugin = compare(communityMeasured.rows, tool, topics);
  console.log(
    `  community plugin against the tool: ${plugin.identical} identical, ${plugin.differences.length} different`,
  );
  if (!oursMeasured) {
    console.log('  CHECK (ours against the tool): not run, ours not measured');
    return false;
  }
  const check = compare(oursMeasured.rows, tool, topics);
  const oursCommitted = oursMeasured.rows.filter(r => r.current !== null);
  if (check.differences.length === 0) {
    console.log(
      `  CHECK ours against the tool: identical: ${check.identical} partitions (current offset, log-end offset, lag); ` +
        `ours also lists ${check.uncommittedNotListed} partitions without a commit (null), which the tool does not list for groups without members; ` +
        `ours has ${oursCommitted.length} committed partitions, the set-up wrote ${expected.size}`,
    );
  } else {
    console.log(
      `  CHECK ours against the tool: ${check.identical} identical, ${check.differences.length} DIFFERENT:`,
    );
    for (const line of check.differences.slice(0, 50)) {
      console.log(`    ${line}`);
    }
    if (check.differences.length > 50) {
      console.log(`    … and ${check.differences.length - 50} more`);
    }
  }
  return (
    check.differences.length === 0 && oursCommitted.length === expected.size
  );
}

async function main() {
  console.log(
    `node ${process.version}, ${
      cpus().length
    } cores; RUNS ${RUNS} (a), RUNS_B ${RUNS_B} (b), TOOL_RUNS ${TOOL_RUNS}, CONCURRENCY ${CONCURRENCY}, PAUSE_MS ${PAUSE_MS}; each after 1 warm-up`,
  );
  const kafkaHome = execFileSync(
    resolve(ROOT, 'scripts/local-stack.sh'),
    ['fetch', 'kafka'],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  )
    .trim()
    .split('\n')
    .at(-1);
  if (!kafkaHome)
    throw new Error('scripts/local-stack.sh fetch kafka: no path');
  benchKafka('start', '1');
  let ok = true;
  try {
    const brokers = benchKafka('brokers').split(',');
    const backend = await startBackends(brokers);
    try {
      for (const scenario of [scenarioA(), scenarioB()].filter(sc =>
        SCENARIOS.includes(sc.key),
      )) {
        ok =
          (await runScenario({
            scenario,
            brokers,
            server: backend.server,
            kafkaHome,
          })) && ok;
        // The next scenario's tool runs see only its own groups.
        await tearDown(brokers, scenario);
      }
    } finally {
      await Promise.race([
        backend.stop(),
        new Promise(r => setTimeout(r, 30_000).unref()),
      ]);
    }
  } finally {
    benchKafka('stop');
  }
  return ok;
}

main().then(
  // The test backend's scheduler keeps timers alive after stop(); the figures are printed.
  ok => process.exit(ok ? 0 : 1),
  error => {
    console.error(error);
    process.exit(1);
  },
);
