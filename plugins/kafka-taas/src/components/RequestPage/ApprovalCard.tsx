import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useCallback, useState } from 'react';
import {
  TopicRequest,
  TopicRequestApproval,
} from '@kafka-taas/plugin-kafka-taas-common';
import { kafkaTaasApiRef } from '../../api';
import { CatalogEntityLink } from './CatalogEntityLink';
import { DecisionDialog } from './DecisionDialog';
import { Time } from './RequestSummary';

const Approval = ({ approval }: { approval?: TopicRequestApproval }) => {
  if (!approval) {
    return (
      <Typography variant="body2" color="textSecondary">
        Waiting
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="body2">
        Approved by{' '}
        <CatalogEntityLink entityRef={approval.by} defaultKind="user" />,{' '}
        <Time at={approval.at} />
      </Typography>
      {approval.comment && (
        <Typography variant="body2" color="textSecondary">
          “{approval.comment}”
        </Typography>
      )}
    </>
  );
};

/** Approve (optional comment) and reject (reason required); the backend decides who may. */
const DecisionButtons = (props: {
  request: TopicRequest;
  onChange: () => void;
}) => {
  const { request, onChange } = props;
  const api = useApi(kafkaTaasApiRef);
  const [open, setOpen] = useState<'approve' | 'reject'>();
  const close = useCallback(() => setOpen(undefined), []);

  const approve = useCallback(
    async (comment: string) => {
      await api.approveTopicRequest(
        request.id,
        comment ? { comment } : undefined,
      );
      setOpen(undefined);
      onChange();
    },
    [api, request.id, onChange],
  );
  const reject = useCallback(
    async (reason: string) => {
      await api.rejectTopicRequest(request.id, { reason });
      setOpen(undefined);
      onChange();
    },
    [api, request.id, onChange],
  );

  return (
    <Box mt={2} display="flex" style={{ gap: 8 }}>
      <Button
        variant="contained"
        color="primary"
        onClick={() => setOpen('approve')}
      >
        Approve
      </Button>
      <Button variant="outlined" onClick={() => setOpen('reject')}>
        Reject
      </Button>
      {open === 'approve' && (
        <DecisionDialog
          id="kafka-taas-approve"
          open
          title="Approve this request"
          description="Your approval counts for one role you hold that still needs to approve. The requester cannot approve their own request."
          label="Comment (optional)"
          confirmLabel="Approve"
          onConfirm={approve}
          onClose={close}
        />
      )}
      {open === 'reject' && (
        <DecisionDialog
          id="kafka-taas-reject"
          open
          title="Reject this request"
          description="Rejecting ends the request: nothing is created, and the requester is told why."
          label="Reason"
          requiredText="Required: tell the requester why, so they can ask again in a way that passes."
          confirmLabel="Reject"
          onConfirm={reject}
          onClose={close}
        />
      )}
    </Box>
  );
};

/** The roles that must approve, with their groups; who approved, when and why; the decision. */
export const ApprovalCard = (props: {
  request: TopicRequest;
  onChange: () => void;
}) => {
  const { request, onChange } = props;
  const { approval, approvals } = request;
  return (
    <InfoCard title="Approval">
      {approval.required ? (
        <Table size="small" aria-label="Approvals">
          <TableHead>
            <TableRow>
              <TableCell>Role</TableCell>
              <TableCell>Held by members of</TableCell>
              <TableCell>Approval</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {approval.roles.map(role => (
              <TableRow key={role.role}>
                <TableCell component="th" scope="row">
                  {role.title}
                </TableCell>
                <TableCell>
                  {role.groups.length === 0
                    ? 'no group configured'
                    : role.groups.map((group, index) => (
                        <span key={group}>
                          {index > 0 && ', '}
                          <CatalogEntityLink
                            entityRef={group}
                            defaultKind="group"
                          />
                        </span>
                      ))}
                </TableCell>
                <TableCell>
                  <Approval
                    approval={approvals.find(a => a.role === role.role)}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <Typography variant="body1">
          No approval needed: the policy approved this request automatically.
        </Typography>
      )}
      {request.status === 'pending_approval' && (
        <DecisionButtons request={request} onChange={onChange} />
      )}
    </InfoCard>
  );
};
