import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { topicEntityName } from '@kafka-taas/plugin-kafka-taas-common';
import request from 'supertest';
import { parse } from 'yaml';
import { startScaffolderBackend } from '../__testUtils__/scaffolderBackend';
import { uniqueTopicName } from '../__testUtils__/kafkaTaas';
import { avroV1 } from './__testUtils__/topicChanges';

// The change templates in the real scaffolder and catalog of Backstage's test backend (the harness
// of template.integration.test.ts), with the real kafka-taas backend, its catalog module and the
// kafka:* actions, on the real local Kafka and registry. The topic is made with the "Create Kafka
// topic" template, so its entity comes from the catalog module, as in the portal; the change
// templates then run as dry runs (see dryRun below).

const repoRoot = resolve(__dirname, '../../../..');

describe('the change templates in the scaffolder', () => {
  let backend: Awaited<ReturnType<typeof startScaffolderBackend>>;

  beforeAll(async () => {
    backend = await startScaffolderBackend();
    await backend.ready();
  }, 120_000);

  afterAll(() => backend?.stop());

  /**
   * Runs a template file as `user` in the scaffolder's dry run (`POST /v2/dry-run`, what the
   * template editor does): the scaffolder validates the template and the values against its
   * parameters, renders the steps and runs the actions with `isDryRun`, then renders the output.
   * (A file location cannot be registered through the catalog's API, so a real task of these
   * templates needs them in the harness's catalog config.)
   */
  async function dryRun(
    user: string,
    templateName: string,
    values: Record<string, unknown>,
  ) {
    const template = parse(
      readFileSync(
        resolve(repoRoot, `templates/${templateName}/template.yaml`),
        'utf8',
      ),
    );
    const res = await request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header(`user:default/${user}`))
      .send({ template, values, directoryContents: [] });
    return res;
  }

  /** A ready dev topic made by alice with the create template, and its catalog entity's ref. */
  async function readyTopic() {
    const name = uniqueTopicName('card-authorized');
    const created = await backend.runTemplate({
      topic: { domain: 'banking', subdomain: 'payments', name },
      owner: 'group:default/team-payments',
      description: 'Authorized card payments, one event per authorization.',
      environment: 'dev',
      partitions: 1,
      replicationFactor: 1,
      criticality: 'medium',
      schemaType: 'avro',
      schema: JSON.stringify(avroV1),
    });
    expect(created.status).toBe('completed');
    const topic = `banking.payments.${name}`;
    const entityName = topicEntityName(topic);
    await backend.until(
      `resource:default/${entityName} in the catalog`,
      () => backend.entity({ kind: 'resource', name: entityName }),
      30_000,
    );
    return { topic, entityRef: `resource:default/${entityName}` };
  }

  it('"Delete a Kafka topic": resolves the picked entity through the catalog, shows who would approve, changes nothing', async () => {
    const { topic, entityRef } = await readyTopic();
    const res = await dryRun('alice', 'delete-kafka-topic', {
      topic: entityRef,
      environment: 'dev',
      reason: 'Replaced by the v2 card events; no reader is left.',
      force: false,
    });
    expect(res.status).toBe(200);
    const log = logOf(res.body);
    expect(log).toContain(`${entityRef} is Kafka topic ${topic}`);
    expect(log).toContain(
      `Dry run: would ask to delete ${topic} (dev); it would wait for approval by Owning team (group:default/team-payments)`,
    );
    const text = res.body.output.text[0].content;
    expect(text).toContain(`**${topic}** (dev)`);
    expect(text).toContain('is `dry-run`');
    expect(text).toContain('- Owning team (group:default/team-payments)');
    expect(
      (await backend.requestsOfAlice(topic)).map(r => `${r.kind} ${r.status}`),
    ).toEqual(['create ready']);
  });

  it('"Request read access to a Kafka topic": the owning team cannot ask to read its own topic; the step fails naming the field and rule', async () => {
    const { topic, entityRef } = await readyTopic();
    const res = await dryRun('alice', 'request-kafka-topic-access', {
      topic: entityRef,
      environment: 'dev',
      group: 'group:default/team-payments',
      consumerGroup: 'payments.reader',
      reason: 'Our own replay job wants to read it again.',
    });
    // A failed step ends the dry run with its error. The policy says "already owns" only of a
    // topic it found, so the entity ref was resolved to the real topic through the catalog.
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      `The Kafka topic request breaks 1 policy rule:\ngroup: group already owns the topic (allowed: a group other than group:default/team-payments, which owns the topic and already reads it); got "group:default/team-payments".`,
    );
    expect(
      (await backend.requestsOfAlice(topic)).map(r => `${r.kind} ${r.status}`),
    ).toEqual(['create ready']);
  });
});

/** The messages of a dry run's log. */
function logOf(body: { log?: Array<{ body: { message: string } }> }) {
  return (body.log ?? []).map(l => l.body.message).join('\n');
}
