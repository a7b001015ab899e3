import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  backendError,
  details,
  detailsUrl,
  devCluster,
  prodCluster,
  topic,
  topicEntity,
} from './__testUtils__/fixtures';
import { renderCard } from './__testUtils__/renderCard';
import { TopicOverviewCard } from './TopicOverviewCard';

const rowsOf = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .map(r => r.textContent);

describe('TopicOverviewCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('shows the topic, its owner and system as links, and each cluster’s settings', async () => {
    server.use(http.get(detailsUrl, () => HttpResponse.json(details())));

    await renderCard(<TopicOverviewCard />);

    const table = await screen.findByRole('table', { name: 'Clusters' });
    expect(rowsOf(table)).toEqual([
      'ClusterEnvironmentPartitionsReplication factorRetentionCleanup policyMin in-sync replicas',
      'local-devdev617 ddelete1',
      'local-prodprod12330 dcompact,delete2',
    ]);
    expect(within(table).getByText('7 d')).toHaveAttribute(
      'title',
      'retention.ms = 604800000',
    );
    expect(screen.getByText(topic)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'team-payments' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-payments',
    );
    expect(screen.getByRole('link', { name: 'payments' })).toHaveAttribute(
      'href',
      '/catalog/default/system/payments',
    );
    // No labels on the entity: from the ready requests, per environment where they differ.
    expect(screen.getByText('confidential')).toBeInTheDocument();
    expect(screen.getByText('critical (prod), high (dev)')).toBeInTheDocument();
    expect(screen.queryByText(/differs from what was approved/)).toBeNull();
    expect(screen.queryByText('Nobody owns this topic')).toBeNull();
  });

  it('takes classification and criticality from the entity’s labels first', async () => {
    server.use(http.get(detailsUrl, () => HttpResponse.json(details())));

    await renderCard(<TopicOverviewCard />, {
      ...topicEntity,
      metadata: {
        ...topicEntity.metadata,
        labels: {
          'kafka-taas/classification': 'restricted',
          'kafka-taas/criticality': 'medium',
        },
      },
      spec: { type: 'kafka-topic', owner: 'group:default/team-payments' },
    });

    expect(await screen.findByText('restricted')).toBeInTheDocument();
    expect(screen.getByText('medium')).toBeInTheDocument();
    expect(screen.getByText('Not part of a system')).toBeInTheDocument();
  });

  it('warns of drift with each field, both values, where they came from and what to do', async () => {
    const drift = [
      {
        cluster: 'local-prod',
        environment: 'prod',
        field: 'retention.ms',
        expected: '2592000000',
        live: '3600000',
        source: 'approved' as const,
      },
      {
        cluster: 'local-prod',
        environment: 'prod',
        field: 'min.insync.replicas',
        expected: '2',
        live: null,
        source: 'declared' as const,
      },
    ];
    server.use(
      http.get(detailsUrl, () =>
        HttpResponse.json(
          details({
            clusters: [devCluster, { ...prodCluster, drift }],
            drift,
          }),
        ),
      ),
    );

    await renderCard(<TopicOverviewCard />);

    const list = await screen.findByRole('list', { name: 'Drift' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map(i => i.textContent),
    ).toEqual([
      'local-prod (prod): retention.ms is 3600000 (1 h) on the broker; approved in its request: 2592000000 (30 d)',
      'local-prod (prod): min.insync.replicas is not set on the broker; declared in its catalog-info.yaml: 2',
    ]);
    expect(
      screen.getByText(
        'The live topic differs from what was approved or declared',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /What to do: change it back on the broker or request the change \(for a declared value, change the kafka-taas\/\* annotation in its catalog-info.yaml\)/,
      ),
    ).toBeInTheDocument();
  });

  it('says when nobody owns the topic and how to declare an owner', async () => {
    server.use(
      http.get(detailsUrl, () =>
        HttpResponse.json(
          details({
            owner: undefined,
            ownerSource: undefined,
            unowned: true,
            requests: [],
            clusters: [{ ...devCluster, quotas: undefined }],
          }),
        ),
      ),
    );

    await renderCard(<TopicOverviewCard />, {
      ...topicEntity,
      metadata: {
        ...topicEntity.metadata,
        annotations: {
          ...topicEntity.metadata.annotations,
          'kafka-taas/unowned': 'true',
        },
      },
      spec: { type: 'kafka-topic', owner: 'group:default/platform-team' },
    });

    expect(
      await screen.findByText('Nobody owns this topic'),
    ).toBeInTheDocument();
    expect(screen.getByText(/register it in the catalog/)).toBeInTheDocument();
    expect(screen.getByText(`metadata.name: ${topic}`)).toBeInTheDocument();
    expect(screen.getByText(/until\s+declared/)).toBeInTheDocument();
    expect(await screen.findAllByText('not set')).toHaveLength(2);
  });

  it('names an unreachable cluster and the sections it could not read, beside what it could', async () => {
    server.use(
      http.get(detailsUrl, () =>
        HttpResponse.json(
          details({
            clusters: [
              devCluster,
              {
                ...prodCluster,
                configs: [],
                errors: [
                  {
                    section: 'configs',
                    error: 'Timed out describing configs of the topic',
                  },
                ],
              },
            ],
            unreachableClusters: [
              {
                cluster: 'local-staging',
                environment: 'staging',
                error:
                  'Kafka cluster "local-staging" did not answer within 5000 ms',
              },
            ],
            errors: [{ section: 'catalog', error: 'catalog answered 503' }],
          }),
        ),
      ),
    );

    await renderCard(<TopicOverviewCard />);

    expect(
      await screen.findByText(
        'Warning: Kafka cluster local-staging (staging) could not be read: the topic may live there too',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /did not answer within 5000 ms\. Check that the cluster is up/,
      ),
    ).toBeVisible();
    expect(
      screen.getByText(
        'Warning: The configs of the topic on local-prod (prod) could not be read: retention, cleanup policy and min in-sync replicas are unknown there',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The catalog could not be checked for a declaration/),
    ).toBeInTheDocument();
    expect(rowsOf(screen.getByRole('table', { name: 'Clusters' }))).toEqual([
      'ClusterEnvironmentPartitionsReplication factorRetentionCleanup policyMin in-sync replicas',
      'local-devdev617 ddelete1',
      'local-prodprod123unknownunknownunknown',
    ]);
  });

  it('says where to look when no cluster, request or declaration knows the topic (404)', async () => {
    server.use(
      http.get(detailsUrl, () =>
        backendError(
          404,
          'NotFoundError',
          `Topic "${topic}" is on none of the configured Kafka clusters (local-dev), no topic request names it and no catalog entity declares it`,
        ),
      ),
    );

    await renderCard(<TopicOverviewCard />);

    expect(
      await screen.findByText(`Kafka TaaS does not know topic ${topic}`),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /no catalog entity declares it\. If it was requested just now, its request may still be waiting for approval or provisioning: retry in a moment; otherwise check the kafka-taas\/topic-name annotation/,
      ),
    ).toBeInTheDocument();
    // What the entity itself says still shows.
    expect(screen.getByText(topic)).toBeInTheDocument();
  });

  it('says who may see the topic when the caller may not (403)', async () => {
    server.use(
      http.get(detailsUrl, () =>
        backendError(
          403,
          'NotAllowedError',
          'You are not allowed to do this: permission kafka-taas.topic-request.read was denied',
        ),
      ),
    );

    await renderCard(<TopicOverviewCard />);

    expect(
      await screen.findByText('You may not see the clusters of this topic'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /was denied\. People granted the kafka-taas\.topic-request\.read permission can see it: ask your Backstage admins/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('shows the error and loads again on retry', async () => {
    let calls = 0;
    server.use(
      http.get(detailsUrl, () => {
        calls += 1;
        return calls === 1
          ? backendError(500, 'Error', 'the details service is restarting')
          : HttpResponse.json(details());
      }),
    );

    await renderCard(<TopicOverviewCard />);

    expect(
      (await screen.findAllByText(/the details service is restarting/)).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByText(/Could not read the clusters of this topic/),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(
      await screen.findByRole('table', { name: 'Clusters' }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/the details service is restarting/)).toBeNull();
    expect(calls).toBe(2);
  });
});
