import { Entity } from '@backstage/catalog-model';
import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  CLASSIFICATION_LABEL,
  CRITICALITY_LABEL,
  KafkaTopicClusterDetails,
  KafkaTopicDetails,
  ResolvedTopicRequest,
  UNOWNED_ANNOTATION,
} from '@kafka-taas/plugin-kafka-taas-common';
import { Field as GridField } from '../Field';
import { topicNameOf } from '../lag/entities';
import { SectionErrors, UnreachableClusters } from './ClusterWarnings';
import {
  approvedSetting,
  configValue,
  driftText,
  formatRetention,
} from './format';
import { TopicLoadError } from './TopicLoadError';
import { useTopicDetails } from './useTopicDetails';

/** A fact of the topic: three to a row on a medium screen. */
const Field = (props: { label: string; children: React.ReactNode }) => (
  <GridField md={4} label={props.label}>
    {props.children}
  </GridField>
);

/**
 * A label of the entity, else what the topic's requests approved, else `not set`; `unknown`
 * while the details are not there.
 */
function setting(
  entity: Entity,
  label: string,
  details: KafkaTopicDetails | undefined,
  pick: (state: ResolvedTopicRequest) => string,
): string {
  const labelled = entity.metadata.labels?.[label]?.trim();
  if (labelled) return labelled;
  if (!details) return 'unknown';
  return approvedSetting(details.requests, pick) ?? 'not set';
}

const Unowned = ({ topic }: { topic: string }) => (
  <Box mt={2}>
    <Alert severity="info">
      <AlertTitle>Nobody owns this topic</AlertTitle>
      No topic request made it and no catalog-info.yaml declares it, so nobody
      is asked about access or changes. To own it, add to your team's repository
      a catalog-info.yaml with <code>kind: Resource</code>,{' '}
      <code>spec.type: kafka-topic</code>, <code>metadata.name: {topic}</code>{' '}
      (or the <code>kafka-taas/topic-name</code> annotation) and{' '}
      <code>spec.owner</code> set to your group, and register it in the catalog.
    </Alert>
  </Box>
);

/** The topic's identity: name, owner, system, classification and criticality. */
const TopicFacts = (props: {
  entity: Entity;
  topic: string;
  details?: KafkaTopicDetails;
}) => {
  const { entity, topic, details } = props;
  const owner =
    typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined;
  const system =
    typeof entity.spec?.system === 'string' ? entity.spec.system : undefined;
  const unowned =
    entity.metadata.annotations?.[UNOWNED_ANNOTATION] === 'true' ||
    details?.unowned === true;
  return (
    <>
      <Grid container spacing={2} component="dl">
        <Field label="Topic">
          <span style={{ wordBreak: 'break-all' }}>{topic}</span>
        </Field>
        <Field label="Owner">
          {unowned && 'Nobody'}
          {unowned && owner && (
            <>
              {' '}
              (listed under{' '}
              <EntityRefLink entityRef={owner} defaultKind="group" /> until
              declared)
            </>
          )}
          {!unowned && owner && (
            <EntityRefLink entityRef={owner} defaultKind="group" />
          )}
          {!unowned && !owner && 'not set'}
        </Field>
        <Field label="System">
          {system ? (
            <EntityRefLink entityRef={system} defaultKind="system" />
          ) : (
            'Not part of a system'
          )}
        </Field>
        <Field label="Classification">
          {setting(
            entity,
            CLASSIFICATION_LABEL,
            details,
            s => s.classification,
          )}
        </Field>
        <Field label="Criticality">
          {setting(entity, CRITICALITY_LABEL, details, s => s.criticality)}
        </Field>
      </Grid>
      {unowned && <Unowned topic={topic} />}
    </>
  );
};

