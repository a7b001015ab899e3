import {
  EmptyState,
  InfoCard,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  ConsumerGroupRef,
  KafkaConsumerGroupLag,
  LagStatus,
} from '@kafka-taas/plugin-kafka-taas-common';
import { kafkaTaasApiRef } from '../../api';
import { backendMessage } from '../RequestPage/requestText';
import { consumerGroupsOf, InvalidConsumerGroupEntry } from './entities';
import { formatExactInteger, formatGroupState, formatTimeLag } from './format';
import { LagStatusChip } from './LagStatusChip';

/** Worst first: the status a group shows is that of its worst topic. */
const SEVERITY: LagStatus[] = [
  'stopped',
  'stalled',
  'rewound',
  'lagging',
  'unknown',
  'ok',
];

type GroupResult = ConsumerGroupRef &
  ({ lag: KafkaConsumerGroupLag } | { error: Error });

/** The status of a group over its topics: its worst topic's, with that topic named. */
export function groupStatus(lag: KafkaConsumerGroupLag): {
  status: LagStatus;
  reason: string;
} {
  if (lag.topics.length === 0) {
    return {
      status: 'unknown',
      reason:
        'The group has no committed offsets on any topic that still exists',
    };
  }
  const worst = [...lag.topics].sort(
    (a, b) => SEVERITY.indexOf(a.status) - SEVERITY.indexOf(b.status),
  )[0];
  return {
    status: worst.status,
    reason: `${worst.topic}: ${worst.statusReason}`,
  };
}

/** The largest known time lag over the group's topics. */
function groupTimeLag(lag: KafkaConsumerGroupLag): number | null {
  const known = lag.topics
    .map(t => t.timeLagMs)
    .filter((ms): ms is number => ms !== null);
  return known.length > 0 ? Math.max(...known) : null;
}

const GroupRow = ({ result }: { result: GroupResult }) => {
  const name = `${result.cluster}/${result.group}`;
  if ('error' in result) {
    return (
      <TableRow>
        <TableCell component="th" scope="row">
          {name}
        </TableCell>
        <TableCell colSpan={5}>
          <Typography variant="body2" color="error">
            Could not read this group: {backendMessage(result.error)}
          </Typography>
        </TableCell>
      </TableRow>
    );
  }
  const { lag } = result;
  const { status, reason } = groupStatus(lag);
  return (
    <TableRow>
      <TableCell component="th" scope="row">
        {name}
      </TableCell>
      <TableCell>
        {lag.topics.length > 0 ? lag.topics.map(t => t.topic).join(', ') : '—'}
      </TableCell>
      <TableCell align="right">{formatExactInteger(lag.totalLag)}</TableCell>
      <TableCell align="right">{formatTimeLag(groupTimeLag(lag))}</TableCell>
      <TableCell>
        <LagStatusChip status={status} reason={reason} />
      </TableCell>
      <TableCell>{formatGroupState(lag.state, lag.members)}</TableCell>
    </TableRow>
  );
};

const InvalidEntries = ({
  invalid,
}: {
  invalid: InvalidConsumerGroupEntry[];
}) => (
  <Box mb={2}>
    <WarningPanel
      severity="warning"
      defaultExpanded
      title="Some consumer-group annotation entries are not <cluster>/<group> pairs"
    >
      {invalid.map(({ annotation, entry }) => (
        <Typography variant="body2" key={`${annotation}\n${entry}`}>
          Entry "{entry}" of annotation {annotation} is not a{' '}
          &lt;cluster&gt;/&lt;group&gt; pair: write it as cluster/group, for
          example local-dev/ledger, and separate pairs with commas.
        </Typography>
      ))}
    </WarningPanel>
  </Box>
);

/**
 * The lag of the consumer groups a component names in its annotations: one row per group with
 * its topics, total lag, time lag, status, state and members.
 */
export const ComponentLagContent = (props: {
  groups: ConsumerGroupRef[];
  invalid: InvalidConsumerGroupEntry[];
}) => {
  const { groups, invalid } = props;
  const api = useApi(kafkaTaasApiRef);
  const { value, loading, retry } = useAsyncRetry(
    () =>
      Promise.all(
        groups.map(ref =>
          api.getConsumerGroupLag(ref.cluster, ref.group).then(
            (lag): GroupResult => ({ ...ref, lag }),
            (error: Error): GroupResult => ({ ...ref, error }),
          ),
        ),
      ),
    [api, groups],
  );

  if (groups.length === 0) {
    return (
      <>
        {invalid.length > 0 && <InvalidEntries invalid={invalid} />}
        <EmptyState
          missing="field"
          title="This component names no consumer group"
          description="Add the kafka-taas/consumer-groups annotation (or the community kafka.apache.org/consumer-groups) with comma-separated <cluster>/<group> pairs, such as local-dev/ledger, to see their lag here."
        />
      </>
    );
  }
  if (loading && !value) {
    return <Progress />;
  }
  const results = value ?? [];
  const failed = results.filter(r => 'error' in r).length;
  return (
    <>
      {invalid.length > 0 && <InvalidEntries invalid={invalid} />}
      <Table size="small" aria-label="Consumer groups of this component">
        <TableHead>
          <TableRow>
            <TableCell>Consumer group</TableCell>
            <TableCell>Topics</TableCell>
            <TableCell align="right">Lag</TableCell>
            <TableCell align="right">Time lag</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>State</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {results.map(result => (
            <GroupRow
              key={`${result.cluster}/${result.group}`}
              result={result}
            />
          ))}
        </TableBody>
      </Table>
      {failed > 0 && (
        <Box mt={2}>
          <Button
            variant="outlined"
            color="primary"
            disabled={loading}
            onClick={retry}
          >
            Retry
          </Button>
        </Box>
      )}
    </>
  );
};

/**
 * The "Consumer lag" card of a component with the `kafka-taas/consumer-groups` or the community
 * `kafka.apache.org/consumer-groups` annotation.
 */
export const ComponentLagCard = () => {
  const { entity } = useEntity();
  const { groups, invalid } = useMemo(() => consumerGroupsOf(entity), [entity]);
  return (
    <InfoCard title="Consumer lag">
      <ComponentLagContent groups={groups} invalid={invalid} />
    </InfoCard>
  );
};
