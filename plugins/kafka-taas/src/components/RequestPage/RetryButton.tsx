import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { TopicRequest } from '@kafka-taas/plugin-kafka-taas-common';
import { kafkaTaasApiRef } from '../../api';
import { backendMessage } from './requestText';

/** Resumes a failed request at the step that failed; says why when the backend refuses. */
export const RetryButton = (props: {
  request: TopicRequest;
  onChange: () => void;
}) => {
  const { request, onChange } = props;
  const api = useApi(kafkaTaasApiRef);
  const [{ loading, error }, retry] = useAsyncFn(async () => {
    await api.retryTopicRequest(request.id);
    onChange();
  }, [api, request.id, onChange]);

  return (
    <Box mt={1}>
      {error && (
        <Box mb={1}>
          <Alert severity="error">{backendMessage(error)}</Alert>
        </Box>
      )}
      <Button
        variant="contained"
        color="primary"
        disabled={loading}
        onClick={() => retry()}
      >
        Retry from the failed step
      </Button>
    </Box>
  );
};
