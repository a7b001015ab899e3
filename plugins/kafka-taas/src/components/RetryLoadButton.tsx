import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';

/** Reads again what a card or tab could not read. */
export const RetryLoadButton = ({ onClick }: { onClick: () => void }) => (
  <Box mt={2}>
    <Button variant="outlined" color="primary" onClick={onClick}>
      Retry
    </Button>
  </Box>
);
