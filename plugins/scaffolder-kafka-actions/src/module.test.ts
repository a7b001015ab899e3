import { startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderKafkaModule } from './module';

describe('scaffolderKafkaModule', () => {
  it('registers with the scaffolder actions extension point', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [scaffolderKafkaModule],
    });
    expect(addActions).toHaveBeenCalledTimes(1);
  });
});
