import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useCallback, useState } from 'react';
import { TopicRequest } from '@kafka-taas/plugin-kafka-taas-common';
import { kafkaTaasApiRef } from '../../api';
import { DecisionDialog } from '../RequestPage/DecisionDialog';

/**
 * The roles of a request the user may still approve: not approved yet, held by one of the
 * user's groups (the backend's own rule, on the groups of the sign-in identity).
 */
export function rolesToApprove(
  request: TopicRequest,
  ownershipEntityRefs: readonly string[],
) {
  const approved = new Set(request.approvals.map(a => a.role));
  return request.approval.roles.filter(
    role =>
      !approved.has(role.role) &&
      role.groups.some(group => ownershipEntityRefs.includes(group)),
  );
}

/**
 * Approve (for the role chosen when the user holds several that still need to approve, with an
 * optional comment) or reject with a required reason; `onDecided` after the backend took it.
 */
export const ApprovalDecision = (props: {
  request: TopicRequest;
  ownershipEntityRefs: readonly string[];
  onDecided: () => void;
}) => {
  const { request, ownershipEntityRefs, onDecided } = props;
  const api = useApi(kafkaTaasApiRef);
  const roles = rolesToApprove(request, ownershipEntityRefs);
  const [role, setRole] = useState(roles[0]?.role);
  const [open, setOpen] = useState<'approve' | 'reject'>();
  const close = useCallback(() => setOpen(undefined), []);
  const prefix = `kafka-taas-${request.id}`;

  const approve = useCallback(
    async (comment: string) => {
      await api.approveTopicRequest(request.id, {
        ...(role && { role }),
        ...(comment && { comment }),
      });
      setOpen(undefined);
      onDecided();
    },
    [api, request.id, role, onDecided],
  );
  const reject = useCallback(
    async (reason: string) => {
      await api.rejectTopicRequest(request.id, { reason });
      setOpen(undefined);
      onDecided();
    },
    [api, request.id, onDecided],
  );
  const roleTitle = roles.find(r => r.role === role)?.title;

  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      {roles.length > 1 && (
        <TextField
          id={`${prefix}-role`}
          select
          label="Approve as"
          value={role ?? ''}
          onChange={event => setRole(event.target.value)}
          variant="outlined"
          size="small"
          style={{ minWidth: 200 }}
        >
          {roles.map(r => (
            <MenuItem key={r.role} value={r.role}>
              {r.title}
            </MenuItem>
          ))}
        </TextField>
      )}
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
          id={`${prefix}-approve`}
          open
          title={`Approve ${request.topicName}`}
          description={
            roleTitle
              ? `Your approval counts for the role ${roleTitle}. The request moves on once every role has approved.`
              : 'Your approval counts for one role you hold that still needs to approve.'
          }
          label="Comment (optional)"
          confirmLabel="Approve"
          onConfirm={approve}
          onClose={close}
        />
      )}
      {open === 'reject' && (
        <DecisionDialog
          id={`${prefix}-reject`}
          open
          title={`Reject ${request.topicName}`}
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
