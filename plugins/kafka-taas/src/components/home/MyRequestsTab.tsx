import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { kafkaTaasApiRef } from '../../api';
import { RequestStatusChip } from '../RequestPage/RequestStatusChip';
import { Time } from '../RequestPage/RequestSummary';
import { CreateTopicLink } from './CreateTopicLink';
import { kindLabel, RequestLink } from './requestLinks';
import { TabError } from './TabError';

/** "My requests": the signed-in user's topic requests, newest first, each linked to its page. */
export const MyRequestsTab = () => {
  const api = useApi(kafkaTaasApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listTopicRequests({ mine: true }),
    [api],
  );

  if (error) {
    return (
      <TabError
        error={error}
        what="your topic requests"
        permission="kafka-taas.topic-request.read"
        onRetry={retry}
      />
    );
  }
  if (loading || !value) {
    return <Progress />;
  }
  if (value.items.length === 0) {
    return (
      <EmptyState
        missing="content"
        title="You have not requested anything yet"
        description="Your topic requests (new topics, read access, schema changes, deletions) show here with their status. Start with the template below."
        action={<CreateTopicLink />}
      />
    );
  }
  return (
    <InfoCard
      title="My requests"
      subheader={
        value.totalCount > value.items.length
          ? `The latest ${value.items.length} of ${value.totalCount}`
          : undefined
      }
      noPadding
    >
      <Table size="small" aria-label="My requests">
        <TableHead>
          <TableRow>
            <TableCell>Topic</TableCell>
            <TableCell>Kind</TableCell>
            <TableCell>Environment</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Created</TableCell>
            <TableCell>Request</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {value.items.map(request => (
            <TableRow key={request.id}>
              <TableCell component="th" scope="row">
                {request.topicName}
              </TableCell>
              <TableCell>{kindLabel(request.kind)}</TableCell>
              <TableCell>{request.environment}</TableCell>
              <TableCell>
                <RequestStatusChip status={request.status} />
              </TableCell>
              <TableCell>
                <Time at={request.createdAt} />
              </TableCell>
              <TableCell>
                <RequestLink
                  id={request.id}
                  aria-label={`Open the request for ${request.topicName}`}
                >
                  Open
                </RequestLink>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
};
