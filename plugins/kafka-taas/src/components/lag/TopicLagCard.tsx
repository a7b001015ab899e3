import {
  EmptyState,
  InfoCard,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  KafkaTopicLag,
  KafkaTopicLagHistory,
} from '@kafka-taas/plugin-kafka-taas-common';
import { kafkaTaasApiRef } from '../../api';
import { backendMessage } from '../RequestPage/requestText';
import { topicNameOf } from './entities';
import { formatExactInteger } from './format';
import { GroupLagTable } from './GroupLagTable';
import { TopicLoadError } from '../topic/TopicLoadError';

/** The lag now and, when the sampler could answer, its history. */
interface TopicLagData {
  lag: KafkaTopicLag;
  history?: KafkaTopicLagHistory;
  historyError?: Error;
}


const NoConsumers = ({ topic }: { topic: string }) => (
  <EmptyState
    missing="data"
    title="No consumer group has committed offsets on this topic yet"
    description={`A consumer group shows here once it commits an offset on ${topic}: start a consumer with a group.id that commits (auto commit or an explicit commit). To show a group's lag on its component's page too, add the kafka-taas/consumer-groups annotation with <cluster>/<group> pairs to that component.`}
  />
);

/**
 * Every consumer group of a topic, per cluster: total lag, time lag, status, state and members,
 * the trend from the sampled history, and each group's partitions on demand.
 */
export const TopicLagContent = ({ topic }: { topic: string }) => {
  const api = useApi(kafkaTaasApiRef);
  const { value, loading, error, retry } =
    useAsyncRetry(async (): Promise<TopicLagData> => {
      const [lag, history] = await Promise.all([
        api.getTopicLag(topic),
        api.getTopicLagHistory(topic).then(
          h => ({ history: h }),
          (e: Error) => ({ historyError: e }),
        ),
      ]);
      return { lag, ...history };
    }, [api, topic]);

  if (loading && !value) {
    return <Progress />;
  }
  if (error) {
    return (
      <TopicLoadError
        topic={topic}
        what="the consumer lag of this topic"
        error={error}
        onRetry={retry}
      />
    );
  }
  if (!value) {
    return <Progress />;
  }

  const { lag, history, historyError } = value;
  const hasGroups = lag.clusters.some(c => c.groups.length > 0);
  return (
    <>
      {lag.unreachableClusters.map(c => (
        <Box mb={2} key={c.cluster}>
          <WarningPanel
            severity="warning"
            defaultExpanded
            title={`Kafka cluster ${c.cluster} (${c.environment}) could not be read: the topic may have consumers there too`}
            message={c.error}
          />
        </Box>
      ))}
      {historyError && (
        <Box mb={2}>
          <WarningPanel
            severity="info"
            title="The lag trend is unavailable"
            message={backendMessage(historyError)}
          />
        </Box>
      )}
      {hasGroups ? (
        lag.clusters.map(cluster => (
          <Box key={cluster.cluster} mb={2}>
            <Typography variant="subtitle1" component="h3">
              {cluster.cluster} ({cluster.environment}): total lag{' '}
              {formatExactInteger(cluster.totalLag)}
            </Typography>
            {cluster.groups.length > 0 ? (
              <GroupLagTable
                cluster={cluster.cluster}
                groups={cluster.groups}
                history={history}
              />
            ) : (
              <Typography variant="body2" color="textSecondary">
                No consumer group has committed offsets on this topic on{' '}
                {cluster.cluster} yet.
              </Typography>
            )}
          </Box>
        ))
      ) : (
        <NoConsumers topic={topic} />
      )}
      <Typography variant="caption" color="textSecondary">
        Read at {lag.sampledAt}.
      </Typography>
    </>
  );
};

/**
 * The "Consumers and lag" card of a Kafka topic's catalog entity (`kind: Resource`,
 * `spec.type: kafka-topic`).
 */
export const TopicLagCard = () => {
  const { entity } = useEntity();
  return (
    <InfoCard title="Consumers and lag">
      <TopicLagContent topic={topicNameOf(entity)} />
    </InfoCard>
  );
};
