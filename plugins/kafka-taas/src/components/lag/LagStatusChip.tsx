import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import { LagStatus } from '@kafka-taas/plugin-kafka-taas-common';

const LABELS: Record<LagStatus, string> = {
  ok: 'OK',
  lagging: 'Lagging',
  stalled: 'Stalled',
  stopped: 'Stopped',
  rewound: 'Rewound',
  unknown: 'Unknown',
};

const useStyles = makeStyles(theme => ({
  ok: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  lagging: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  stalled: {
    backgroundColor: theme.palette.error.light,
    color: theme.palette.error.contrastText,
  },
  stopped: {
    backgroundColor: theme.palette.error.dark,
    color: theme.palette.error.contrastText,
  },
  rewound: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
  unknown: {},
}));

/** A group's lag status, colored, with the backend's reason as its tooltip. */
export const LagStatusChip = (props: { status: LagStatus; reason: string }) => {
  const { status, reason } = props;
  const classes = useStyles();
  return (
    <Tooltip title={reason}>
      <Chip
        label={LABELS[status] ?? status}
        size="small"
        className={classes[status]}
      />
    </Tooltip>
  );
};
