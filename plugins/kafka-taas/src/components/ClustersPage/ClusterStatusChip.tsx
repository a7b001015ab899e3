import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { ClusterStatus } from '@kafka-taas/plugin-kafka-taas-common';

/** Reachable / Unreachable, with the reason when the cluster did not answer. */
export const ClusterStatusChip = (props: {
  cluster: Pick<ClusterStatus, 'reachable' | 'error'>;
}) => {
  const { reachable, error } = props.cluster;
  if (reachable) {
    return <Chip label="Reachable" size="small" color="primary" />;
  }
  return (
    <>
      <Chip label="Unreachable" size="small" color="secondary" />
      {error && (
        <Typography variant="body2" color="textSecondary">
          {error}
        </Typography>
      )}
    </>
  );
};
