// Makes sure the demo topics exist on the local broker (scripts/dev.sh runs it; run it again at
// any time: it only creates what is missing):
//
// - banking.payments.settlements: declared by demo/topics/catalog-info.yaml (owned by
//   team-payments), read by the ledger component's consumer group (demo/entities.yaml);
// - operations.legacy.clickstream: declared by nobody, so the catalog shows it as unowned;
// - marketing.campaigns.email-events: declared by demo/topics/catalog-info.yaml (owned by
//   team-marketing), with consumer group crm-sync committed once and never moved again (while
//   scripts/demo-traffic.mjs runs, it is the demo's stopped group).
//
// Usage: node scripts/demo-topics.mjs   (KAFKA_PORT, default 9092: the PLAINTEXT listener)
const { Admin } = await import('@platformatic/kafka');

const broker = `127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`;
const DAY_MS = 24 * 3600 * 1000;

/** Each topic as its catalog-info.yaml declares it, where there is one. */
const topics = [
  {
    name: 'banking.payments.settlements',
    partitions: 3,
    configs: {
      'retention.ms': String(30 * DAY_MS),
      'cleanup.policy': 'delete',
    },
    // The ledger component's consumer group (kafka-taas/consumer-groups: local-dev/ledger).
    consumerGroup: 'ledger',
  },
  { name: 'operations.legacy.clickstream', partitions: 1, configs: {} },
  {
    name: 'marketing.campaigns.email-events',
    partitions: 2,
    configs: {
      // Demo traffic writes to it while the portal runs: keep one hour, in 10-minute segments
      // so that retention can actually drop them.
      'retention.ms': String(3600 * 1000),
      'segment.ms': String(600 * 1000),
      'cleanup.policy': 'delete',
    },
    consumerGroup: 'crm-sync',
  },
];

const admin = new Admin({
  clientId: 'kafka-taas-demo-topics',
  bootstrapBrokers: [broker],
});
try {
  const existing = new Set(await admin.listTopics());
  for (const topic of topics) {
    if (existing.has(topic.name)) {
      console.log(`demo topic ${topic.name}: already on ${broker}`);
    } else {
      await admin.createTopics({
        topics: [topic.name],
        partitions: topic.partitions,
        replicas: 1,
        configs: Object.entries(topic.configs).map(([name, value]) => ({
          name,
          value,
        })),
      });
      console.log(`demo topic ${topic.name}: created on ${broker}`);
    }
    if (!topic.consumerGroup) continue;
    // A committed offset is what tells the catalog the group reads the topic; set it once, so
    // a rerun never moves an offset a real consumer committed since.
    const [group] = await admin.listConsumerGroupOffsets({
      groups: [topic.consumerGroup],
    });
    const committed = group?.topics.some(
      t =>
        t.name === topic.name &&
        t.partitions.some(p => p.committedOffset >= 0n),
    );
    if (committed) continue;
    await admin.alterConsumerGroupOffsets({
      groupId: topic.consumerGroup,
      topics: [
        {
          name: topic.name,
          partitionOffsets: Array.from(
            { length: topic.partitions },
            (_, partition) => ({
              partition,
              offset: 0n,
            }),
          ),
        },
      ],
    });
    console.log(
      `demo consumer group ${topic.consumerGroup}: offsets committed on ${topic.name}`,
    );
  }
} catch (error) {
  console.error(
    `demo topics not ensured on ${broker}: ${
      error instanceof Error ? error.message : error
    }. Is the local stack running (scripts/local-stack.sh status)?`,
  );
  process.exitCode = 1;
} finally {
  await admin.close();
}
