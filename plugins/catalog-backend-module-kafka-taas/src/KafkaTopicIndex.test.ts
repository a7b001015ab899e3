import { mockServices } from '@backstage/backend-test-utils';
import { KafkaTopicInventory } from '@kafka-taas/plugin-kafka-taas-common';
import { KafkaTopicIndex } from './KafkaTopicIndex';

// What the provider and the processor share: the inventory, the declared topics and the API
// entities, with the kafka-taas backend faked.

const inventory = (...names: string[]): KafkaTopicInventory => ({
  items: names.map(name => ({ name, clusters: [], requests: [] })),
  unreachableClusters: [],
});

function setup(
  readInventory: () => Promise<KafkaTopicInventory> = async () =>
    inventory('banking.read'),
) {
  let now = Date.parse('2025-06-01T12:00:00Z');
  const logger = mockServices.logger.mock();
  const read = jest.fn(readInventory);
  const index = KafkaTopicIndex.create({
    source: { readInventory: read },
    logger,
    now: () => now,
  });
  return {
    index,
    logger,
    read,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('KafkaTopicIndex', () => {
  it('reads the inventory once before the provider sets one, however many ask at once', async () => {
    const { index, read } = setup();
    const [a, b] = await Promise.all([index.inventory(), index.inventory()]);
    expect(a).toEqual(inventory('banking.read'));
    expect(b).toBe(a);
    expect(await index.inventory()).toBe(a);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('answers with the provider’s inventory once set, without reading', async () => {
    const { index, read } = setup();
    index.setInventory(inventory('banking.provided'));
    expect(await index.inventory()).toEqual(inventory('banking.provided'));
    expect(read).not.toHaveBeenCalled();
  });

  it('finds a topic of the latest inventory by name', async () => {
    const { index, read } = setup();
    expect(await index.topic('banking.read')).toEqual({
      name: 'banking.read',
      clusters: [],
      requests: [],
    });
    index.setInventory(inventory('banking.a', 'banking.b'));
    expect((await index.topic('banking.b'))?.name).toBe('banking.b');
    expect(await index.topic('banking.read')).toBeUndefined();
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('finds the topics consumer groups have committed offsets on, each on its own cluster', async () => {
    const { index, read } = setup();
    const placement = (cluster: string, consumerGroups: string[]) => ({
      cluster,
      environment: 'dev',
      partitions: 1,
      replicationFactor: 1,
      consumerGroups,
    });
    index.setInventory({
      items: [
        {
          name: 'banking.a',
          clusters: [
            placement('dev', ['ledger']),
            placement('prod', ['audit']),
          ],
          requests: [],
        },
        {
          name: 'banking.b',
          clusters: [placement('dev', ['ledger', 'audit'])],
          requests: [],
        },
      ],
      unreachableClusters: [],
    });
    expect(
      await index.topicsReadBy([{ cluster: 'dev', group: 'ledger' }]),
    ).toEqual(new Set(['banking.a', 'banking.b']));
    expect(
      await index.topicsReadBy([
        { cluster: 'prod', group: 'audit' },
        { cluster: 'prod', group: 'ledger' },
      ]),
    ).toEqual(new Set(['banking.a']));
    expect(await index.topicsReadBy([])).toEqual(new Set());
    expect(read).not.toHaveBeenCalled();
  });

  it('is undefined with a warning when the inventory cannot be read, and reads again next time', async () => {
    let fail = true;
    const { index, logger, read } = setup(async () => {
      if (fail) throw new Error('connect ECONNREFUSED 127.0.0.1:7007');
      return inventory('banking.later');
    });
    expect(await index.inventory()).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      'Kafka topic inventory not read, declared topics are not linked to their clusters and components get no relations to topics until it is: connect ECONNREFUSED 127.0.0.1:7007',
    );
    fail = false;
    expect(await index.inventory()).toEqual(inventory('banking.later'));
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('lists the declared topics of the catalog and those the processor saw in the last 10 minutes', () => {
    const { index, advance } = setup();
    index.setDeclaredInCatalog(
      new Map([['banking.listed', 'resource:payments/listed']]),
    );
    index.noteDeclared('banking.failing', 'resource:default/banking.failing');
    // The catalog's ref wins over the processor's for the same topic.
    index.noteDeclared('banking.listed', 'resource:default/banking.listed');
    expect(index.declaredTopics()).toEqual(
      new Map([
        ['banking.listed', 'resource:payments/listed'],
        ['banking.failing', 'resource:default/banking.failing'],
      ]),
    );

    advance(10 * 60 * 1000 + 1);
    expect(index.declaredTopics()).toEqual(
      new Map([['banking.listed', 'resource:payments/listed']]),
    );
    expect(index.topicRef('banking.failing')).toBe(
      'resource:default/banking.failing',
    );
  });

  it('keeps a declaration the processor sees again and again', () => {
    const { index, advance } = setup();
    index.noteDeclared('banking.failing', 'resource:default/failing');
    advance(9 * 60 * 1000);
    index.noteDeclared('banking.failing', 'resource:default/failing');
    advance(9 * 60 * 1000);
    expect(index.declaredTopics()).toEqual(
      new Map([['banking.failing', 'resource:default/failing']]),
    );
  });

  it('gives a topic the ref of its declaration, else the one the provider gives it', () => {
    const { index } = setup();
    index.setDeclaredInCatalog(
      new Map([['banking.listed', 'resource:payments/listed']]),
    );
    index.noteDeclared('banking.seen', 'resource:team/seen');
    expect(index.topicRef('banking.listed')).toBe('resource:payments/listed');
    expect(index.topicRef('banking.seen')).toBe('resource:team/seen');
    expect(index.topicRef('banking.other')).toBe(
      'resource:default/banking.other',
    );
    // A name the catalog refuses as an entity name gets its shortened form.
    expect(index.topicRef(`banking.${'x'.repeat(80)}`)).toMatch(
      /^resource:default\/banking\.x+-[0-9a-f]{16}$/,
    );
  });

  it('knows the API entity of a topic only once the provider emitted it', () => {
    const { index } = setup();
    expect(index.apiRef('banking.card')).toBeUndefined();
    index.setApiEntities(
      new Map([['banking.card', 'api:default/banking.card']]),
    );
    expect(index.apiRef('banking.card')).toBe('api:default/banking.card');
    expect(index.apiRef('banking.other')).toBeUndefined();
    index.setApiEntities(new Map());
    expect(index.apiRef('banking.card')).toBeUndefined();
  });
});
