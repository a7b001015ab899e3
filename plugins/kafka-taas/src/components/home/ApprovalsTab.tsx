import { EmptyState, Progress } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { kafkaTaasApiRef } from '../../api';
import { PlanSteps } from '../RequestPage/PlanSteps';
import { RequestSummary } from '../RequestPage/RequestSummary';
import { requestTitle } from '../RequestPage/requestText';
import { ApprovalDecision } from './ApprovalDecision';
import { RequestLink } from './requestLinks';
import { TabError } from './TabError';

/**
 * "Approvals": the pending requests that need a role the signed-in user holds, each with what it
 * asks and its plan; approve or reject from here, and the list is read again after each decision.
 */
export const ApprovalsTab = () => {
  const api = useApi(kafkaTaasApiRef);
  const identityApi = useApi(identityApiRef);
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const [list, identity] = await Promise.all([
      api.listTopicRequests({ awaitingMyApproval: true }),
      identityApi.getBackstageIdentity(),
    ]);
    return { ...list, ownershipEntityRefs: identity.ownershipEntityRefs };
  }, [api, identityApi]);

  if (error) {
    return (
      <TabError
        error={error}
        what="the requests waiting for your approval"
        permission="kafka-taas.topic-request.read"
        onRetry={retry}
      />
    );
  }
  if (!value) {
    return <Progress />;
  }
  if (value.items.length === 0) {
    return (
      <EmptyState
        missing="content"
        title="Nothing waits for you"
        description="Requests that need the approval of a role you hold (team lead, platform, data governance, security: the groups in kafkaTaas.approvals.roles) show here. Your own requests never do: someone else approves them."
      />
    );
  }
  return (
    <>
      {loading && <Progress />}
      {value.totalCount > value.items.length && (
        <Typography variant="body2" color="textSecondary" paragraph>
          The latest {value.items.length} of {value.totalCount} requests waiting
          for you.
        </Typography>
      )}
      {value.items.map(request => (
        <Box
          key={request.id}
          component="section"
          mb={4}
          aria-label={requestTitle(request)}
        >
          <Box
            display="flex"
            alignItems="center"
            justifyContent="space-between"
            flexWrap="wrap"
            mb={1}
            style={{ gap: 8 }}
          >
            <Typography variant="h5" component="h2">
              <RequestLink id={request.id}>{requestTitle(request)}</RequestLink>
            </Typography>
            <ApprovalDecision
              request={request}
              ownershipEntityRefs={value.ownershipEntityRefs}
              onDecided={retry}
            />
          </Box>
          <Grid container spacing={2}>
            <Grid item xs={12} md={7}>
              <RequestSummary request={request} />
            </Grid>
            <Grid item xs={12} md={5}>
              <PlanSteps request={request} onChange={retry} />
            </Grid>
          </Grid>
        </Box>
      ))}
    </>
  );
};
