// Demo traffic while the portal runs (scripts/dev.sh starts it in the background and stops it
// with the portal; never part of scripts/test.sh, whose demo data stays still):
//
// - a producer writes a few messages a second to each demo topic, in the Confluent wire format
//   of the topic's registered value schema (Avro or JSON Schema);
// - healthy consumer groups keep up (lag near 0);
// - settlement-reconciliation reads settlements slower than they are written: its lag grows and
//   the lag status turns `lagging` (and the banking.payments.* alert of app-config fires);
// - crm-sync (committed once by scripts/demo-topics.mjs) never moves: `stalled`, then `stopped`;
// - banking.cards.authorizations gets two hours' retention on the broker where its request
//   approved one: it shows as drifted.
//
// The prod topic banking.cards.authorizations is not created here: it is requested through the
// portal's own API as Alice (demo sign-in, low criticality, so approved at once), so it lives in
// the prod environment with a request, a schema and an audit trail, as a real one would. That
// needs the backend, so the request is retried until the backend answers.
//
// Idempotent: consumers resume from their committed offsets, schemas are registered once, the
// request is made only while the topic is missing. Topics written here keep one hour, in small
// segments, so that the disk does not fill. One log line a minute. Ctrl-C (or SIGTERM) stops it.
//
// Usage: node scripts/demo-traffic.mjs   (after scripts/demo-topics.mjs)
//   KAFKA_PORT (9092, PLAINTEXT), REGISTRY_PORT (8081), DEMO_BACKEND_URL (http://localhost:7007)
const {
  Admin,
  Consumer,
  ConfigResourceTypes,
  IncrementalAlterConfigOperationTypes,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  Producer,
} = await import('@platformatic/kafka');
const { default: avro } = await import('avsc');

const broker = `127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`;
const registry = `http://127.0.0.1:${
  process.env.REGISTRY_PORT ?? '8081'
}/apis/ccompat/v7`;
const backend = process.env.DEMO_BACKEND_URL ?? 'http://localhost:7007';
const HOUR_MS = 3600 * 1000;
const MINUTE_MS = 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Payloads

const pick = values => values[Math.floor(Math.random() * values.length)];
const id = prefix =>
  `${prefix}-${Date.now().toString(36)}${Math.random()
    .toString(36)
    .slice(2, 8)}`;
const merchants = Array.from(
  { length: 40 },
  (_, i) => `m-${String(1000 + i * 37)}`,
);
const currencies = ['EUR', 'EUR', 'EUR', 'GBP', 'USD', 'CHF'];

const settlementSchema = {
  type: 'record',
  name: 'Settlement',
  namespace: 'com.example.payments',
  doc: 'One settled card payment of a settlement batch.',
  fields: [
    { name: 'settlementId', type: 'string' },
    { name: 'batchId', type: 'string' },
    { name: 'merchantId', type: 'string' },
    {
      name: 'amountMinor',
      type: 'long',
      doc: 'Amount in minor units (cents)',
    },
    { name: 'currency', type: 'string', doc: 'ISO 4217' },
    {
      name: 'status',
      type: {
        type: 'enum',
        name: 'SettlementStatus',
        symbols: ['SETTLED', 'REVERSED', 'FAILED'],
      },
    },
    {
      name: 'settledAt',
      type: { type: 'long', logicalType: 'timestamp-millis' },
    },
  ],
};

const authorizationSchema = {
  type: 'record',
  name: 'CardAuthorization',
  namespace: 'com.example.cards',
  doc: 'The decision on one card authorization attempt.',
  fields: [
    { name: 'authorizationId', type: 'string' },
    { name: 'cardToken', type: 'string', doc: 'Tokenized PAN, never the PAN' },
    { name: 'merchantId', type: 'string' },
    { name: 'mcc', type: 'string', doc: 'Merchant category code' },
    { name: 'amountMinor', type: 'long' },
    { name: 'currency', type: 'string' },
    { name: 'approved', type: 'boolean' },
    { name: 'declineReason', type: ['null', 'string'], default: null },
    {
      name: 'authorizedAt',
      type: { type: 'long', logicalType: 'timestamp-millis' },
    },
  ],
};

const emailEventSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'EmailEvent',
  description: 'One delivery or engagement event of a campaign email.',
  type: 'object',
  properties: {
    eventId: { type: 'string' },
    campaignId: { type: 'string' },
    recipientHash: {
      type: 'string',
      description: 'SHA-256 of the address, never the address',
    },
    type: {
      type: 'string',
      enum: [
        'sent',
        'delivered',
        'opened',
        'clicked',
        'bounced',
        'unsubscribed',
      ],
    },
    occurredAt: { type: 'string', format: 'date-time' },
    link: { type: 'string' },
  },
  required: ['eventId', 'campaignId', 'recipientHash', 'type', 'occurredAt'],
  additionalProperties: false,
};

/**
 * The demo topics and how much they get a second. `request` topics are created through the
 * backend's API; the others by scripts/demo-topics.mjs.
 */
const topics = [
  {
    name: 'banking.payments.settlements',
    perSecond: 3,
    schema: { type: 'AVRO', definition: settlementSchema },
    // Declared with 30 days' retention (demo/topics/catalog-info.yaml): bound its size instead.
    bounds: {
      'segment.bytes': String(8 * 1024 * 1024),
      'retention.bytes': String(32 * 1024 * 1024),
    },
    next() {
      const merchantId = pick(merchants);
      return {
        key: merchantId,
        value: {
          settlementId: id('stl'),
          batchId: `batch-${new Date().toISOString().slice(0, 13)}`,
          merchantId,
          amountMinor: 100 + Math.floor(Math.random() * 250_000),
          currency: pick(currencies),
          status:
            Math.random() < 0.97 ? 'SETTLED' : pick(['REVERSED', 'FAILED']),
          settledAt: Date.now(),
        },
      };
    },
  },
  {
    name: 'banking.cards.authorizations',
    perSecond: 5,
    schema: { type: 'AVRO', definition: authorizationSchema },
    bounds: {
      'segment.ms': String(10 * MINUTE_MS),
      // Raised on the broker behind the request's back (it approved one hour): the demo's
      // drifted topic, on its page and on the Kafka page's Drifted topics tab.
      'retention.ms': String(2 * HOUR_MS),
    },
    request: {
      user: 'alice',
      input: {
        domain: 'banking',
        subdomain: 'cards',
        name: 'authorizations',
        environment: 'prod',
        owner: 'group:default/team-payments',
        system: 'system:default/payments',
        description:
          'Card authorization decisions from the payment gateway, one event per attempt (demo data).',
        partitions: 3,
        replicationFactor: 1,
        retentionMs: HOUR_MS,
        cleanupPolicy: 'delete',
        classification: 'confidential',
        criticality: 'low',
        schema: { type: 'avro', value: JSON.stringify(authorizationSchema) },
      },
    },
    next() {
      const approved = Math.random() < 0.92;
      const merchantId = pick(merchants);
      return {
        key: merchantId,
        value: {
          authorizationId: id('auth'),
          cardToken: `tok_${Math.random().toString(36).slice(2, 14)}`,
          merchantId,
          mcc: pick(['5411', '5812', '5999', '4111', '5732']),
          amountMinor: 50 + Math.floor(Math.random() * 40_000),
          currency: pick(currencies),
          approved,
          declineReason: approved
            ? null
            : pick(['insufficient_funds', 'suspected_fraud', 'expired_card']),
          authorizedAt: Date.now(),
        },
      };
    },
  },
  {
    name: 'marketing.campaigns.email-events',
    perSecond: 2,
    schema: { type: 'JSON', definition: emailEventSchema },
    next() {
      const type = pick([
        'sent',
        'sent',
        'delivered',
        'delivered',
        'opened',
        'clicked',
        'bounced',
        'unsubscribed',
      ]);
      const campaignId = pick(['spring-sale', 'card-upgrade', 'newsletter-42']);
      return {
        key: campaignId,
        value: {
          eventId: id('evt'),
          campaignId,
          recipientHash: Array.from({ length: 64 }, () =>
            Math.floor(Math.random() * 16).toString(16),
          ).join(''),
          type,
          occurredAt: new Date().toISOString(),
          ...(type === 'clicked' && {
            link: `https://example.com/${campaignId}`,
          }),
        },
      };
    },
  },
];

/** The groups that read while the traffic runs; crm-sync (stopped) is not among them. */
const groups = [
  // The ledger component's group (demo/entities.yaml): its page shows a healthy consumer.
  { group: 'ledger', topic: 'banking.payments.settlements' },
  // One message a second of the three written: lags more every minute.
  {
    group: 'settlement-reconciliation',
    topic: 'banking.payments.settlements',
    delayMs: 1000,
  },
  { group: 'fraud-scoring', topic: 'banking.cards.authorizations' },
  { group: 'campaign-analytics', topic: 'marketing.campaigns.email-events' },
];

