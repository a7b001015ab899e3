import Typography from '@material-ui/core/Typography';
import { PolicyViolation } from '@kafka-taas/plugin-kafka-taas-common';

/** Each broken rule as the policy engine words it: field, rule and what is allowed. */
export const PolicyViolationList = ({
  violations,
  label = 'Policy violations',
}: {
  violations: PolicyViolation[];
  label?: string;
}) =>
  violations.length === 0 ? null : (
    <ul aria-label={label}>
      {violations.map(violation => (
        <li key={`${violation.field}:${violation.rule}`}>
          <Typography variant="body2" color="error">
            {violation.message}
          </Typography>
        </li>
      ))}
    </ul>
  );
