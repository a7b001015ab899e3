import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

export const DEMO_USER_HEADER = 'x-kafka-taas-demo-user';

/**
 * Local-only sign-in as one of the demo users: the sign-in page sends the chosen user's
 * entity name in a header and this provider signs in as that catalog User. Guest sign-in is a
 * single identity, and approvals need a requester and a different approver.
 *
 * It trusts the header, so it must never run where anyone but the developer can reach the
 * backend: it is only installed when `auth.providers.demo` is configured, and refuses to start
 * with NODE_ENV=production.
 */
export const demoAuthProviderModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'kafka-taas-demo-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        if (!config.has('auth.providers.demo')) return;
        if (process.env.NODE_ENV === 'production') {
          throw new Error(
            'auth.providers.demo is for local use only and trusts a request header; remove it from production config',
          );
        }
        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async (result: { name: string }) => ({
                profile: { displayName: result.name },
              }),
              initialize: () => undefined,
              async authenticate({ req }) {
                const name = req.header(DEMO_USER_HEADER);
                if (!name || !/^[a-z0-9][a-z0-9._-]{0,62}$/i.test(name)) {
                  throw new AuthenticationError(
                    `Demo sign-in needs the ${DEMO_USER_HEADER} header set to a user entity name`,
                  );
                }
                return { result: { name } };
              },
            }),
            async signInResolver({ result }, ctx) {
              // Only users that exist in the catalog can sign in; ownership comes from memberOf.
              return ctx.signInWithCatalogUser({
                entityRef: { name: result.name },
              });
            },
          }),
        });
      },
    });
  },
});
