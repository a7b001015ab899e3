import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import CircularProgress from '@material-ui/core/CircularProgress';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import {
  ENVIRONMENTS_ANNOTATION,
  KafkaTopicPlacement,
  splitList,
} from '@kafka-taas/plugin-kafka-taas-common';
import { topicNameOf } from '../lag/entities';
import { formatExactInteger, statusOf } from '../lag/format';
import { LagStatusChip } from '../lag/LagStatusChip';
import { CatalogEntityLink } from '../RequestPage/CatalogEntityLink';
import { backendMessage, entityRefLabel } from '../RequestPage/requestText';
import { CreateTopicLink } from './CreateTopicLink';
import {
  activeGroups,
  sumExact,
  totalPartitions,
  worstStatus,
} from './dashboard';
import { RetryButton, TabError } from './TabError';
import { TopicLagResult, useMyTopics, useTopicLags } from './useMyTopics';

const Tile = (props: { label: string; value: string; caption?: string }) => (
  <Grid item xs={6} md={3}>
    <InfoCard noPadding>
      <Box p={2} role="group" aria-label={props.label}>
        <Typography variant="subtitle2" color="textSecondary">
          {props.label}
        </Typography>
        <Typography variant="h4" component="p">
          {props.value}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          {props.caption ?? '\u00a0'}
        </Typography>
      </Box>
    </InfoCard>
  </Grid>
);

const Reading = ({ label }: { label: string }) => (
  <CircularProgress size={16} aria-label={label} />
);

/** The health of a topic: the worst status of its groups, or why there is none. */
const Health = ({ result }: { result: TopicLagResult }) => {
  if ('error' in result) {
    const text =
      statusOf(result.error) === 404 ? 'Not on any cluster' : 'Lag unavailable';
    return (
      <Tooltip title={backendMessage(result.error)}>
        <Typography variant="body2" color="error">
          {text}
        </Typography>
      </Tooltip>
    );
  }
  const worst = worstStatus(result.lag);
  if (!worst) {
    return (
      <Typography variant="body2" color="textSecondary">
        No consumers
      </Typography>
    );
  }
  return <LagStatusChip status={worst.status} reason={worst.reason} />;
};

interface Row {
  entity: Entity;
  topic: string;
  environments: string[];
  placements?: KafkaTopicPlacement[];
  lag?: TopicLagResult;
}

const TopicRow = ({ row }: { row: Row }) => {
  const { entity, topic, environments, placements, lag } = row;
  const groups =
    lag && 'lag' in lag
      ? lag.lag.clusters.reduce((sum, c) => sum + c.groups.length, 0)
      : undefined;
  return (
    <TableRow>
      <TableCell component="th" scope="row">
        <CatalogEntityLink
          entityRef={stringifyEntityRef(entity)}
          defaultKind="resource"
        >
          {topic}
        </CatalogEntityLink>
      </TableCell>
      <TableCell>{environments.join(', ') || '—'}</TableCell>
      <TableCell align="right">
        {placements && placements.length > 0 ? (
          <Tooltip
            title={placements
              .map(p => `${p.cluster}: ${p.partitions}`)
              .join(', ')}
          >
            <span>{totalPartitions(placements)}</span>
          </Tooltip>
        ) : (
          '—'
        )}
      </TableCell>
      <TableCell align="right">
        {lag ? groups ?? '—' : <Reading label={`Reading ${topic}`} />}
      </TableCell>
      <TableCell align="right">
        {lag && 'lag' in lag ? formatExactInteger(lag.lag.totalLag) : '—'}
      </TableCell>
      <TableCell>{lag ? <Health result={lag} /> : null}</TableCell>
    </TableRow>
  );
};

/**
 * "My topics": the topics the signed-in user's groups own, with summary tiles (owned topics,
 * partitions, active consumer groups, total lag) and each topic's environments, partitions,
 * consumer groups, exact total lag and health (the worst lag status of its groups). Each topic's
 * lag is read as its own call, a few at a time, and fills in as it comes.
 */