const DriftWarning = ({ details }: { details: KafkaTopicDetails }) => {
  if (details.drift.length === 0) return null;
  const declared = details.drift.some(d => d.source === 'declared');
  return (
    <Box mb={2}>
      <Alert severity="warning">
        <AlertTitle>
          The live topic differs from what was approved or declared
        </AlertTitle>
        <ul aria-label="Drift" style={{ margin: 0, paddingLeft: 20 }}>
          {details.drift.map(d => (
            <li key={`${d.cluster} ${d.field} ${d.source}`}>
              {d.cluster} ({d.environment}): {driftText(d)}
            </li>
          ))}
        </ul>
        What to do: change it back on the broker or request the change
        {declared &&
          ' (for a declared value, change the kafka-taas/* annotation in its catalog-info.yaml)'}
        .
      </Alert>
    </Box>
  );
};

const UNKNOWN = 'unknown';

const ClusterRow = ({ cluster }: { cluster: KafkaTopicClusterDetails }) => {
  const retention = configValue(cluster, 'retention.ms');
  return (
    <TableRow>
      <TableCell>{cluster.cluster}</TableCell>
      <TableCell>{cluster.environment}</TableCell>
      <TableCell>{cluster.partitions}</TableCell>
      <TableCell>{cluster.replicationFactor}</TableCell>
      <TableCell>
        <span title={retention && `retention.ms = ${retention}`}>
          {formatRetention(retention)}
        </span>
      </TableCell>
      <TableCell>{configValue(cluster, 'cleanup.policy') ?? UNKNOWN}</TableCell>
      <TableCell>
        {configValue(cluster, 'min.insync.replicas') ?? UNKNOWN}
      </TableCell>
    </TableRow>
  );
};

/** The topic on each cluster it lives on, and what could not be read. */
const TopicClusters = ({ details }: { details: KafkaTopicDetails }) => (
  <>
    <UnreachableClusters details={details} />
    {details.errors.map(e => (
      <Box mb={2} key={e.section}>
        <WarningPanel
          severity="warning"
          title="The catalog could not be checked for a declaration of this topic: a declared owner and drift from declared values may be missing"
          message={e.error}
        />
      </Box>
    ))}
    <DriftWarning details={details} />
    {details.clusters.map(cluster => (
      <SectionErrors
        key={cluster.cluster}
        cluster={cluster}
        sections={['configs']}
        consequence="retention, cleanup policy and min in-sync replicas are unknown there"
      />
    ))}
    {details.clusters.length > 0 ? (
      <Table size="small" aria-label="Clusters">
        <TableHead>
          <TableRow>
            <TableCell>Cluster</TableCell>
            <TableCell>Environment</TableCell>
            <TableCell>Partitions</TableCell>
            <TableCell>Replication factor</TableCell>
            <TableCell>Retention</TableCell>
            <TableCell>Cleanup policy</TableCell>
            <TableCell>Min in-sync replicas</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {details.clusters.map(cluster => (
            <ClusterRow key={cluster.cluster} cluster={cluster} />
          ))}
        </TableBody>
      </Table>
    ) : (
      <Typography variant="body2" color="textSecondary">
        The topic is on none of the clusters that could be read. A request for
        it may still be waiting for approval or provisioning (see its history),
        or it was deleted.
      </Typography>
    )}
  </>
);

/**
 * The "Kafka topic" card of a topic's entity: full name, owner, system, classification and
 * criticality, the topic on each cluster (partitions, replication, retention, cleanup policy,
 * min in-sync replicas) and drift from what was approved or declared.
 */
export const TopicOverviewCard = () => {
  const { entity } = useEntity();
  const topic = topicNameOf(entity);
  const { value, loading, error, retry } = useTopicDetails(topic);
  let clusters: React.ReactNode;
  if (error) {
    clusters = (
      <TopicLoadError
        topic={topic}
        what="the clusters of this topic"
        error={error}
        onRetry={retry}
      />
    );
  } else if (loading || !value) {
    clusters = <Progress />;
  } else {
    clusters = <TopicClusters details={value} />;
  }
  return (
    <InfoCard title="Kafka topic">
      <TopicFacts entity={entity} topic={topic} details={value} />
      <Box mt={3}>
        <Typography variant="subtitle1" component="h3" gutterBottom>
          Clusters
        </Typography>
        {clusters}
      </Box>
    </InfoCard>
  );
};
