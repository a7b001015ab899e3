import { EmptyState, ResponseErrorPanel } from '@backstage/core-components';
import { topicRequestReadPermission } from '@kafka-taas/plugin-kafka-taas-common';
import { statusOf } from '../lag/format';
import { RetryLoadButton as RetryButton } from '../RetryLoadButton';
import { backendMessage } from '../RequestPage/requestText';


const sentence = (text: string) => text.replace(/\.?$/, '.');

/**
 * Why a card could not read what it shows, and what to do next: for a topic nobody knows (404),
 * where to look; for a refusal (403), which permission lets people see it; else the error, with
 * a retry.
 */
export const TopicLoadError = (props: {
  /** The topic the card is about, for a 404. */
  topic: string;
  /** What could not be read, for the title: `"the details of this topic"`. */
  what: string;
  error: Error;
  onRetry: () => void;
}) => {
  const { topic, what, error, onRetry } = props;
  const status = statusOf(error);
  if (status === 404) {
    return (
      <EmptyState
        missing="data"
        title={`Kafka TaaS does not know topic ${topic}`}
        description={`${sentence(
          backendMessage(error),
        )} If it was requested just now, its request may still be waiting for approval or provisioning: retry in a moment; otherwise check the kafka-taas/topic-name annotation of this entity.`}
        action={<RetryButton onClick={onRetry} />}
      />
    );
  }
  if (status === 403) {
    return (
      <EmptyState
        missing="info"
        title={`You may not see ${what}`}
        description={`${sentence(backendMessage(error))} People granted the ${
          topicRequestReadPermission.name
        } permission can see it: ask your Backstage admins, who manage the permission policy, for it.`}
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
