import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  ClusterStatus,
  DEFAULT_POLICY,
} from '@kafka-taas/plugin-kafka-taas-common';
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

  it('fetches the policy once and shares it between callers', async () => {
    let calls = 0;
    server.use(
      http.get(`${baseUrl}/policy`, () => {
        calls += 1;
        return HttpResponse.json(DEFAULT_POLICY);
      }),
    );

    await expect(client.getPolicy()).resolves.toEqual(DEFAULT_POLICY);
    await expect(client.getPolicy()).resolves.toEqual(DEFAULT_POLICY);
    expect(calls).toBe(1);
  });

  it('asks for the policy again after a failed fetch', async () => {
    const fresh = new KafkaTaasClient({
      discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
      fetchApi: new MockFetchApi(),
    });
    server.use(
      http.get(
        `${baseUrl}/policy`,
        () => new HttpResponse(null, { status: 503 }),
        {
          once: true,
        },
      ),
      http.get(`${baseUrl}/policy`, () => HttpResponse.json(DEFAULT_POLICY)),
    );

    await expect(fresh.getPolicy()).rejects.toBeInstanceOf(ResponseError);
    await expect(fresh.getPolicy()).resolves.toEqual(DEFAULT_POLICY);
  });
});
