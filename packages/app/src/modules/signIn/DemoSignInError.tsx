import { Content, ErrorPanel, Page } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import { useEffect } from 'react';
import { DemoUser, rememberedDemoUser } from './demoUsers';

/**
 * Sign-in as a demo user failed: say why, forget the choice so a reload shows
 * the picker again, and offer the way back to it.
 */
export const DemoSignInError = (props: {
  user: DemoUser;
  error?: Error;
  onSwitchUser: () => void;
}) => {
  const { user, error, onSwitchUser } = props;

  useEffect(() => {
    rememberedDemoUser.forget();
  }, []);

  return (
    <Page themeId="home">
      <Content>
        <ErrorPanel
          title={`Could not sign in as ${user.displayName}`}
          error={error ?? new Error('Sign-in failed')}
        />
        <Button variant="outlined" color="primary" onClick={onSwitchUser}>
          Switch user
        </Button>
      </Content>
    </Page>
  );
};
