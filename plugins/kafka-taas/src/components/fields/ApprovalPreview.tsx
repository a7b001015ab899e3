import Typography from '@material-ui/core/Typography';
import { ApprovalRequirement } from '@kafka-taas/plugin-kafka-taas-common';

/** Who must approve a request: each role once, with the groups that hold it. */
export const ApprovalPreview = ({
  approval,
}: {
  approval?: ApprovalRequirement;
}) => {
  if (!approval) {
    return (
      <Typography variant="body2" color="textSecondary">
        Choose an environment and a criticality to see who must approve.
      </Typography>
    );
  }
  if (!approval.required) {
    return (
      <Typography variant="body1">Automatic: provisioned at once</Typography>
    );
  }
  return (
    <>
      <Typography variant="body1">
        Needs approval from {approval.roles.map(r => r.title).join(' + ')}
      </Typography>
      <ul aria-label="Approver groups">
        {approval.roles.map(({ role, title, groups }) => (
          <li key={role}>
            <Typography variant="body2" color="textSecondary">
              {title}:{' '}
              {groups.length > 0
                ? groups.join(', ')
                : 'no group configured yet, so nobody can approve this role; ask the platform team'}
            </Typography>
          </li>
        ))}
      </ul>
    </>
  );
};
