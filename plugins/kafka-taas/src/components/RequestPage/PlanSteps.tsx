import {
  InfoCard,
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  ProvisioningStep,
  TopicRequest,
} from '@kafka-taas/plugin-kafka-taas-common';
import { RetryButton } from './RetryButton';

type StepState = 'done' | 'failed' | 'running' | 'pending' | 'not run';

function stepState(
  request: TopicRequest,
  step: ProvisioningStep,
  firstOpen: boolean,
): StepState {
  if (request.completedSteps.includes(step.id)) return 'done';
  if (request.status === 'failed' && request.failedStep === step.id)
    return 'failed';
  if (request.status === 'rejected' || request.status === 'expired')
    return 'not run';
  if (request.status === 'provisioning' && firstOpen) return 'running';
  return 'pending';
}

const STATE_ICONS: Record<StepState, (props: {}) => JSX.Element> = {
  done: StatusOK,
  failed: StatusError,
  running: StatusRunning,
  pending: StatusPending,
  'not run': StatusAborted,
};

const STATE_LABELS: Record<StepState, string> = {
  done: 'Done',
  failed: 'Failed',
  running: 'In progress',
  pending: 'Pending',
  'not run': 'Not run',
};

/**
 * The provisioning steps, in order, each done, failed (with the error), in progress or pending;
 * a failed request can be retried from here and resumes at the failed step.
 */
export const PlanSteps = (props: {
  request: TopicRequest;
  onChange: () => void;
}) => {
  const { request, onChange } = props;
  const firstOpen = request.plan.find(
    step => !request.completedSteps.includes(step.id),
  );
  return (
    <InfoCard title="Plan" subheader="What provisioning does, in order">
      <List dense aria-label="Plan steps">
        {request.plan.map(step => {
          const state = stepState(request, step, step === firstOpen);
          const Icon = STATE_ICONS[state];
          return (
            <ListItem key={step.id}>
              <ListItemText
                primary={step.title}
                secondary={
                  <>
                    <Icon />
                    {STATE_LABELS[state]}
                    {state === 'failed' && request.error && (
                      <Typography
                        component="span"
                        variant="body2"
                        color="error"
                        display="block"
                      >
                        {request.error}
                      </Typography>
                    )}
                  </>
                }
              />
            </ListItem>
          );
        })}
      </List>
      {request.status === 'failed' && (
        <RetryButton request={request} onChange={onChange} />
      )}
    </InfoCard>
  );
};
