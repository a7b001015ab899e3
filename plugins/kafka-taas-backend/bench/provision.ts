/*
 * yarn bench:provision — from request to every step done, for an auto-approved dev request on
 * the local broker and registry. Prints figures; not a test. Runs the real plugin in Backstage's
 * test backend (SQLite, in-memory catalog of the demo org), measured from outside over HTTP.
 */
import request from 'supertest';
import { as, startKafkaTaasBackend } from '../src/__testUtils__/testBackend';
import { uniqueName } from '../src/__testUtils__/localStack';

const RUNS = Number(process.env.RUNS ?? 20);

const schema = JSON.stringify({
  type: 'record',
  name: 'BenchEvent',
  fields: [{ name: 'id', type: 'string' }],
});

function percentile(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function main() {
  const backend = await startKafkaTaasBackend();
  const total: number[] = [];
  const server: number[] = [];
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      const started = performance.now();
      const res = await request(backend.server)
        .post('/api/kafka-taas/topic-requests')
        .set('Authorization', as('alice'))
        .send({
          domain: 'operations',
          subdomain: 'bench',
          name: uniqueName('prov').replace(/[^a-z0-9-]/g, ''),
          environment: 'dev',
          owner: 'group:default/team-payments',
          description: 'Provisioning benchmark topic, safe to delete.',
          partitions: 6,
          schema: { type: 'avro', value: schema },
        });
      if (res.status !== 202)
        throw new Error(
          `request refused: ${res.status} ${JSON.stringify(res.body)}`,
        );
      let body;
      for (;;) {
        body = (
          await request(backend.server)
            .get(`/api/kafka-taas/topic-requests/${res.body.id}`)
            .set('Authorization', as('alice'))
        ).body;
        if (['ready', 'failed'].includes(body.request.status)) break;
        await new Promise(r => setTimeout(r, 2));
      }
      const elapsed = performance.now() - started;
      if (body.request.status !== 'ready')
        throw new Error(`provisioning failed: ${body.request.error}`);
      if (i === 0) continue; // warm-up: first connections to broker and registry
      total.push(elapsed);
      const events = body.events as Array<{ type: string; at: string }>;
      server.push(
        Date.parse(events[events.length - 1].at) - Date.parse(events[0].at),
      );
    }
  } finally {
    await backend.stop();
  }
  const report = (label: string, values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    console.log(
      `${label.padEnd(44)} median ${percentile(sorted, 50).toFixed(
        0,
      )} ms   p95 ${percentile(sorted, 95).toFixed(
        0,
      )} ms   min ${sorted[0].toFixed(0)} ms   max ${sorted[
        sorted.length - 1
      ].toFixed(0)} ms`,
    );
  };
  console.log(
    `provisioning benchmark: ${RUNS} auto-approved dev requests (6 partitions, Avro schema, ACLs, quotas), after 1 warm-up`,
  );
  report('POST /topic-requests → GET says ready', total);
  report('created → ready (audit trail timestamps)', server);
}

main().then(
  // The test backend's scheduler keeps timers alive after stop(); the figures are printed.
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
