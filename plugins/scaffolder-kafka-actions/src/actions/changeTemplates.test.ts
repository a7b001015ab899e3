import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ScaffolderEntitiesProcessor } from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { parse } from 'yaml';
import { scaffolderKafkaModule } from '../module';

// The templates that change existing topics, checked as the catalog validates a Template and
// against the actions this module registers.

const TEMPLATES = {
  'request-kafka-topic-access': {
    title: 'Request read access to a Kafka topic',
    action: 'kafka:acl:grant',
  },
  'delete-kafka-topic': {
    title: 'Delete a Kafka topic',
    action: 'kafka:topic:delete',
  },
};

function loadTemplate(name: string) {
  return parse(
    readFileSync(
      resolve(__dirname, `../../../../templates/${name}/template.yaml`),
      'utf8',
    ),
  ) as Entity & {
    spec: {
      parameters: Array<{
        properties: Record<string, Record<string, unknown>>;
      }>;
      steps: Array<{
        id: string;
        action: string;
        input: Record<string, unknown>;
      }>;
    };
  };
}

/** The actions the module adds to the scaffolder. */
async function registeredActions(): Promise<TemplateAction[]> {
  const added: TemplateAction[] = [];
  const backend = await startTestBackend({
    extensionPoints: [
      [
        scaffolderActionsExtensionPoint,
        {
          addActions: (...actions: TemplateAction[]) => added.push(...actions),
        },
      ],
    ],
    features: [
      scaffolderKafkaModule,
      mockServices.rootConfig.factory({
        data: { app: { baseUrl: 'http://localhost:3000' } },
      }),
    ],
  });
  await backend.stop();
  return added;
}

describe.each(Object.entries(TEMPLATES))('templates/%s', (name, expected) => {
  const template = loadTemplate(name);

  it('is a valid v1beta3 Template entity with its title', async () => {
    await expect(
      new ScaffolderEntitiesProcessor().validateEntityKind(template),
    ).resolves.toBe(true);
    expect(template).toMatchObject({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name, title: expected.title },
    });
  });

  it('runs only actions this module registers', async () => {
    const ids = (await registeredActions()).map(a => a.id);
    const used = template.spec.steps.map(s => s.action);
    expect(used).toEqual([expected.action]);
    for (const action of used) expect(ids).toContain(action);
  });

  it('picks the topic among the kafka-topic Resources and passes the step inputs the action declares', async () => {
    const properties = Object.assign(
      {},
      ...template.spec.parameters.map(p => p.properties),
    );
    expect(properties.topic).toMatchObject({
      'ui:field': 'EntityPicker',
      'ui:options': {
        catalogFilter: { kind: 'Resource', 'spec.type': 'kafka-topic' },
      },
    });
    const action = (await registeredActions()).find(
      a => a.id === expected.action,
    );
    const declared = Object.keys(action?.schema?.input?.properties ?? {});
    for (const step of template.spec.steps) {
      expect(declared).toEqual(expect.arrayContaining(Object.keys(step.input)));
    }
  });
});

describe('templates/request-kafka-topic-access', () => {
  it('asks the reading group among the groups the user is a member of', () => {
    const properties = Object.assign(
      {},
      ...loadTemplate('request-kafka-topic-access').spec.parameters.map(
        p => p.properties,
      ),
    );
    expect(properties.group['ui:field']).toBe('MyGroupsPicker');
  });
});

describe('templates/delete-kafka-topic', () => {
  it('offers force as a checkbox that says only platform admins may use it', () => {
    const properties = Object.assign(
      {},
      ...loadTemplate('delete-kafka-topic').spec.parameters.map(
        p => p.properties,
      ),
    );
    expect(properties.force).toMatchObject({ type: 'boolean', default: false });
    expect(properties.force.description).toMatch(/Only platform admins/);
  });
});
