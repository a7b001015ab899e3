import { Entity } from '@backstage/catalog-model';
import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  KafkaTopicClusterDetails,
  KafkaTopicDetails,
  KafkaTopicSchemaVersion,
} from '@kafka-taas/plugin-kafka-taas-common';
import { backendError } from '../topic/__testUtils__/fixtures';
import { renderCard as renderTopicCard } from '../topic/__testUtils__/renderCard';
import { TopicSchemasCard } from './TopicSchemasCard';

const baseUrl = 'http://localhost:7007/api/kafka-taas';
const topic = 'banking.payments.authorized';
const subject = `${topic}-value`;
const detailsUrl = `${baseUrl}/topics/${topic}`;
const versionUrl = `${baseUrl}/topics/${topic}/schemas/:subject/versions/:version`;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'banking-payments-authorized',
    annotations: { 'kafka-taas/topic-name': topic },
  },
  spec: { type: 'kafka-topic', owner: 'group:default/team-payments' },
};

const schemaV1 = JSON.stringify({
  type: 'record',
  name: 'Authorization',
  fields: [{ name: 'id', type: 'string' }],
});
const schemaV2 = JSON.stringify({
  type: 'record',
  name: 'Authorization',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amountCents', type: 'long', default: 0 },
  ],
});
const schemaV3 = JSON.stringify({
  type: 'record',
  name: 'Authorization',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amountCents', type: 'long', default: 0 },
    { name: 'currency', type: 'string', default: 'EUR' },
  ],
});

const versionBody = (
  version: number,
  schema: string,
  cluster = 'local-dev',
): KafkaTopicSchemaVersion => ({
  cluster,
  subject,
  version,
  id: 10 + version,
  schemaType: 'AVRO',
  schema,
});

const clusterDetails = (
  overrides: Partial<KafkaTopicClusterDetails> = {},
): KafkaTopicClusterDetails => ({
  cluster: 'local-dev',
  environment: 'dev',
  partitions: 3,
  replicationFactor: 1,
  configs: [],
  subjects: [
    {
      subject,
      versions: [1, 2, 3],
      compatibility: 'BACKWARD',
      latest: {
        version: 3,
        id: 13,
        schemaType: 'AVRO',
        schema: schemaV3,
      },
    },
  ],
  acls: [],
  drift: [],
  errors: [],
  ...overrides,
});

const details = (
  overrides: Partial<KafkaTopicDetails> = {},
): KafkaTopicDetails => ({
  name: topic,
  owner: 'group:default/team-payments',
  ownerSource: 'request',
  unowned: false,
  clusters: [clusterDetails()],
  drift: [],
  requests: [],
  unreachableClusters: [],
  errors: [],
  ...overrides,
});

/** The text of every line of the highlighted code block, as shown. */
const codeText = (region: HTMLElement) =>
  region.querySelector('pre code')?.textContent ?? '';

