import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ClusterStatus } from '@kafka-taas/plugin-kafka-taas-common';
import { kafkaTaasApiRef, KafkaTaasClient } from '../../api';
import { ClustersPage } from './ClustersPage';

const clustersUrl = 'http://localhost:7007/api/kafka-taas/clusters';

const reachable: ClusterStatus = {
  name: 'payments-dev',
  environment: 'dev',
  reachable: true,
  clusterId: 'MkU3OEVBNTcwNTJENDM2Qk',
  brokerCount: 3,
  brokers: [
    { id: 1, host: 'kafka-1', port: 9092 },
    { id: 2, host: 'kafka-2', port: 9092 },
    { id: 3, host: 'kafka-3', port: 9092 },
  ],
  controller: { id: 2, host: 'kafka-2', port: 9092 },
  checkedAt: '2024-01-01T00:00:00.000Z',
};

const unreachable: ClusterStatus = {
  name: 'payments-prod',
  environment: 'prod',
  reachable: false,
  error: 'Connection refused at kafka-prod:9092',
  checkedAt: '2024-01-01T00:00:00.000Z',
};

describe('ClustersPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const renderPage = () =>
    renderInTestApp(
      <TestApiProvider
        apis={[
          [
            kafkaTaasApiRef,
            new KafkaTaasClient({
              discoveryApi: mockApis.discovery({
                baseUrl: 'http://localhost:7007',
              }),
              fetchApi: new MockFetchApi(),
            }),
          ],
        ]}
      >
        <ClustersPage />
      </TestApiProvider>,
    );

  it('shows reachable and unreachable clusters', async () => {
    server.use(
      http.get(clustersUrl, () =>
        HttpResponse.json({ items: [reachable, unreachable] }),
      ),
    );

    await renderPage();

    expect(
      screen.getByRole('heading', { level: 1, name: 'Kafka' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('payments-dev')).toBeInTheDocument();
    expect(screen.getByText('Reachable')).toBeInTheDocument();
    expect(screen.getByText('2 (kafka-2:9092)')).toBeInTheDocument();
    expect(screen.getByText('MkU3OEVBNTcwNTJENDM2Qk')).toBeInTheDocument();
    expect(screen.getByText('3')).toBeInTheDocument();

    expect(screen.getByText('payments-prod')).toBeInTheDocument();
    expect(screen.getByText('Unreachable')).toBeInTheDocument();
    expect(
      screen.getByText('Connection refused at kafka-prod:9092'),
    ).toBeInTheDocument();
  });

  it('tells the user how to configure clusters when there are none', async () => {
    server.use(http.get(clustersUrl, () => HttpResponse.json({ items: [] })));

    await renderPage();

    expect(
      await screen.findByText('No Kafka clusters configured'),
    ).toBeInTheDocument();
    expect(screen.getByText('kafkaTaas.clusters')).toBeInTheDocument();
    expect(screen.getByText('docs/configuration.md')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows an error when the backend fails', async () => {
    server.use(
      http.get(clustersUrl, () =>
        HttpResponse.json(
          {
            error: { name: 'Error', message: 'database is down' },
            request: { method: 'GET', url: '/clusters' },
            response: { statusCode: 500 },
          },
          { status: 500, statusText: 'Internal Server Error' },
        ),
      ),
    );

    await renderPage();

    expect(
      (await screen.findAllByText(/database is down/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
