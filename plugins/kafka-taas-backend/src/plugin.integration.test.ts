import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { kafkaTaasPlugin } from './plugin';
import { localClusterConfig } from './__testUtils__/localStack';

// The real plugin in Backstage's test backend, against the broker started by scripts/test.sh.
describe('GET /api/kafka-taas/clusters', () => {
  async function startWith(clusters: object[]) {
    const { server } = await startTestBackend({
      features: [
        kafkaTaasPlugin,
        mockServices.rootConfig.factory({ data: { kafkaTaas: { clusters } } }),
      ],
    });
    return server;
  }

  it('reports a reachable cluster with its brokers and controller, read live', async () => {
    const server = await startWith([localClusterConfig('local-dev', 'dev')]);
    const res = await request(server).get('/api/kafka-taas/clusters');

    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    const [cluster] = res.body.items;
    expect(cluster).toMatchObject({
      name: 'local-dev',
      environment: 'dev',
      reachable: true,
      brokerCount: 1,
      controller: { id: 1, host: '127.0.0.1' },
    });
    expect(cluster.clusterId).toMatch(/^[\w-]{22}$/);
    expect(cluster.brokers[0].port).toBe(
      Number(process.env.KAFKA_SASL_PORT ?? 9094),
    );
  });

  it('reports an unreachable cluster as unreachable with the reason, not as a 500', async () => {
    const server = await startWith([
      localClusterConfig('local-dev', 'dev'),
      {
        name: 'gone-prod',
        environment: 'prod',
        brokers: ['127.0.0.1:1'],
        requestTimeoutMs: 2000,
      },
    ]);
    const res = await request(server).get('/api/kafka-taas/clusters');

    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { name: string }) => c.name)).toEqual([
      'local-dev',
      'gone-prod',
    ]);
    expect(res.body.items[0].reachable).toBe(true);
    expect(res.body.items[1]).toMatchObject({
      name: 'gone-prod',
      environment: 'prod',
      reachable: false,
      error: 'connection refused by 127.0.0.1:1',
    });
    expect(res.body.items[1].brokerCount).toBeUndefined();
  });

  it('never returns credentials', async () => {
    const server = await startWith([localClusterConfig('local-dev', 'dev')]);
    const res = await request(server).get('/api/kafka-taas/clusters');
    expect(JSON.stringify(res.body)).not.toContain(
      localClusterConfig().sasl.password,
    );
  });

  it('refuses to start on a misconfigured cluster, naming the key', async () => {
    await expect(
      startWith([{ name: 'bad', environment: 'dev', brokers: ['no-port'] }]),
    ).rejects.toThrow(
      'kafkaTaas.clusters[0].brokers entry "no-port" is not host:port',
    );
  });
});
