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
  topicEntity,
} from './__testUtils__/fixtures';
import { renderCard } from './__testUtils__/renderCard';
import { TopicAccessCard } from './TopicAccessCard';

describe('TopicAccessCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('shows who can read and write on each cluster, every ACL, and the owner’s quota with its tier', async () => {
    server.use(http.get(detailsUrl, () => HttpResponse.json(details())));

    await renderCard(<TopicAccessCard />);

    const dev = await screen.findByRole('table', { name: 'ACLs on local-dev' });
    expect(
      within(dev)
        .getAllByRole('row')
        .map(r => r.textContent),
    ).toEqual([
      'PrincipalOperationPermissionResource patternHost',
      'User:payments-svcWRITEALLOWbanking.payments.authorized (this topic)any',
      'User:payments-svcREADALLOWbanking.payments.authorized (this topic)any',
      'User:data-svcREADALLOWbanking.payments.authorized (this topic)any',
      'User:audit-svcREADALLOWbanking.* (prefix)10.0.0.7',
    ]);
    const readers = screen.getAllByText('Can read:');
    expect(readers.map(r => r.parentElement?.textContent)).toEqual([
      'Can read: User:audit-svc, User:data-svc, User:payments-svc',
      'Can read: User:payments-svc',
    ]);
    expect(
      screen.getAllByText('Can write:').map(r => r.parentElement?.textContent),
    ).toEqual(['Can write: User:payments-svc', 'Can write: User:payments-svc']);

    const devQuota = screen.getByRole('list', {
      name: "Owner's quota on local-dev",
    });
    expect(
      within(devQuota)
        .getAllByRole('listitem')
        .map(i => i.textContent),
    ).toEqual(['Produce: 5 MiB/s', 'Consume: 10 MiB/s', 'Request time: 10%']);
    expect(within(devQuota).getByText('Produce: 5 MiB/s')).toHaveAttribute(
      'title',
      'producer_byte_rate = 5242880 bytes/s',
    );
    expect(
      within(screen.getByRole('list', { name: "Owner's quota on local-prod" }))
        .getAllByRole('listitem')
        .map(i => i.textContent),
    ).toEqual([
      'Produce: 20 MiB/s',
      'Consume: 40 MiB/s',
      'Request time: unlimited',
    ]);
    expect(
      screen.getByText(/\(User:payments-svc, bronze tier\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/\(User:payments-svc, silver tier\)/),
    ).toBeInTheDocument();
  });

  it('links to the access template with the topic picked', async () => {
    server.use(http.get(detailsUrl, () => HttpResponse.json(details())));

    await renderCard(<TopicAccessCard />);

    expect(
      screen.getByRole('button', { name: 'Request read access' }),
    ).toHaveAttribute(
      'href',
      '/create/templates/default/request-kafka-topic-access?formData=%7B%22topic%22%3A%22resource%3Adefault%2Fbanking.payments.authorized%22%7D',
    );
    expect(
      await screen.findByRole('table', { name: 'ACLs on local-dev' }),
    ).toBeInTheDocument();
  });

  it('picks the environment too when the topic lives in one only', async () => {
    server.use(http.get(detailsUrl, () => HttpResponse.json(details())));

    await renderCard(<TopicAccessCard />, {
      ...topicEntity,
      metadata: {
        ...topicEntity.metadata,
        annotations: {
          ...topicEntity.metadata.annotations,
          'kafka-taas/environments': 'prod',
        },
      },
    });

    expect(
      screen.getByRole('button', { name: 'Request read access' }),
    ).toHaveAttribute(
      'href',
      '/create/templates/default/request-kafka-topic-access?formData=%7B%22topic%22%3A%22resource%3Adefault%2Fbanking.payments.authorized%22%2C%22environment%22%3A%22prod%22%7D',
    );
    expect(
      await screen.findByRole('table', { name: 'ACLs on local-dev' }),
    ).toBeInTheDocument();
  });

  it('says which sections could not be read, when no ACL applies and when the owner has no principal', async () => {
    server.use(
      http.get(detailsUrl, () =>
        HttpResponse.json(
          details({
            clusters: [
              {
                ...devCluster,
                acls: [],
                quotas: undefined,
              },
              {
                ...prodCluster,
                acls: [],
                quotas: undefined,
                errors: [
                  { section: 'acls', error: 'Cluster authorization failed' },
                  {
                    section: 'quotas',
                    error: 'DescribeClientQuotas timed out',
                  },
                ],
              },
            ],
            unreachableClusters: [
              {
                cluster: 'local-staging',
                environment: 'staging',
                error: 'Connection refused',
              },
            ],
          }),
        ),
      ),
    );

    await renderCard(<TopicAccessCard />);

    expect(
      await screen.findByText(
        'Warning: The ACLs of the topic on local-prod (prod) could not be read: who can read and write it there is unknown',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Cluster authorization failed')).toBeVisible();
    expect(
      screen.getByText(
        "Warning: The owner's quotas of the topic on local-prod (prod) could not be read: the owner's limits there are unknown",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Warning: Kafka cluster local-staging (staging) could not be read: the topic may live there too',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No ACL applies to this topic on local-dev/),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/No ACL applies to this topic on local-prod/),
    ).toBeNull();
    expect(
      screen.getAllByText(/The owner group has no Kafka principal/),
    ).toHaveLength(1);
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('says who may see the topic’s access when the caller may not (403), keeping the request button', async () => {
    server.use(
      http.get(detailsUrl, () =>
        backendError(
          403,
          'NotAllowedError',
          'You are not allowed to do this: permission kafka-taas.topic-request.read was denied',
        ),
      ),
    );

    await renderCard(<TopicAccessCard />);

    expect(
      await screen.findByText('You may not see who can use this topic'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/kafka-taas\.topic-request\.read permission can see it/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Request read access' }),
    ).toBeInTheDocument();
  });

  it('shows the error and loads again on retry', async () => {
    let calls = 0;
    server.use(
      http.get(detailsUrl, () => {
        calls += 1;
        return calls === 1
          ? backendError(503, 'ServiceUnavailableError', 'backend is starting')
          : HttpResponse.json(details());
      }),
    );

    await renderCard(<TopicAccessCard />);

    expect(
      await screen.findByText(/Could not read who can use this topic/),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('table', { name: 'ACLs on local-dev' }),
    ).toBeInTheDocument();
    expect(calls).toBe(2);
  });
});
