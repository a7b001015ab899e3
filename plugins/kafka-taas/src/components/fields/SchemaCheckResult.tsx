import Box from '@material-ui/core/Box';
import CircularProgress from '@material-ui/core/CircularProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { PolicyViolationList } from './PolicyViolationList';
import { SchemaVerdict } from './schemaCheck';

const Verdict = ({ verdict }: { verdict: SchemaVerdict }) => {
  switch (verdict.status) {
    case 'valid':
      return <Alert severity="success">{verdict.message}</Alert>;
    case 'invalid':
      return (
        <PolicyViolationList
          violations={verdict.violations}
          label="Schema violations"
        />
      );
    case 'unchecked':
      return (
        <Typography variant="body2" color="textSecondary">
          Not checked yet: the schema is parsed and checked against the schema
          registry once the other pages of the form are valid. Go back to fix
          them, or go on: the whole request is checked when you click Create.
        </Typography>
      );
    case 'unavailable':
      return (
        <Alert severity="warning">
          The schema could not be checked just now: {verdict.reason}. You can go
          on: it is checked again when you click Create.
        </Alert>
      );
    default:
      return null;
  }
};

/** The backend's verdict on the schema, or that it is being asked for. */
export const SchemaCheckResult = ({
  checking,
  verdict,
}: {
  checking: boolean;
  verdict?: SchemaVerdict;
}) => (
  <Box role="status" aria-label="Schema check" mt={1}>
    {checking && (
      <Box display="flex" alignItems="center" gridGap={8}>
        <CircularProgress size={16} />
        <Typography variant="body2" color="textSecondary">
          Checking the schema…
        </Typography>
      </Box>
    )}
    {!checking && verdict && <Verdict verdict={verdict} />}
  </Box>
);
