import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import path from 'node:path';
import catalogPlugin from '@backstage/plugin-catalog-backend';

// SQLite (the local default) and PostgreSQL (production; scripts/test.sh starts it and exports
// BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING, as TestDatabases expects).
const postgres = `POSTGRES_${process.env.KAFKA_TAAS_POSTGRES_MAJOR ?? '15'}` as TestDatabaseId;
const databases = TestDatabases.create({ ids: ['SQLITE_3', postgres] });

async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 300));
    value = await read();
  }
  return value;
}

describe('the portal backend on each supported database', () => {
  it.each(databases.eachSupportedId())(
    'runs the catalog on %s and serves the demo organisation',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          catalogPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                processingInterval: { seconds: 1 },
                locations: [
                  { type: 'file', target: path.resolve(__dirname, '../../../demo/org.yaml') },
                ],
                rules: [{ allow: ['User', 'Group', 'Location'] }],
              },
            },
          }),
        ],
      });

      const demoUsers = ['alice', 'bob', 'carol', 'dave'];
      const userNames = async (): Promise<string[]> => {
        const res = await request(server).get('/api/catalog/entities?filter=kind=user');
        return res.status === 200
          ? res.body.map((e: { metadata: { name: string } }) => e.metadata.name)
          : [];
      };
      // The catalog ingests in the background: poll until every demo user is there.
      const names = await pollUntil(userNames, n => demoUsers.every(u => n.includes(u)));
      expect(names).toEqual(expect.arrayContaining(demoUsers));
      expect(await knex.schema.hasTable('final_entities')).toBe(true);
    },
    60_000,
  );

  it('really uses PostgreSQL for the PostgreSQL case', async () => {
    expect(databases.eachSupportedId().map(([id]) => id)).toEqual(['SQLITE_3', postgres]);
    const knex = await databases.init(postgres);
    const { rows } = await knex.raw('select version()');
    expect(rows[0].version).toMatch(/^PostgreSQL /);
  });
});
