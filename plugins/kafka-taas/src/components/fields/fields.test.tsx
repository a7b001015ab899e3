import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
  TestApiRegistry,
} from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import {
  createFieldValidation,
  Stepper,
} from '@backstage/plugin-scaffolder-react/alpha';
import { ComponentProps } from 'react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  DEFAULT_POLICY,
  KafkaTaasPolicy,
} from '@kafka-taas/plugin-kafka-taas-common';
import { kafkaTaasApiRef, KafkaTaasClient } from '../../api';
import { kafkaApprovalPreviewField, kafkaTopicNameField } from '.';
import { KafkaTopicNameValue } from './topicRequestFromForm';

type StepperProps = ComponentProps<typeof Stepper>;
type StepSchema = StepperProps['manifest']['steps'][number]['schema'];
type FormData = Parameters<
  typeof kafkaTopicNameField.validation
>[2]['formData'];

const policyUrl = 'http://localhost:7007/api/kafka-taas/policy';

const policy: KafkaTaasPolicy = {
  ...DEFAULT_POLICY,
  naming: {
    ...DEFAULT_POLICY.naming,
    domains: [...DEFAULT_POLICY.naming.domains, 'payments'],
  },
  environments: {
    dev: { cluster: 'local-dev', tier: 'dev' },
    prod: { cluster: 'local-dev', tier: 'prod' },
  },
  approvals: {
    ...DEFAULT_POLICY.approvals,
    roles: {
      'team-lead': { title: 'Team lead', groups: ['group:default/team-leads'] },
      platform: {
        title: 'Platform team',
        groups: ['group:default/platform-team'],
      },
      data: { title: 'Data governance', groups: [] },
      security: { title: 'Security', groups: ['group:default/security-team'] },
    },
  },
};

const NAME_PATTERN =
  'name must start with a lowercase letter, not "C" (allowed: lowercase letters, digits and hyphens, starting with a letter); got "Card-authorized".';

function newClient() {
  return new KafkaTaasClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: new MockFetchApi(),
  });
}

/** One page of a template, rendered by the scaffolder's own form with our two fields. */
function renderPage(
  properties: StepSchema,
  initialState: StepperProps['initialState'],
) {
  return renderInTestApp(
    <TestApiProvider apis={[[kafkaTaasApiRef, newClient()]]}>
      <Stepper
        manifest={{
          title: 'Create Kafka topic',
          steps: [{ title: 'Topic', schema: { type: 'object', properties } }],
        }}
        extensions={[
          // As plugin.ts registers them for the legacy frontend system.
          { ...kafkaTopicNameField, schema: kafkaTopicNameField.schema.schema },
          kafkaApprovalPreviewField,
        ]}
        initialState={initialState}
        onCreate={jest.fn()}
      />
    </TestApiProvider>,
  );
}

const topicField = {
  topic: { type: 'object', title: 'Topic', 'ui:field': 'KafkaTopicName' },
};
const approvalPage = {
  environment: { type: 'string', enum: ['dev', 'prod'] },
  criticality: { type: 'string', enum: ['low', 'medium', 'high', 'critical'] },
  approval: { type: 'null', 'ui:field': 'KafkaApprovalPreview' },
};