describe('TopicSchemasCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const versionReads: string[] = [];
  beforeEach(() => {
    versionReads.length = 0;
  });
  const versionsHandler = (status = 200) =>
    http.get(versionUrl, ({ params, request }) => {
      const cluster = new URL(request.url).searchParams.get('cluster');
      versionReads.push(`${params.subject} v${params.version} on ${cluster}`);
      if (status !== 200)
        return backendError(
          status,
          'ServiceUnavailableError',
          'Schema registry http://registry:8081 is unreachable (GET /subjects/x/versions/1): ECONNREFUSED',
        );
      const schema = { '1': schemaV1, '2': schemaV2, '3': schemaV3 }[
        String(params.version)
      ];
      return schema
        ? HttpResponse.json(versionBody(Number(params.version), schema))
        : backendError(
            404,
            'NotFoundError',
            `Subject "${subject}" has no version ${params.version}; its versions: 1, 2, 3`,
          );
    });

  const renderCard = () => renderTopicCard(<TopicSchemasCard />, entity);

  it('shows each subject with its versions and compatibility, and the latest schema pretty-printed without another read', async () => {
    server.use(
      http.get(detailsUrl, () => HttpResponse.json(details())),
      versionsHandler(),
    );

    await renderCard();

    const region = await screen.findByRole('region', {
      name: `${subject} on local-dev`,
    });
    expect(screen.getByText('local-dev (dev)')).toBeInTheDocument();
    expect(
      within(region).getByText('Compatibility BACKWARD · versions 1, 2, 3'),
    ).toBeInTheDocument();
    expect(within(region).getByLabelText('Version')).toHaveValue('3');
    expect(
      within(region).getByText('Version 3 · schema id 13 · AVRO'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(codeText(region)).toContain('"name": "currency",'),
    );
    expect(codeText(region)).toContain('  "fields": [');
    // The diff of the two newest versions needs version 2 only: the latest came with the details.
    await waitFor(() =>
      expect(versionReads).toEqual([`${subject} v2 on local-dev`]),
    );
  });

  it('shows the schema of the version chosen, read from the cluster’s registry', async () => {
    server.use(
      http.get(detailsUrl, () => HttpResponse.json(details())),
      versionsHandler(),
    );

    await renderCard();

    const region = await screen.findByRole('region', {
      name: `${subject} on local-dev`,
    });
    fireEvent.change(within(region).getByLabelText('Version'), {
      target: { value: '1' },
    });
    expect(
      await within(region).findByText('Version 1 · schema id 11 · AVRO'),
    ).toBeInTheDocument();
    await waitFor(() => expect(codeText(region)).not.toContain('amountCents'));
    expect(codeText(region)).toContain('"name": "Authorization"');
    expect(versionReads).toContain(`${subject} v1 on local-dev`);
  });

  it('diffs the two newest versions, and any two chosen, with added and removed lines marked', async () => {
    server.use(
      http.get(detailsUrl, () => HttpResponse.json(details())),
      versionsHandler(),
    );

    await renderCard();

    const region = await screen.findByRole('region', {
      name: `${subject} on local-dev`,
    });
    expect(within(region).getByLabelText('From')).toHaveValue('2');
    expect(within(region).getByLabelText('To')).toHaveValue('3');
    const diff = await within(region).findByLabelText(
      `Changes in ${subject} from version 2 to version 3`,
    );
    const added = () =>
      [...diff.querySelectorAll('ins')].map(l => l.textContent);
    const removed = () =>
      [...diff.querySelectorAll('del')].map(l => l.textContent);
    expect(removed()).toEqual([]);
    expect(added()).toEqual([
      '+     },',
      '+     {',
      '+       "name": "currency",',
      '+       "type": "string",',
      '+       "default": "EUR"',
    ]);
    expect(
      within(region).getByText('5 lines added, 0 lines removed.'),
    ).toBeInTheDocument();

    fireEvent.change(within(region).getByLabelText('From'), {
      target: { value: '3' },
    });
    fireEvent.change(within(region).getByLabelText('To'), {
      target: { value: '1' },
    });
    const reverse = await within(region).findByLabelText(
      `Changes in ${subject} from version 3 to version 1`,
    );
    expect(reverse.querySelectorAll('ins')).toHaveLength(0);
    expect(
      [...reverse.querySelectorAll('del')].map(l => l.textContent),
    ).toContain('-       "name": "currency",');

    fireEvent.change(within(region).getByLabelText('To'), {
      target: { value: '3' },
    });
    expect(
      await within(region).findByText('The two versions are the same.'),
    ).toBeInTheDocument();
  });

  it('says what a missing version means and retries the read', async () => {
    let fail = true;
    server.use(
      http.get(detailsUrl, () =>
        HttpResponse.json(
          details({
            clusters: [
              clusterDetails({
                subjects: [
                  {
                    ...clusterDetails().subjects[0],
                    versions: [1, 3, 4],
                    latest: {
                      version: 4,
                      id: 14,
                      schemaType: 'AVRO',
                      schema: schemaV3,
                    },
                  },
                ],
              }),
            ],
          }),
        ),
      ),
      http.get(versionUrl, ({ params }) =>
        fail
          ? backendError(
              404,
              'NotFoundError',
              `Subject "${subject}" has no version ${params.version} in the schema registry of Kafka cluster "local-dev"; its versions: 1, 4`,
            )
          : HttpResponse.json(versionBody(Number(params.version), schemaV2)),
      ),
    );

    await renderCard();

    const region = await screen.findByRole('region', {
      name: `${subject} on local-dev`,
    });
    expect(
      await within(region).findByText(
        `Could not read versions 3 and 4 of ${subject}: Subject "${subject}" has no version 3 in the schema registry of Kafka cluster "local-dev"; its versions: 1, 4`,
      ),
    ).toBeInTheDocument();
    fail = false;
    fireEvent.click(within(region).getByRole('button', { name: 'Retry' }));
    expect(
      await within(region).findByLabelText(
        `Changes in ${subject} from version 3 to version 4`,
      ),
    ).toBeInTheDocument();
  });

  it('says that a topic without a schema takes unchecked data, and how to register one', async () => {
    server.use(
      http.get(detailsUrl, () =>
        HttpResponse.json(
          details({ clusters: [clusterDetails({ subjects: [] })] }),
        ),
      ),
    );

    await renderCard();

    expect(
      await screen.findByText(
        'This topic has no schema in the registry: producers write unchecked data',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/kafka:schema:register scaffolder action/),
    ).toBeInTheDocument();
  });

  it('shows a registry that could not be read with its error and what to check, and retries', async () => {
    let registryDown = true;
    server.use(
      http.get(detailsUrl, () =>
        HttpResponse.json(
          registryDown
            ? details({
                clusters: [
                  clusterDetails(),
                  clusterDetails({
                    cluster: 'prod-eu',
                    environment: 'prod',
                    subjects: [],
                    errors: [
                      {
                        section: 'schemas',
                        error:
                          'Schema registry http://registry.prod:8081 is unreachable (GET /subjects/x/versions): ECONNREFUSED',
                      },
                    ],
                  }),
                ],
              })
            : details(),
        ),
      ),
      versionsHandler(),
    );

    await renderCard();

    expect(
      await screen.findByText(
        /The schema registry of prod-eu \(prod\) could not be read: its schemas are not shown/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /^Schema registry http:\/\/registry\.prod:8081 is unreachable \(GET \/subjects\/x\/versions\): ECONNREFUSED\. Check that the registry is up/,
      ),
    ).toBeInTheDocument();
    // The other cluster's schemas still show.
    expect(
      screen.getByRole('region', { name: `${subject} on local-dev` }),
    ).toBeInTheDocument();

    registryDown = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(
        screen.queryByText(/could not be read: its schemas are not shown/),
      ).not.toBeInTheDocument(),
    );
  });

  it('warns that an unreachable cluster may hold schemas too', async () => {
    server.use(
      http.get(detailsUrl, () =>
        HttpResponse.json(
          details({
            unreachableClusters: [
              {
                cluster: 'gone',
                environment: 'prod',
                error:
                  'Could not read topic on Kafka cluster "gone": connection refused by 10.0.0.1:9092',
              },
            ],
          }),
        ),
      ),
      versionsHandler(),
    );

    await renderCard();

    expect(
      await screen.findByText(
        /Kafka cluster gone \(prod\) could not be read: the topic may have schemas there too/,
      ),
    ).toBeInTheDocument();
  });

  it('shows a spinner while the details load', async () => {
    server.use(
      http.get(detailsUrl, async () => {
        await new Promise(r => setTimeout(r, 200));
        return HttpResponse.json(details());
      }),
      versionsHandler(),
    );

    await renderCard();

    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(
      await screen.findByRole('region', { name: `${subject} on local-dev` }),
    ).toBeInTheDocument();
  });

  it('shows an error with a retry, then the schemas once the backend answers', async () => {
    let failing = true;
    server.use(
      http.get(detailsUrl, () =>
        failing
          ? backendError(500, 'Error', 'database is locked')
          : HttpResponse.json(details()),
      ),
      versionsHandler(),
    );

    await renderCard();

    expect(
      await screen.findByText(/Could not read the schemas of this topic/),
    ).toBeInTheDocument();
    failing = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('region', { name: `${subject} on local-dev` }),
    ).toBeInTheDocument();
  });

  it('says when the caller may not read topics, and whom to ask', async () => {
    server.use(
      http.get(detailsUrl, () =>
        backendError(
          403,
          'NotAllowedError',
          'You are not allowed to do this: permission kafka-taas.topic-request.read was denied',
        ),
      ),
    );

    await renderCard();

    expect(
      await screen.findByText('You may not see the schemas of this topic'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /permission kafka-taas.topic-request.read was denied\. People granted the kafka-taas.topic-request.read permission can see it: ask your Backstage admins/,
      ),
    ).toBeInTheDocument();
  });

  it('says a topic on no cluster may still be in provisioning', async () => {
    server.use(
      http.get(detailsUrl, () =>
        backendError(
          404,
          'NotFoundError',
          `Topic "${topic}" is on none of the configured Kafka clusters (local-dev), no topic request names it and no catalog entity declares it`,
        ),
      ),
    );

    await renderCard();

    expect(
      await screen.findByText(`Kafka TaaS does not know topic ${topic}`),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/its request may still be waiting for approval/),
    ).toBeInTheDocument();
  });

  it('reads other versions from the registry of the cluster they are on', async () => {
    server.use(
      http.get(detailsUrl, () =>
        HttpResponse.json(
          details({
            clusters: [
              clusterDetails(),
              clusterDetails({ cluster: 'prod-eu', environment: 'prod' }),
            ],
          }),
        ),
      ),
      versionsHandler(),
    );

    await renderCard();

    const prod = await screen.findByRole('region', {
      name: `${subject} on prod-eu`,
    });
    fireEvent.change(within(prod).getByLabelText('Version'), {
      target: { value: '1' },
    });
    await within(prod).findByText('Version 1 · schema id 11 · AVRO');
    expect(versionReads).toContain(`${subject} v1 on prod-eu`);
  });
});
