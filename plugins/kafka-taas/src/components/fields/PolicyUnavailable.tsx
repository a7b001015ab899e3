import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';

/** Shown in place of a field when the topic policy could not be fetched. */
export const PolicyUnavailable = ({ error }: { error?: Error }) => (
  <Alert severity="error">
    <Typography variant="body2">
      The Kafka topic policy could not be loaded
      {error ? `: ${error.message}` : '.'}
    </Typography>
    <Typography variant="body2">
      Reload the page to try again. If it keeps failing, the kafka-taas backend
      is not answering <code>GET /api/kafka-taas/policy</code>: ask the platform
      team to check it.
    </Typography>
  </Alert>
);
