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
  PolicyViolation,
  TopicRequestInput,
  TopicRequestPlan,
} from '@kafka-taas/plugin-kafka-taas-common';
import { kafkaTaasApiRef, KafkaTaasClient } from '../../api';
import {
  kafkaApprovalPreviewField,
  kafkaTopicNameField,
  kafkaTopicSchemaField,
} from '.';
import { KafkaTopicNameValue } from './topicRequestFromForm';

type StepperProps = ComponentProps<typeof Stepper>;
type StepSchema = StepperProps['manifest']['steps'][number]['schema'];
type FormData = Parameters<
  typeof kafkaTopicNameField.validation
>[2]['formData'];

const policyUrl = 'http://localhost:7007/api/kafka-taas/policy';
const planUrl = 'http://localhost:7007/api/kafka-taas/topic-requests/plan';

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

/** One page of a template, rendered by the scaffolder's own form with our fields. */
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
          {
            ...kafkaTopicSchemaField,
            schema: kafkaTopicSchemaField.schema.schema,
          },
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

const schemaPage = {
  schemaType: { type: 'string', enum: ['avro', 'json', 'protobuf', 'none'] },
  schema: {
    type: 'string',
    title: 'Value schema',
    'ui:field': 'KafkaTopicSchema',
  },
};

const GOOD_SCHEMA =
  '{"type": "record", "name": "CardAuthorized", "fields": [{"name": "id", "type": "string"}]}';
const BAD_SCHEMA = '{"type": "record", "name": "CardAuthorized"';
const PARSE_MESSAGE =
  'The value schema is not valid Avro: Unexpected end of JSON input';

/** What the earlier pages of the template hold by the time the Schema page shows. */
const earlierPages = {
  topic: { domain: 'payments', subdomain: 'cards', name: 'card-authorized' },
  owner: 'group:default/team-payments',
  description: 'Card authorizations from the payment gateway, one each.',
  environment: 'dev',
  partitions: 6,
  replicationFactor: 1,
  retentionPreset: 'operational-events',
  criticality: 'low',
};

const parseViolation: PolicyViolation = {
  field: 'schema.value',
  rule: 'parse',
  allowed: 'a valid Avro schema',
  message: PARSE_MESSAGE,
};
const topicExists: PolicyViolation = {
  field: 'name',
  rule: 'unique',
  allowed: 'a topic name not yet used on the cluster',
  message:
    'Topic payments.cards.card-authorized already exists on cluster local-dev (environment dev).',
};

