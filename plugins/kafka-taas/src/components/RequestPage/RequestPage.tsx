import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Grid from '@material-ui/core/Grid';
import { ApprovalCard } from './ApprovalCard';
import { AuditTrail } from './AuditTrail';
import { PlanSteps } from './PlanSteps';
import { RequestSummary } from './RequestSummary';
import { backendMessage, requestTitle } from './requestText';
import { useTopicRequest } from './useTopicRequest';

const statusOf = (error: Error) =>
  error instanceof ResponseError ? error.statusCode : undefined;

const RequestError = ({ id, error }: { id: string; error: Error }) => {
  const status = statusOf(error);
  if (status === 404) {
    return (
      <EmptyState
        missing="data"
        title="This topic request does not exist"
        description={`No topic request has the id ${id}. Check the link you followed; a request is never deleted, so the id is likely mistyped.`}
      />
    );
  }
  if (status === 403) {
    return (
      <EmptyState
        missing="info"
        title="You may not see this topic request"
        description={`${backendMessage(
          error,
        )} Ask a platform admin for the permission to read topic requests.`}
      />
    );
  }
  return <ResponseErrorPanel error={error} />;
};

/**
 * One topic request: what it asks, its plan and how far provisioning got, its approvals and
 * the decision, and its audit trail. Polls while the request is being provisioned.
 */
export const RequestPageContent = ({ id }: { id: string }) => {
  const { value, loading, error, retry } = useTopicRequest(id);

  if (!value) {
    return (
      <Content>
        {loading || !error ? (
          <Progress />
        ) : (
          <RequestError id={id} error={error} />
        )}
      </Content>
    );
  }
  const { request, events } = value;
  return (
    <Content>
      <ContentHeader title={requestTitle(request)} />
      {error && (
        <WarningPanel
          severity="error"
          title="Could not refresh this request: what you see may be out of date"
          message={backendMessage(error)}
        />
      )}
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <RequestSummary request={request} />
        </Grid>
        <Grid item xs={12} md={6}>
          <ApprovalCard request={request} onChange={retry} />
        </Grid>
        <Grid item xs={12} md={6}>
          <PlanSteps request={request} onChange={retry} />
        </Grid>
        <Grid item xs={12}>
          <AuditTrail request={request} events={events} />
        </Grid>
      </Grid>
    </Content>
  );
};

/** The request page with its own header, for the legacy frontend system. */
export const RequestPage = ({ id }: { id: string }) => (
  <Page themeId="tool">
    <Header title="Kafka" subtitle="Topic request" />
    <RequestPageContent id={id} />
  </Page>
);
