import { EmptyState, ResponseErrorPanel } from '@backstage/core-components';
import { statusOf } from '../lag/format';
import { RetryLoadButton as RetryButton } from '../RetryLoadButton';

export { RetryButton };
import { backendMessage } from '../RequestPage/requestText';


/**
 * A read that failed: a 403 says whose permission is missing and whom to ask; anything else
 * shows the error with a retry.
 */
export const TabError = (props: {
  error: Error;
  /** What could not be read, e.g. "your topic requests". */
  what: string;
  /** The permission the read needs, named for the admin. */
  permission: string;
  onRetry: () => void;
}) => {
  const { error, what, permission, onRetry } = props;
  if (statusOf(error) === 403) {
    return (
      <EmptyState
        missing="info"
        title={`You may not see ${what}`}
        description={`${backendMessage(
          error,
        )} Ask a Backstage admin for the ${permission} permission, then retry.`}
        action={<RetryButton onClick={onRetry} />}
      />
    );
  }
  return (
    <>
      <ResponseErrorPanel error={error} title={`Could not read ${what}`} />
      <RetryButton onClick={onRetry} />
    </>
  );
};
