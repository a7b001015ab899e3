import { EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

/** Shown when the backend has no clusters in its configuration. */
export const NoClustersConfigured = () => (
  <EmptyState
    missing="data"
    title="No Kafka clusters configured"
    description={
      <Typography component="span" variant="body1">
        Add your clusters under <code>kafkaTaas.clusters</code> in{' '}
        <code>app-config.yaml</code>. See <code>docs/configuration.md</code>{' '}
        in this repository for the available settings.
      </Typography>
    }
  />
);
