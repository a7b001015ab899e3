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
import { kafkaTaasApiRef } from '../../api';
import { topicNameOf } from '../lag/entities';
import { RetryLoadButton as RetryButton } from '../RetryLoadButton';
import { TopicLoadError } from '../topic/TopicLoadError';
import { SubjectSchemas } from './SubjectSchemas';


const NO_SCHEMA_HINT =
  'Register one with the kafka:schema:register scaffolder action (a schema change, checked for compatibility and approved like the topic); topics created with the "Create Kafka topic" template get theirs at creation.';

/**
 * A topic's schemas on every cluster it lives on: each subject with its versions and
 * compatibility level, the schema of a version, and the diff between two versions.
 */
export const TopicSchemasContent = ({ topic }: { topic: string }) => {
  const api = useApi(kafkaTaasApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getTopicDetails(topic),
    [api, topic],
  );

  if (loading && !value) {
    return <Progress />;
  }
  if (error) {
    return (
      <TopicLoadError
        topic={topic}
        what="the schemas of this topic"
        error={error}
        onRetry={retry}
      />
    );
  }
  if (!value) {
    return <Progress />;
  }

  const registryErrors = value.clusters.flatMap(c =>
    c.errors
      .filter(e => e.section === 'schemas')
      .map(e => ({ cluster: c, error: e.error })),
  );
  const hasSubjects = value.clusters.some(c => c.subjects.length > 0);
  return (
    <>
      {value.unreachableClusters.map(c => (
        <Box mb={2} key={c.cluster}>
          <WarningPanel
            severity="warning"
            title={`Kafka cluster ${c.cluster} (${c.environment}) could not be read: the topic may have schemas there too`}
            message={c.error}
          />
        </Box>
      ))}
      {registryErrors.map(({ cluster, error: reason }) => (
        <Box mb={2} key={cluster.cluster}>
          <WarningPanel
            severity="error"
            defaultExpanded
            title={`The schema registry of ${cluster.cluster} (${cluster.environment}) could not be read: its schemas are not shown`}
            message={`${reason}. Check that the registry is up and that kafkaTaas.clusters[].schemaRegistry is right for this cluster, then retry.`}
          />
          <RetryButton onClick={retry} />
        </Box>
      ))}
      {!hasSubjects && registryErrors.length === 0 && (
        <EmptyState
          missing="data"
          title="This topic has no schema in the registry: producers write unchecked data"
          description={NO_SCHEMA_HINT}
        />
      )}
      {hasSubjects &&
        value.clusters.map(cluster => (
          <Box key={cluster.cluster} mb={2}>
            <Typography variant="subtitle1" component="h3" gutterBottom>
              {cluster.cluster} ({cluster.environment})
            </Typography>
            {cluster.subjects.length > 0
              ? cluster.subjects.map(subject => (
                  <SubjectSchemas
                    key={subject.subject}
                    topic={topic}
                    cluster={cluster.cluster}
                    subject={subject}
                  />
                ))
              : !cluster.errors.some(e => e.section === 'schemas') && (
                  <Typography variant="body2" color="textSecondary">
                    No schema in the registry of {cluster.cluster}: producers
                    there write unchecked data.
                  </Typography>
                )}
          </Box>
        ))}
    </>
  );
};

/**
 * The "Schemas" card of a Kafka topic's catalog entity (`kind: Resource`,
 * `spec.type: kafka-topic`).
 */
export const TopicSchemasCard = () => {
  const { entity } = useEntity();
  return (
    <InfoCard title="Schemas">
      <TopicSchemasContent topic={topicNameOf(entity)} />
    </InfoCard>
  );
};