export const MyTopicsTab = () => {
  const { value, loading, error, retry } = useMyTopics();
  const topics = useMemo(() => value?.entities.map(topicNameOf), [value]);
  const lags = useTopicLags(topics);

  if (error) {
    return (
      <TabError
        error={error}
        what="your topics in the catalog"
        permission="catalog.entity.read"
        onRetry={retry}
      />
    );
  }
  if (loading || !value) {
    return <Progress />;
  }

  const { entities, inventory, inventoryError, ownershipEntityRefs } = value;
  if (entities.length === 0) {
    const groups = ownershipEntityRefs.filter(ref => ref.startsWith('group:'));
    return (
      <EmptyState
        missing="content"
        title="Your groups own no Kafka topic yet"
        description={`Topics owned by ${
          groups.length > 0
            ? groups.map(g => entityRefLabel(g, 'group')).join(', ')
            : 'your groups (you are in none in the catalog)'
        } show here. Create one with the template below: a compliant dev topic is ready in seconds. A topic that exists but is declared by nobody belongs to the platform team until a catalog-info.yaml gives it an owner.`}
        action={<CreateTopicLink />}
      />
    );
  }

  const placementsOf = new Map(
    inventory?.items.map(item => [item.name, item.clusters]),
  );
  const rows: Row[] = entities.map(entity => {
    const topic = topicNameOf(entity);
    const placements = inventory ? placementsOf.get(topic) ?? [] : undefined;
    return {
      entity,
      topic,
      placements,
      environments:
        placements && placements.length > 0
          ? [...new Set(placements.map(p => p.environment))]
          : splitList(entity.metadata.annotations?.[ENVIRONMENTS_ANNOTATION]),
      lag: lags.get(topic),
    };
  });

  const read = rows.flatMap(r => (r.lag && 'lag' in r.lag ? [r.lag.lag] : []));
  const failed = rows.flatMap(r =>
    r.lag && 'error' in r.lag ? [{ topic: r.topic, error: r.lag.error }] : [],
  );
  const pending = rows.filter(r => !r.lag).length;
  const partitions = inventory
    ? rows.reduce((sum, r) => sum + totalPartitions(r.placements ?? []), 0)
    : undefined;
  const active = new Set(read.flatMap(activeGroups));
  const totalLag = sumExact(read.map(lag => lag.totalLag));
  const readCaption =
    pending > 0 || failed.length > 0
      ? `${read.length} of ${rows.length} topics read`
      : undefined;

  const unreachable = new Map<string, { environment: string; error: string }>();
  for (const c of [
    ...(inventory?.unreachableClusters ?? []),
    ...read.flatMap(lag => lag.unreachableClusters),
  ]) {
    unreachable.set(c.cluster, c);
  }

  return (
    <>
      {[...unreachable].map(([cluster, c]) => (
        <Box mb={2} key={cluster}>
          <WarningPanel
            severity="warning"
            title={`Kafka cluster ${cluster} (${c.environment}) could not be read: partitions and lag there are missing below`}
            message={`${c.error}. Check the cluster on the Clusters tab, then retry.`}
          />
        </Box>
      ))}
      {inventoryError && (
        <Box mb={2}>
          <WarningPanel
            severity="warning"
            title="Could not read where your topics live: partitions are unknown"
            message={backendMessage(inventoryError)}
          />
        </Box>
      )}
      {failed.length > 0 && (
        <Box mb={2}>
          <WarningPanel
            severity="warning"
            title={`The lag of ${failed.length} ${
              failed.length === 1 ? 'topic' : 'topics'
            } could not be read: the totals leave ${
              failed.length === 1 ? 'it' : 'them'
            } out`}
            message={failed
              .map(f => `${f.topic}: ${backendMessage(f.error)}`)
              .join(' ')}
          >
            <RetryButton onClick={retry} />
          </WarningPanel>
        </Box>
      )}
      <Grid container spacing={2}>
        <Tile label="Owned topics" value={String(rows.length)} />
        <Tile
          label="Total partitions"
          value={partitions === undefined ? '—' : partitions.toLocaleString()}
          caption={
            partitions === undefined
              ? 'where topics live is unknown'
              : undefined
          }
        />
        <Tile
          label="Active consumer groups"
          value={String(active.size)}
          caption={readCaption ?? 'with members now'}
        />
        <Tile
          label="Total lag"
          value={totalLag === undefined ? '—' : formatExactInteger(totalLag)}
          caption={readCaption ?? 'messages behind, every group'}
        />
        <Grid item xs={12}>
          <InfoCard title="Topics" noPadding>
            <Table size="small" aria-label="My topics">
              <TableHead>
                <TableRow>
                  <TableCell>Topic</TableCell>
                  <TableCell>Environments</TableCell>
                  <TableCell align="right">Partitions</TableCell>
                  <TableCell align="right">Consumer groups</TableCell>
                  <TableCell align="right">Total lag</TableCell>
                  <TableCell>Health</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map(row => (
                  <TopicRow key={row.topic} row={row} />
                ))}
              </TableBody>
            </Table>
          </InfoCard>
        </Grid>
      </Grid>
    </>
  );
};
