import Chip from '@material-ui/core/Chip';
import { TopicRequestStatus } from '@kafka-taas/plugin-kafka-taas-common';
import { statusLabel } from './requestText';

const COLORS: Partial<Record<TopicRequestStatus, 'primary' | 'secondary'>> = {
  ready: 'primary',
  failed: 'secondary',
  rejected: 'secondary',
  expired: 'secondary',
};

/** The request's status in words. */
export const RequestStatusChip = ({
  status,
}: {
  status: TopicRequestStatus;
}) => (
  <Chip
    label={statusLabel(status)}
    size="small"
    color={COLORS[status] ?? 'default'}
  />
);
