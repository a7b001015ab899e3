import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { TopicRequest } from '@kafka-taas/plugin-kafka-taas-common';
import { kafkaTaasApiRef } from '../../api';
import { requestRouteRef } from '../../routes';
import { topicNameOf } from '../lag/entities';
import { AuditTrail } from '../RequestPage/AuditTrail';
import { CatalogEntityLink } from '../RequestPage/CatalogEntityLink';
import { PlanSteps } from '../RequestPage/PlanSteps';
import { Time } from '../RequestPage/RequestSummary';
import { RequestStatusChip } from '../RequestPage/RequestStatusChip';
import { entityRefLabel } from '../RequestPage/requestText';
import { TopicLoadError } from './TopicLoadError';

/** How many requests the card reads; the request pages hold the rest. */
export const HISTORY_LIMIT = 100;

/** What the request did to the topic, in a few words. */
export function requestKindText(request: TopicRequest): string {
  const { input } = request;
  if ('kind' in input) {
    switch (input.kind) {
      case 'access':
        return `Read access for ${entityRefLabel(input.group, 'group')}`;
      case 'schema':
        return 'New schema';
      case 'delete':
        return 'Deletion';
      default:
        break;
    }
  }
  return 'Creation';
}

/** Each approval given, and the roles still waited for while the request is pending. */
const Approvals = ({ request }: { request: TopicRequest }) => {
  const approved = new Set(request.approvals.map(a => a.role));
  const waiting =
    request.status === 'pending_approval'
      ? request.approval.roles.filter(r => !approved.has(r.role))
      : [];
  if (!request.approval.required && request.approvals.length === 0) {
    return <>Not needed</>;
  }
  const title = (role: string) =>
    request.approval.roles.find(r => r.role === role)?.title ?? role;
  return (
    <>
      {request.approvals.map(a => (
        <div key={`${a.role} ${a.by}`}>
          {title(a.role)}:{' '}
          <CatalogEntityLink entityRef={a.by} defaultKind="user" />,{' '}
          <Time at={a.at} />
        </div>
      ))}
      {waiting.length > 0 && (
        <div>Waiting for {waiting.map(r => r.title).join(', ')}</div>
      )}
      {request.approvals.length === 0 && waiting.length === 0 && 'None'}
    </>
  );
};

/** A request's provisioning steps and audit trail, read when it is expanded. */
const RequestTrail = (props: { id: string; onChange: () => void }) => {
  const { id, onChange } = props;
  const api = useApi(kafkaTaasApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getTopicRequest(id),
    [api, id],
  );
  if (error) {
    return (
      <>
        <ResponseErrorPanel
          error={error}
          title="Could not read the audit trail of this request"
        />
        <Button variant="outlined" color="primary" onClick={retry}>
          Retry
        </Button>
      </>
    );
  }
  if (loading || !value) return <Progress />;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={5}>
        <PlanSteps
          request={value.request}
          onChange={() => {
            retry();
            onChange();
          }}
        />
      </Grid>
      <Grid item xs={12} md={7}>
        <AuditTrail request={value.request} events={value.events} />
      </Grid>
    </Grid>
  );
};

const COLUMNS = 8;

const RequestRow = (props: {
  request: TopicRequest;
  expanded: boolean;
  onToggle: () => void;
  onChange: () => void;
}) => {
  const { request, expanded, onToggle, onChange } = props;
  const requestLink = useRouteRef(requestRouteRef);
  return (
    <>
      <TableRow>
        <TableCell>
          <Time at={request.createdAt} />
        </TableCell>
        <TableCell>{requestKindText(request)}</TableCell>
        <TableCell>{request.environment}</TableCell>
        <TableCell>
          <RequestStatusChip status={request.status} />
        </TableCell>
        <TableCell>
          <CatalogEntityLink
            entityRef={request.requestedBy}
            defaultKind="user"
          />
        </TableCell>
        <TableCell>
          <Approvals request={request} />
        </TableCell>
        <TableCell>
          <Link to={requestLink({ id: request.id })}>Request page</Link>
        </TableCell>
        <TableCell>
          <Button
            size="small"
            aria-expanded={expanded}
            aria-label={
              expanded ? 'Hide the audit trail' : 'Show the audit trail'
            }
            onClick={onToggle}
          >
            {expanded ? 'Hide' : 'Audit trail'}
          </Button>
        </TableCell>
      </TableRow>
      {expanded && (
        <TableRow>
          <TableCell colSpan={COLUMNS}>
            <RequestTrail id={request.id} onChange={onChange} />
          </TableCell>
        </TableRow>
      )}
    </>
  );
};

const NoRequests = ({ topic }: { topic: string }) => (
  <EmptyState
    missing="data"
    title="No request names this topic"
    description={`Requests made through Kafka TaaS for ${topic} show here: its creation with the "Create Kafka topic" template, and read access, schema and deletion requests. A topic that was declared in a catalog-info.yaml or found on a cluster has none until someone asks for a change.`}
  />
);

/**
 * The "History" card of a topic's entity: every request for the topic, newest first, with its
 * kind, environment, status, requester and approvals, a link to its page, and its provisioning
 * steps and audit trail inline on demand.
 */
export const TopicHistoryCard = () => {
  const { entity } = useEntity();
  const topic = topicNameOf(entity);
  const api = useApi(kafkaTaasApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listTopicRequests({ topic, limit: HISTORY_LIMIT }),
    [api, topic],
  );
  const [expanded, setExpanded] = useState<string>();

  let content: React.ReactNode;
  if (error) {
    content = (
      <TopicLoadError
        topic={topic}
        what="the requests of this topic"
        error={error}
        onRetry={retry}
      />
    );
  } else if (!value) {
    content = <Progress />;
  } else if (value.items.length === 0) {
    content = <NoRequests topic={topic} />;
  } else {
    content = (
      <>
        {loading && <Progress />}
        <Table size="small" aria-label="Requests">
          <TableHead>
            <TableRow>
              <TableCell>Created</TableCell>
              <TableCell>Kind</TableCell>
              <TableCell>Environment</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Requested by</TableCell>
              <TableCell>Approvals</TableCell>
              <TableCell>Page</TableCell>
              <TableCell>Audit trail</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {value.items.map(request => (
              <RequestRow
                key={request.id}
                request={request}
                expanded={expanded === request.id}
                onToggle={() =>
                  setExpanded(expanded === request.id ? undefined : request.id)
                }
                onChange={retry}
              />
            ))}
          </TableBody>
        </Table>
        {value.totalCount > value.items.length && (
          <Box mt={1}>
            <Typography variant="caption" color="textSecondary">
              The newest {value.items.length} of {value.totalCount} requests.
            </Typography>
          </Box>
        )}
      </>
    );
  }
  return <InfoCard title="History">{content}</InfoCard>;
};
