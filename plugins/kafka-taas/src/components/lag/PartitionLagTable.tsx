import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import { KafkaPartitionLag } from '@kafka-taas/plugin-kafka-taas-common';
import { formatExactInteger, formatTimeLag } from './format';

const offset = (value: string | null) =>
  value === null ? 'none' : formatExactInteger(value);

/** Per partition: committed, log start and log end offsets, lag and time lag, exactly. */
export const PartitionLagTable = (props: {
  partitions: KafkaPartitionLag[];
  label: string;
}) => (
  <Table size="small" aria-label={props.label}>
    <TableHead>
      <TableRow>
        <TableCell align="right">Partition</TableCell>
        <TableCell align="right">Committed</TableCell>
        <TableCell align="right">Log start</TableCell>
        <TableCell align="right">Log end</TableCell>
        <TableCell align="right">Lag</TableCell>
        <TableCell align="right">Time lag</TableCell>
        <TableCell />
      </TableRow>
    </TableHead>
    <TableBody>
      {props.partitions.map(p => (
        <TableRow key={p.partition}>
          <TableCell align="right">{p.partition}</TableCell>
          <TableCell align="right">{offset(p.committedOffset)}</TableCell>
          <TableCell align="right">
            {formatExactInteger(p.logStartOffset)}
          </TableCell>
          <TableCell align="right">
            {formatExactInteger(p.logEndOffset)}
          </TableCell>
          <TableCell align="right">
            {p.lag === null ? 'no commit' : formatExactInteger(p.lag)}
          </TableCell>
          <TableCell align="right">
            {formatTimeLag(p.timeLagMs)}
            {p.timeLagSource === 'interpolated' && p.timeLagMs !== null
              ? ' (interpolated)'
              : ''}
          </TableCell>
          <TableCell>
            {p.belowLogStart && (
              <Tooltip title="Retention removed messages this group never read: the lag counts from the log start, what the group can still read">
                <Chip label="Below log start" size="small" color="secondary" />
              </Tooltip>
            )}
          </TableCell>
        </TableRow>
      ))}
    </TableBody>
  </Table>
);
