import { ProxiedSignInPage, SignInPage } from '@backstage/core-components';
import {
  configApiRef,
  IdentityApi,
  useApi,
} from '@backstage/core-plugin-api';
import { SignInPageProps } from '@backstage/plugin-app-react';
import { startTransition, useCallback, useMemo, useState } from 'react';
import { DemoSignInError } from './DemoSignInError';
import { DemoUserPicker } from './DemoUserPicker';
import {
  DEMO_USER_HEADER,
  DemoUser,
  readDemoUsers,
  rememberedDemoUser,
} from './demoUsers';

/** Signing out also forgets the picked user, so the picker shows next time. */
function forgetChoiceOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      rememberedDemoUser.forget();
      await identity.signOut();
    },
  };
}

/** Signs in through the backend's `demo` proxy provider as the given user. */
const DemoUserSignIn = (
  props: SignInPageProps & { user: DemoUser; onSwitchUser: () => void },
) => {
  const { user, onSwitchUser, onSignInSuccess } = props;

  const ErrorComponent = useMemo(
    () =>
      ({ error }: { error?: Error }) =>
        (
          <DemoSignInError
            user={user}
            error={error}
            onSwitchUser={onSwitchUser}
          />
        ),
    [user, onSwitchUser],
  );

  return (
    <ProxiedSignInPage
      // A new user means a new sign-in attempt.
      key={user.name}
      provider="demo"
      headers={{ [DEMO_USER_HEADER]: user.name }}
      onSignInSuccess={identity =>
        onSignInSuccess(forgetChoiceOnSignOut(identity))
      }
      ErrorComponent={ErrorComponent}
    />
  );
};

/**
 * The app's sign-in page. With `app.demoSignIn.users` configured, a person
 * picks one of those users; otherwise guest sign-in as usual.
 */
export const DemoSignInPage = (props: SignInPageProps) => {
  const configApi = useApi(configApiRef);
  const users = useMemo(() => readDemoUsers(configApi), [configApi]);

  const [picked, setPicked] = useState<DemoUser | undefined>(() => {
    const remembered = rememberedDemoUser.get();
    return users.find(user => user.name === remembered);
  });

  const pick = useCallback((user: DemoUser) => {
    rememberedDemoUser.set(user.name);
    // ProxiedSignInPage suspends while it loads; a transition keeps the picker shown meanwhile.
    startTransition(() => setPicked(user));
  }, []);

  const switchUser = useCallback(() => {
    rememberedDemoUser.forget();
    startTransition(() => setPicked(undefined));
  }, []);

  if (users.length === 0) {
    return (
      <SignInPage onSignInSuccess={props.onSignInSuccess} providers={['guest']} />
    );
  }

  if (!picked) {
    return <DemoUserPicker users={users} onPick={pick} />;
  }

  return (
    <DemoUserSignIn
      user={picked}
      onSwitchUser={switchUser}
      onSignInSuccess={props.onSignInSuccess}
    />
  );
};