/** The backend's plan of the request above: its verdict on `schema` and on the rest. */
function planOf(violations: PolicyViolation[], schema = GOOD_SCHEMA) {
  const plan: TopicRequestPlan = {
    violations,
    // As the backend: the schema is checked once every other field is valid; only the
    // topic-exists check comes after it.
    schemaChecked: violations.every(
      v => v.field.startsWith('schema') || v === topicExists,
    ),
    topicName: 'payments.cards.card-authorized',
    steps: [],
  };
  if (violations.length > 0) return plan;
  return {
    ...plan,
    resolved: {
      topicName: 'payments.cards.card-authorized',
      environment: 'dev',
      cluster: 'local-dev',
      tier: 'dev' as const,
      owner: 'group:default/team-payments',
      description: earlierPages.description,
      partitions: 6,
      replicationFactor: 1,
      retentionMs: 604800000,
      cleanupPolicy: 'delete' as const,
      classification: 'internal' as const,
      criticality: 'low' as const,
      quotaTier: 'bronze',
      configs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' },
      schema: {
        type: 'avro' as const,
        compatibility: 'BACKWARD' as const,
        subjects: { value: 'payments.cards.card-authorized-value' },
        value: schema,
      },
      consumers: [],
    },
  };
}

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

  describe('KafkaTopicSchema', () => {
    /** Answers the plan route with `answer` and keeps every request body it got. */
    function planRoute(answer: (body: TopicRequestInput) => Response) {
      const bodies: TopicRequestInput[] = [];
      server.use(
        http.post(planUrl, async ({ request }) => {
          const body = (await request.json()) as TopicRequestInput;
          bodies.push(body);
          return answer(body);
        }),
      );
      return bodies;
    }
    /** A backend that finds GOOD_SCHEMA fine and anything else unparsable. */
    const avroBackend = (body: TopicRequestInput) =>
      HttpResponse.json(
        body.schema?.value === GOOD_SCHEMA
          ? planOf([])
          : planOf([parseViolation]),
      );

    it('shows the parse violation the backend finds in the typed schema', async () => {
      const bodies = planRoute(avroBackend);
      await renderPage(schemaPage, {
        ...earlierPages,
        schemaType: 'avro',
        schema: GOOD_SCHEMA,
      });
      expect(
        await screen.findByText(/^Parses as Avro/, {}, { timeout: 3000 }),
      ).toBeInTheDocument();

      fireEvent.change(screen.getByRole('textbox', { name: /^Value schema/ }), {
        target: { value: BAD_SCHEMA },
      });

      expect(screen.getByText('Checking the schema…')).toBeInTheDocument();
      const violations = await screen.findByRole(
        'list',
        { name: 'Schema violations' },
        { timeout: 3000 },
      );
      expect(violations).toHaveTextContent(PARSE_MESSAGE);
      expect(screen.queryByText(/^Parses as Avro/)).toBeNull();
      // The whole form is planned, as the template's steps send it.
      expect(bodies[bodies.length - 1]).toEqual({
        domain: 'payments',
        subdomain: 'cards',
        name: 'card-authorized',
        environment: 'dev',
        owner: 'group:default/team-payments',
        description: earlierPages.description,
        partitions: 6,
        replicationFactor: 1,
        retentionPreset: 'operational-events',
        criticality: 'low',
        schema: { type: 'avro', value: BAD_SCHEMA },
      });
    });

    it('asks the backend once typing pauses, not at every key', async () => {
      const bodies = planRoute(avroBackend);
      await renderPage(schemaPage, {
        ...earlierPages,
        schemaType: 'avro',
        schema: GOOD_SCHEMA,
      });
      await screen.findByText(/^Parses as Avro/, {}, { timeout: 3000 });
      const input = screen.getByRole('textbox', { name: /^Value schema/ });

      for (const end of [10, 20, 30, BAD_SCHEMA.length]) {
        fireEvent.change(input, {
          target: { value: BAD_SCHEMA.slice(0, end) },
        });
      }

      await screen.findByRole(
        'list',
        { name: 'Schema violations' },
        { timeout: 3000 },
      );
      expect(bodies.map(body => body.schema?.value)).toEqual([
        GOOD_SCHEMA,
        BAD_SCHEMA,
      ]);
    });

    it('says the schema parses and is compatible, and nothing of the other fields', async () => {
      planRoute(() => HttpResponse.json(planOf([])));
      await renderPage(schemaPage, {
        ...earlierPages,
        schemaType: 'avro',
        schema: GOOD_SCHEMA,
      });

      expect(
        await screen.findByText(
          'Parses as Avro; compatible with subject payments.cards.card-authorized-value (BACKWARD compatibility).',
          {},
          { timeout: 3000 },
        ),
      ).toBeInTheDocument();
      expect(
        screen.queryByRole('list', { name: 'Schema violations' }),
      ).toBeNull();
    });

    it('leaves the violations of the other fields to them', async () => {
      planRoute(() => HttpResponse.json(planOf([topicExists])));
      await renderPage(schemaPage, {
        ...earlierPages,
        schemaType: 'avro',
        schema: GOOD_SCHEMA,
      });

      // The backend checked the schema before it found the topic taken.
      expect(
        await screen.findByText(
          'Parses as Avro; compatible with the schema registry.',
          {},
          { timeout: 3000 },
        ),
      ).toBeInTheDocument();
      expect(screen.queryByText(topicExists.message)).toBeNull();
    });

    it('says the schema is not checked yet while other pages have problems', async () => {
      const ownerMissing: PolicyViolation = {
        field: 'owner',
        rule: 'exists',
        allowed: 'a group in the catalog',
        message: 'owner group:default/team-payments is not in the catalog.',
      };
      planRoute(() => HttpResponse.json(planOf([ownerMissing])));
      await renderPage(schemaPage, {
        ...earlierPages,
        schemaType: 'avro',
        schema: GOOD_SCHEMA,
      });

      expect(
        await screen.findByText(/^Not checked yet/, {}, { timeout: 3000 }),
      ).toBeInTheDocument();
      expect(screen.queryByText(ownerMissing.message)).toBeNull();
      expect(screen.queryByText(/^Parses as/)).toBeNull();
    });

    it('keeps the page from being submitted with a schema that does not parse', async () => {
      planRoute(avroBackend);
      await renderPage(schemaPage, {
        ...earlierPages,
        schemaType: 'avro',
        schema: BAD_SCHEMA,
      });
      await screen.findByRole(
        'list',
        { name: 'Schema violations' },
        { timeout: 3000 },
      );

      fireEvent.click(screen.getByRole('button', { name: 'Review' }));

      expect(
        await screen.findByText(`'Value schema' ${PARSE_MESSAGE}`),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('button', { name: 'Review' }),
      ).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Create' })).toBeNull();
    });

    it('says the check is unavailable and lets the user go on when the backend is down', async () => {
      planRoute(() => HttpResponse.error());
      await renderPage(schemaPage, {
        ...earlierPages,
        schemaType: 'avro',
        schema: GOOD_SCHEMA,
      });

      expect(
        await screen.findByText(
          /^The schema could not be checked just now: .+\. You can go on: it is checked again when you click Create\.$/,
          {},
          { timeout: 3000 },
        ),
      ).toBeInTheDocument();

      fireEvent.click(screen.getByRole('button', { name: 'Review' }));

      expect(
        await screen.findByRole('button', { name: 'Create' }),
      ).toBeInTheDocument();
    });

    it('checks nothing and shows nothing for schema type none', async () => {
      const bodies = planRoute(avroBackend);
      await renderPage(schemaPage, {
        ...earlierPages,
        schemaType: 'none',
        schema: BAD_SCHEMA,
      });

      expect(
        await screen.findByRole('textbox', { name: /^Value schema/ }),
      ).toHaveValue(BAD_SCHEMA);
      expect(screen.queryByRole('status', { name: 'Schema check' })).toBeNull();

      fireEvent.click(screen.getByRole('button', { name: 'Review' }));

      expect(
        await screen.findByRole('button', { name: 'Create' }),
      ).toBeInTheDocument();
      expect(bodies).toEqual([]);
    });
  });

  describe('kafkaTopicSchemaField.validation', () => {
    const validate = async (value: string | undefined, formData: FormData) => {
      const validation = createFieldValidation();
      await kafkaTopicSchemaField.validation(value, validation, {
        apiHolder: TestApiRegistry.from([kafkaTaasApiRef, newClient()]),
        formData,
        schema: {},
      });
      return validation.__errors;
    };
    /** Answers the plan route with `plan` and keeps every request body it got. */
    const answerWith = (plan: TopicRequestPlan) => {
      const bodies: TopicRequestInput[] = [];
      server.use(
        http.post(planUrl, async ({ request }) => {
          bodies.push((await request.json()) as TopicRequestInput);
          return HttpResponse.json(plan);
        }),
      );
      return bodies;
    };

    it("adds the backend's schema violations, and only those", async () => {
      const bodies = answerWith(planOf([parseViolation, topicExists]));

      expect(
        await validate(BAD_SCHEMA, {
          ...earlierPages,
          schemaType: 'avro',
          schema: GOOD_SCHEMA,
        }),
      ).toEqual([PARSE_MESSAGE]);
      // The value being validated is checked, not what the form held before.
      expect(bodies.map(body => body.schema)).toEqual([
        { type: 'avro', value: BAD_SCHEMA },
      ]);
    });

    it('adds nothing for a schema the backend accepts', async () => {
      answerWith(planOf([]));

      expect(
        await validate(GOOD_SCHEMA, { ...earlierPages, schemaType: 'avro' }),
      ).toEqual([]);
    });

    it('does not block when the backend cannot be reached', async () => {
      server.use(
        http.post(planUrl, () => new HttpResponse(null, { status: 503 })),
      );

      expect(
        await validate(BAD_SCHEMA, { ...earlierPages, schemaType: 'avro' }),
      ).toEqual([]);
    });

    it('asks nothing for schema type none', async () => {
      const bodies = answerWith(planOf([parseViolation]));

      expect(
        await validate(BAD_SCHEMA, { ...earlierPages, schemaType: 'none' }),
      ).toEqual([]);
      expect(bodies).toEqual([]);
    });
  });
});
