import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { ClusterStatus } from '@kafka-taas/plugin-kafka-taas-common';
import { ClusterStatusChip } from './ClusterStatusChip';

/** `id (host:port)`, or a dash when the cluster reported no controller. */
export function formatController(controller: ClusterStatus['controller']) {
  return controller
    ? `${controller.id} (${controller.host}:${controller.port})`
    : '—';
}

const ClusterRow = ({ cluster }: { cluster: ClusterStatus }) => (
  <TableRow>
    <TableCell component="th" scope="row">
      {cluster.name}
    </TableCell>
    <TableCell>{cluster.environment}</TableCell>
    <TableCell>
      <ClusterStatusChip cluster={cluster} />
    </TableCell>
    <TableCell align="right">{cluster.brokerCount ?? '—'}</TableCell>
    <TableCell>{formatController(cluster.controller)}</TableCell>
    <TableCell>{cluster.clusterId ?? '—'}</TableCell>
  </TableRow>
);

/** One row per configured cluster. */
export const ClusterTable = ({ clusters }: { clusters: ClusterStatus[] }) => (
  <TableContainer component={Paper}>
    <Table aria-label="Kafka clusters" size="small">
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell>Environment</TableCell>
          <TableCell>Status</TableCell>
          <TableCell align="right">Brokers</TableCell>
          <TableCell>Controller</TableCell>
          <TableCell>Cluster ID</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {clusters.map(cluster => (
          <ClusterRow key={cluster.name} cluster={cluster} />
        ))}
      </TableBody>
    </Table>
  </TableContainer>
);
