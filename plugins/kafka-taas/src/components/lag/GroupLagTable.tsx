import Button from '@material-ui/core/Button';
import Collapse from '@material-ui/core/Collapse';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { Fragment, useState } from 'react';
import {
  KafkaGroupTopicLag,
  KafkaTopicLagHistory,
} from '@kafka-taas/plugin-kafka-taas-common';
import { formatExactInteger, formatGroupState, formatTimeLag } from './format';
import { LagSparkline } from './LagSparkline';
import { LagStatusChip } from './LagStatusChip';
import { PartitionLagTable } from './PartitionLagTable';

const COLUMNS = 7;

const GroupRow = (props: {
  cluster: string;
  group: KafkaGroupTopicLag;
  history?: KafkaTopicLagHistory;
}) => {
  const { cluster, group, history } = props;
  const [open, setOpen] = useState(false);
  const series = history?.series.find(
    s => s.cluster === cluster && s.group === group.group,
  );
  return (
    <Fragment>
      <TableRow>
        <TableCell component="th" scope="row">
          {group.group}
        </TableCell>
        <TableCell align="right">
          {formatExactInteger(group.totalLag)}
        </TableCell>
        <TableCell align="right">{formatTimeLag(group.timeLagMs)}</TableCell>
        <TableCell>
          <LagStatusChip status={group.status} reason={group.statusReason} />
        </TableCell>
        <TableCell>{formatGroupState(group.state, group.members)}</TableCell>
        <TableCell>
          {history ? (
            <LagSparkline
              samples={series?.samples ?? []}
              label={`Lag trend of ${group.group}`}
            />
          ) : (
            '—'
          )}
        </TableCell>
        <TableCell>
          <Button
            size="small"
            aria-expanded={open}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide partitions' : 'Partitions'}
          </Button>
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell
          colSpan={COLUMNS}
          style={{ paddingTop: 0, paddingBottom: 0 }}
        >
          <Collapse in={open} unmountOnExit>
            <PartitionLagTable
              partitions={group.partitions}
              label={`Partitions of ${group.group} on ${cluster}`}
            />
          </Collapse>
        </TableCell>
      </TableRow>
    </Fragment>
  );
};

/** The consumer groups of a topic on one cluster, each expandable to its partitions. */
export const GroupLagTable = (props: {
  cluster: string;
  groups: KafkaGroupTopicLag[];
  history?: KafkaTopicLagHistory;
}) => (
  <Table size="small" aria-label={`Consumer groups on ${props.cluster}`}>
    <TableHead>
      <TableRow>
        <TableCell>Consumer group</TableCell>
        <TableCell align="right">Lag</TableCell>
        <TableCell align="right">Time lag</TableCell>
        <TableCell>Status</TableCell>
        <TableCell>State</TableCell>
        <TableCell>Trend</TableCell>
        <TableCell />
      </TableRow>
    </TableHead>
    <TableBody>
      {props.groups.map(group => (
        <GroupRow
          key={group.group}
          cluster={props.cluster}
          group={group}
          history={props.history}
        />
      ))}
    </TableBody>
  </Table>
);