describe('scaffolder form fields', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  // jsdom has no scrolling; the scaffolder's stepper scrolls to the top of each page.
  beforeAll(() => {
    window.scrollTo = jest.fn();
  });
  beforeEach(() =>
    server.use(http.get(policyUrl, () => HttpResponse.json(policy))),
  );

  describe('KafkaTopicName', () => {
    it('previews the full topic name from its parts', async () => {
      await renderPage(topicField, {
        topic: {
          domain: 'banking',
          subdomain: 'payments',
          name: 'card-authorized',
        },
      });

      expect(
        await screen.findByTestId('kafka-topic-name-preview'),
      ).toHaveTextContent('banking.payments.card-authorized');
      expect(
        screen.queryByRole('list', { name: 'Policy violations' }),
      ).toBeNull();
    });

    it('shows the pattern violation as soon as an uppercase name is typed', async () => {
      await renderPage(topicField, {
        topic: { domain: 'banking', subdomain: 'payments' },
      });

      fireEvent.change(await screen.findByLabelText(/^Name/), {
        target: { value: 'Card-authorized' },
      });

      expect(screen.getByText(NAME_PATTERN)).toBeInTheDocument();
      expect(screen.getByTestId('kafka-topic-name-preview')).toHaveTextContent(
        'banking.payments.Card-authorized',
      );
    });

    it('offers the domains of the policy', async () => {
      await renderPage(topicField, {});

      fireEvent.mouseDown(
        await screen.findByRole('button', { name: /Domain/ }),
      );

      expect(
        screen.getAllByRole('option').map(option => option.textContent),
      ).toEqual([
        'banking',
        'marketing',
        'analytics',
        'operations',
        'payments',
      ]);
    });

    it('says what to do when the policy cannot be loaded', async () => {
      server.use(
        http.get(policyUrl, () => new HttpResponse(null, { status: 503 })),
      );

      await renderPage(topicField, {});

      expect(
        await screen.findByText(/The Kafka topic policy could not be loaded/),
      ).toBeInTheDocument();
      expect(
        screen.getByText(/Reload the page to try again/),
      ).toBeInTheDocument();
    });

    it('keeps the page from being submitted with a bad name', async () => {
      await renderPage(topicField, {
        topic: { domain: 'banking', name: 'Card-authorized' },
      });

      fireEvent.click(await screen.findByRole('button', { name: 'Review' }));

      // The scaffolder lists the validation's errors above the form and stays on the page.
      expect(
        await screen.findByText(`'Topic' ${NAME_PATTERN}`),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('button', { name: 'Review' }),
      ).toBeInTheDocument();
    });
  });

  describe('kafkaTopicNameField.validation', () => {
    const validate = async (
      value: KafkaTopicNameValue,
      formData: FormData = {},
    ) => {
      const validation = createFieldValidation();
      await kafkaTopicNameField.validation(value, validation, {
        apiHolder: TestApiRegistry.from([kafkaTaasApiRef, newClient()]),
        formData,
        schema: {},
      });
      return validation.__errors;
    };

    it('reports every violation of the name parts, required ones included', async () => {
      expect(await validate({ subdomain: 'Payments' })).toEqual([
        'domain is required (allowed: one of banking, marketing, analytics, operations, payments).',
        'subdomain must start with a lowercase letter, not "P" (allowed: lowercase letters, digits and hyphens, starting with a letter); got "Payments".',
        'name is required (allowed: lowercase letters, digits and hyphens, starting with a letter; 3-64 characters).',
      ]);
    });

    it('reports nothing for a compliant name, whatever the other fields hold', async () => {
      expect(
        await validate(
          { domain: 'banking', subdomain: 'payments', name: 'card-authorized' },
          { environment: 'qa', partitions: 0 },
        ),
      ).toEqual([]);
    });

    it('refuses when the policy cannot be loaded', async () => {
      server.use(
        http.get(policyUrl, () => new HttpResponse(null, { status: 503 })),
      );

      expect(await validate({ domain: 'banking', name: 'payments' })).toEqual([
        expect.stringMatching(/^The Kafka topic policy could not be loaded/),
      ]);
    });
  });

  describe('KafkaApprovalPreview', () => {
    it('names the roles a critical topic in prod needs, with their groups', async () => {
      await renderPage(approvalPage, {
        environment: 'prod',
        criticality: 'critical',
      });

      expect(
        await screen.findByText('Needs approval from Platform team + Security'),
      ).toBeInTheDocument();
      expect(
        screen.getByText('Platform team: group:default/platform-team'),
      ).toBeInTheDocument();
      expect(
        screen.getByText('Security: group:default/security-team'),
      ).toBeInTheDocument();
    });

    it('says a low-criticality topic in dev is provisioned at once', async () => {
      await renderPage(approvalPage, {
        environment: 'dev',
        criticality: 'low',
      });

      expect(
        await screen.findByText('Automatic: provisioned at once'),
      ).toBeInTheDocument();
    });

    it('asks for the environment before it can say', async () => {
      await renderPage(approvalPage, { criticality: 'high' });

      expect(
        await screen.findByText(
          'Choose an environment and a criticality to see who must approve.',
        ),
      ).toBeInTheDocument();
    });
  });
});
