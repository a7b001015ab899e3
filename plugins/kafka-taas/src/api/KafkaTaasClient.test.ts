import { MockFetchApi, mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ClusterStatus } from '@kafka-taas/plugin-kafka-taas-common';
import { KafkaTaasClient } from './KafkaTaasClient';

const baseUrl = 'http://localhost:7007/api/kafka-taas';

const cluster: ClusterStatus = {
  name: 'local',
  environment: 'dev',
  reachable: true,
  clusterId: 'abc',
  brokerCount: 1,
  checkedAt: '2024-01-01T00:00:00.000Z',
};

describe('KafkaTaasClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new KafkaTaasClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: new MockFetchApi(),
  });

  it('lists the clusters the backend reports', async () => {
    server.use(
      http.get(`${baseUrl}/clusters`, () =>
        HttpResponse.json({ items: [cluster] }),
      ),
    );

    await expect(client.listClusters()).resolves.toEqual([cluster]);
  });

  it('throws a ResponseError that names the status when the backend fails', async () => {
    server.use(
      http.get(`${baseUrl}/clusters`, () =>
        HttpResponse.json(
          {
            error: { name: 'Error', message: 'kaboom' },
            request: { method: 'GET', url: '/clusters' },
            response: { statusCode: 500 },
          },
          { status: 500, statusText: 'Internal Server Error' },
        ),
      ),
    );

    const error = await client.listClusters().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(500);
    expect(error.message).toMatch(/500/);
    expect(error.cause.message).toBe('kaboom');
  });
});
