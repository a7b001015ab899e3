import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { scaffolderKafkaModule } from './module';

describe('scaffolderKafkaModule', () => {
  it('adds the kafka actions to the scaffolder, each with a dry run and every field described', async () => {
    const added: TemplateAction[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          {
            addActions: (...actions: TemplateAction[]) =>
              added.push(...actions),
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
    expect(added.map(a => a.id)).toEqual([
      'kafka:topic:plan',
      'kafka:topic:request',
      'kafka:acl:grant',
      'kafka:schema:register',
      'kafka:topic:delete',
    ]);
    expect(added.every(a => a.supportsDryRun)).toBe(true);
    for (const action of added.slice(0, 2)) {
      expect(action.schema?.input?.properties).toHaveProperty(
        'consumers.items.properties.consumerGroup.description',
      );
    }
    expect(added[3].schema?.input?.properties).toHaveProperty(
      'schema.properties.value.description',
    );
    for (const action of added) {
      expect(undescribed(action.schema?.input)).toEqual([]);
      expect(undescribed(action.schema?.output)).toEqual([]);
    }
  });
});

/** Paths of the properties, nested ones included, that have no description. */
function undescribed(schema: unknown, path = ''): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const { properties, items } = schema as {
    properties?: Record<string, { description?: string }>;
    items?: unknown;
  };
  return [
    ...Object.entries(properties ?? {}).flatMap(([name, property]) => [
      ...(property.description ? [] : [`${path}${name}`]),
      ...undescribed(property, `${path}${name}.`),
    ]),
    ...undescribed(items, path),
  ];
}
