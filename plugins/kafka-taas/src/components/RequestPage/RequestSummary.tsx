import { InfoCard } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  TopicRequest,
  topicEntityRef,
} from '@kafka-taas/plugin-kafka-taas-common';
import { Field } from '../Field';
import { CatalogEntityLink } from './CatalogEntityLink';
import { RequestStatusChip } from './RequestStatusChip';
import { formatTime } from './requestText';


export const Time = ({ at }: { at: string }) => (
  <time dateTime={at} title={at}>
    {formatTime(at)}
  </time>
);

/** What the request says beyond the topic: the reason for a change, the description of a topic. */
function purpose(request: TopicRequest): string | undefined {
  const { input } = request;
  if (!('kind' in input)) return request.resolved.description;
  return input.kind === 'schema' ? undefined : input.reason;
}

/** The topic is there to see once a request that makes or changes it is ready. */
function topicExists(request: TopicRequest): boolean {
  return request.status === 'ready' && request.kind !== 'delete';
}

/** Who asked for what, where, and where the request stands. */
export const RequestSummary = ({ request }: { request: TopicRequest }) => {
  const { input } = request;
  return (
    <InfoCard title="Request">
      {purpose(request) && (
        <Typography variant="body1" paragraph>
          {purpose(request)}
        </Typography>
      )}
      <Grid container spacing={2} component="dl">
        <Field label="Status">
          <RequestStatusChip status={request.status} />
        </Field>
        <Field label="Environment">{request.environment}</Field>
        <Field label="Cluster">{request.cluster}</Field>
        <Field label="Topic">
          {topicExists(request) ? (
            <CatalogEntityLink
              entityRef={topicEntityRef(request.topicName)}
              defaultKind="resource"
            >
              {request.topicName}
            </CatalogEntityLink>
          ) : (
            request.topicName
          )}
        </Field>
        <Field label="Requested by">
          <CatalogEntityLink
            entityRef={request.requestedBy}
            defaultKind="user"
          />
        </Field>
        <Field label="Owner">
          <CatalogEntityLink entityRef={request.owner} defaultKind="group" />
        </Field>
        {'kind' in input && input.kind === 'access' && (
          <Field label="Consumer group">{input.consumerGroup}</Field>
        )}
        {'kind' in input && input.kind === 'schema' && (
          <Field label="Schema">
            {input.schema.type}
            {request.resolved.schema &&
              `, ${request.resolved.schema.compatibility} compatibility`}
          </Field>
        )}
        {'kind' in input && input.kind === 'delete' && input.force && (
          <Field label="Forced">
            Yes, even while consumer groups are active
          </Field>
        )}
        <Field label="Created">
          <Time at={request.createdAt} />
        </Field>
        {request.status === 'pending_approval' ? (
          <Field label="Expires">
            <Time at={request.expiresAt} />
          </Field>
        ) : (
          <Field label="Last change">
            <Time at={request.updatedAt} />
          </Field>
        )}
      </Grid>
      {request.status === 'rejected' && request.rejectionReason && (
        <Typography variant="body1" color="error">
          Rejected: {request.rejectionReason}
        </Typography>
      )}
    </InfoCard>
  );
};
