export interface Config {
  app?: {
    /**
     * Local demo sign-in: the sign-in page lists these users and signs in as
     * the one picked, through the backend's `demo` proxy auth provider.
     * Leave unset to use guest sign-in instead.
     */
    demoSignIn?: {
      users?: Array<{
        /**
         * User entity name; signs in as `user:default/<name>`.
         * @visibility frontend
         */
        name: string;
        /**
         * Shown on the user's button, e.g. "Alice Developer".
         * @visibility frontend
         */
        displayName: string;
        /**
         * Who this user is, e.g. "Developer, team-payments".
         * @visibility frontend
         */
        description?: string;
      }>;
    };
  };
}
