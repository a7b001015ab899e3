import { InfoCard } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import {
  TopicRequest,
  TopicRequestEvent,
} from '@kafka-taas/plugin-kafka-taas-common';
import { CatalogEntityLink } from './CatalogEntityLink';
import { Time } from './RequestSummary';
import { eventLabel } from './requestText';

const DETAIL_LABELS: Record<string, string> = {
  role: 'role',
  comment: 'comment',
  reason: 'reason',
  error: 'error',
  fromStep: 'from step',
  expiresAt: 'expired at',
  status: 'status',
  kind: 'kind',
};

function detailText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The step's title from the plan, and the facts the backend recorded with the event. */
export function eventDetails(
  event: TopicRequestEvent,
  request: TopicRequest,
): string[] {
  const lines: string[] = [];
  if (event.step) {
    const step = request.plan.find(s => s.id === event.step);
    lines.push(step ? step.title : `step ${event.step}`);
  }
  for (const [key, value] of Object.entries(event.details ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    if (key === 'worker') continue; // which backend replica ran it: noise for a reader
    lines.push(`${DETAIL_LABELS[key] ?? key}: ${detailText(value)}`);
  }
  return lines;
}

/** Every state change, decision and provisioning step, oldest first. */
export const AuditTrail = (props: {
  request: TopicRequest;
  events: TopicRequestEvent[];
}) => {
  const { request } = props;
  const events = [...props.events].sort(
    (a, b) => a.at.localeCompare(b.at) || a.id - b.id,
  );
  return (
    <InfoCard title="Audit trail">
      <Table size="small" aria-label="Audit trail">
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell>What</TableCell>
            <TableCell>Who</TableCell>
            <TableCell>Details</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {events.map(event => (
            <TableRow key={event.id}>
              <TableCell>
                <Time at={event.at} />
              </TableCell>
              <TableCell>{eventLabel(event.type)}</TableCell>
              <TableCell>
                {event.actor === 'system' ? (
                  'system'
                ) : (
                  <CatalogEntityLink
                    entityRef={event.actor}
                    defaultKind="user"
                  />
                )}
              </TableCell>
              <TableCell>
                {eventDetails(event, request).map(line => (
                  <div key={line}>{line}</div>
                ))}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
};
