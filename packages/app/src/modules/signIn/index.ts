import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

const demoSignInPage = SignInPageBlueprint.make({
  params: {
    loader: () => import('./DemoSignInPage').then(m => m.DemoSignInPage),
  },
});

/** Replaces the app's sign-in page with the demo user picker. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [demoSignInPage],
});