// ---------------------------------------------------------------------------------------------
// Clients

const admin = new Admin({
  clientId: 'kafka-taas-demo-traffic',
  bootstrapBrokers: [broker],
});
const producer = new Producer({
  clientId: 'kafka-taas-demo-traffic',
  bootstrapBrokers: [broker],
});
const consumers = [];
const timers = [];
const produced = new Map();
const consumed = new Map();
let stopping = false;

const message = error =>
  error instanceof Error ? error.message : String(error);
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const count = (map, key, n = 1) => map.set(key, (map.get(key) ?? 0) + n);

/** Registers the value schema (once: the registry answers the same id for the same schema). */
async function schemaId(topic) {
  const subject = `${topic.name}-value`;
  const res = await fetch(`${registry}/subjects/${subject}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({
      schema: JSON.stringify(topic.schema.definition),
      ...(topic.schema.type !== 'AVRO' && { schemaType: topic.schema.type }),
    }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok || typeof body.id !== 'number') {
    throw new Error(
      `registry ${registry} refused the ${
        topic.schema.type
      } schema of ${subject}: HTTP ${res.status} ${JSON.stringify(body)}`,
    );
  }
  return body.id;
}

/** Confluent wire format: magic byte 0, the 4-byte schema id, then the encoded value. */
function encoder(topic, id) {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(id, 1);
  if (topic.schema.type === 'AVRO') {
    const type = avro.Type.forSchema(topic.schema.definition);
    return value => Buffer.concat([header, type.toBuffer(value)]);
  }
  return value => Buffer.concat([header, Buffer.from(JSON.stringify(value))]);
}

/** Sets the bounds that are not set yet (a rerun changes nothing). */
async function bound(topic) {
  if (!topic.bounds) return;
  const [described] = await admin.describeConfigs({
    resources: [
      {
        resourceType: ConfigResourceTypes.TOPIC,
        resourceName: topic.name,
        configurationKeys: Object.keys(topic.bounds),
      },
    ],
  });
  const current = new Map(
    (described?.configs ?? []).map(c => [c.name, c.value]),
  );
  const missing = Object.entries(topic.bounds).filter(
    ([name, value]) => current.get(name) !== value,
  );
  if (missing.length === 0) return;
  await admin.incrementalAlterConfigs({
    resources: [
      {
        resourceType: ConfigResourceTypes.TOPIC,
        resourceName: topic.name,
        configs: missing.map(([name, value]) => ({
          name,
          configOperation: IncrementalAlterConfigOperationTypes.SET,
          value,
        })),
      },
    ],
  });
  console.log(
    `demo traffic: ${topic.name} bounded (${missing
      .map(([name, value]) => `${name}=${value}`)
      .join(', ')})`,
  );
}

/**
 * Requests the topic through the backend as a demo user. True when the request was accepted or
 * one exists already; false while the backend does not answer (the caller retries).
 */
async function requestTopic(topic) {
  const { user, input } = topic.request;
  let token;
  try {
    const refresh = await fetch(
      `${backend}/api/auth/demo/refresh?env=development`,
      {
        headers: {
          'x-kafka-taas-demo-user': user,
          'x-requested-with': 'XMLHttpRequest',
        },
      },
    );
    if (!refresh.ok) return false; // the backend is starting
    token = (await refresh.json()).backstageIdentity?.token;
  } catch {
    return false; // not listening yet
  }
  if (!token) return false;
  const res = await fetch(`${backend}/api/kafka-taas/topic-requests`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(input),
  });
  const body = await res.json().catch(() => ({}));
  if (res.status === 202) {
    console.log(
      `demo traffic: requested ${topic.name} in ${input.environment} as ${user}: request ${body.id}, ${body.status}`,
    );
    return true;
  }
  if (res.status === 409) return true; // exists, or a request is open: provisioning will come
  // A refusal that a retry will not change (policy, permission): say it once, and give up.
  console.error(
    `demo traffic: the backend refused the request for ${topic.name} (HTTP ${
      res.status
    }): ${body.error?.message ?? JSON.stringify(body)}${
      body.violations
        ? `; ${body.violations.map(v => `${v.field}: ${v.message}`).join('; ')}`
        : ''
    }. The demo runs without it.`,
  );
  topic.abandoned = true;
  return true;
}

/** Produces to the topic once it exists, perSecond messages each second. */
async function produce(topic) {
  const encode = encoder(topic, await schemaId(topic));
  const tick = setInterval(() => {
    if (stopping) return;
    const messages = Array.from({ length: topic.perSecond }, () => {
      const { key, value } = topic.next();
      return {
        topic: topic.name,
        key: Buffer.from(key),
        value: encode(value),
      };
    });
    producer.send({ messages }).then(
      () => count(produced, topic.name, messages.length),
      error => count(produced, `${topic.name} (failed: ${message(error)})`),
    );
  }, 1000);
  timers.push(tick);
}

/** Reads with a real consumer group, committing each message; delayMs per message slows it. */
async function consume({ group, topic, delayMs = 0 }) {
  const consumer = new Consumer({
    clientId: `kafka-taas-demo-${group}`,
    groupId: group,
    bootstrapBrokers: [broker],
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
  });
  consumers.push(consumer);
  const stream = await consumer.consume({
    topics: [topic],
    mode: MessagesStreamModes.COMMITTED,
    // A new group starts at the end: its lag is what the demo makes it, not the backlog.
    fallbackMode: MessagesStreamFallbackModes.LATEST,
    autocommit: false,
  });
  consumer.demoStream = stream;
  for await (const record of stream) {
    if (stopping) break;
    if (delayMs > 0) await sleep(delayMs);
    if (stopping) break;
    await record.commit();
    count(consumed, group);
  }
}

/** Starts producing to and consuming from each topic when it exists; checks every 10 s. */
async function startTopic(topic) {
  let requested = false;
  let waitingLogged = false;
  while (!stopping && !topic.abandoned) {
    const exists = (await admin.listTopics()).includes(topic.name);
    if (exists) break;
    if (!topic.request) {
      throw new Error(
        `${topic.name} is missing on ${broker}: run scripts/demo-topics.mjs first`,
      );
    }
    if (!requested) requested = await requestTopic(topic);
    if (!requested && !waitingLogged) {
      console.log(
        `demo traffic: waiting for the backend at ${backend} to request ${topic.name}`,
      );
      waitingLogged = true;
    }
    await sleep(10_000);
  }
  if (stopping || topic.abandoned) return;
  await bound(topic);
  await produce(topic);
  await Promise.all(
    groups.filter(g => g.topic === topic.name).map(g => consume(g)),
  );
}

// ---------------------------------------------------------------------------------------------
// Run

async function stop(signal) {
  if (stopping) return; // Ctrl-C and dev.sh's SIGTERM both arrive: one stop
  stopping = true;
  // Leaving the groups takes a moment; never hang the terminal on it.
  setTimeout(() => process.exit(1), 10_000).unref();
  console.log(`demo traffic: stopping (${signal})`);
  timers.forEach(timer => clearInterval(timer));
  await Promise.allSettled(
    consumers.map(async consumer => {
      await consumer.demoStream?.close();
      await consumer.close(true);
    }),
  );
  await Promise.allSettled([producer.close(), admin.close()]);
  process.exit();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

function report() {
  const line = map =>
    [...map.entries()].map(([name, n]) => `${name} ${n}`).join(', ') ||
    'nothing';
  console.log(
    `demo traffic, last minute: produced ${line(produced)}; consumed ${line(
      consumed,
    )}`,
  );
  produced.clear();
  consumed.clear();
}
timers.push(setInterval(report, MINUTE_MS));

console.log(
  `demo traffic on ${broker}: ${topics
    .map(t => `${t.name} ${t.perSecond}/s`)
    .join(', ')}; groups ${groups
    .map(g => `${g.group}${g.delayMs ? ' (slow)' : ''}`)
    .join(', ')}, crm-sync stopped`,
);
const results = await Promise.allSettled(
  topics.map(topic =>
    startTopic(topic).catch(error => {
      if (!stopping) {
        console.error(
          `demo traffic on ${topic.name} stopped: ${message(error)}`,
        );
      }
      throw error;
    }),
  ),
);
// Every topic failed: nothing keeps running.
if (!stopping && results.every(r => r.status === 'rejected')) {
  process.exitCode = 1;
  await stop('every topic failed');
}
