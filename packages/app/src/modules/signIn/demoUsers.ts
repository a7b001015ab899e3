import { ConfigApi } from '@backstage/core-plugin-api';

/** A user a person can sign in as locally, from `app.demoSignIn.users`. */
export interface DemoUser {
  /** The user entity name; signs in as `user:default/<name>`. */
  name: string;
  displayName: string;
  description?: string;
}

/** The demo users configured for this app; empty when demo sign-in is off. */
export function readDemoUsers(config: ConfigApi): DemoUser[] {
  const users = config.getOptionalConfigArray('app.demoSignIn.users') ?? [];
  return users.map(user => ({
    name: user.getString('name'),
    displayName: user.getString('displayName'),
    description: user.getOptionalString('description'),
  }));
}

/** The request header the backend's `demo` auth provider reads the user from. */
export const DEMO_USER_HEADER = 'x-kafka-taas-demo-user';

const STORAGE_KEY = 'kafka-taas:demo-sign-in:user';

/**
 * The demo user picked earlier in this browser tab, kept in sessionStorage so
 * that a reload keeps the session.
 */
export const rememberedDemoUser = {
  get(): string | undefined {
    try {
      return window.sessionStorage.getItem(STORAGE_KEY) ?? undefined;
    } catch {
      return undefined;
    }
  },
  set(name: string) {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, name);
    } catch {
      // Storage unavailable: the choice only lasts until the next reload.
    }
  },
  forget() {
    try {
      window.sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // Nothing stored to forget.
    }
  },
};
