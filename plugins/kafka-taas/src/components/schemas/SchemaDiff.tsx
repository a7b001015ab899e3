import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DiffLine } from './lineDiff';

const useStyles = makeStyles(theme => ({
  diff: {
    margin: 0,
    padding: theme.spacing(1, 0),
    fontFamily: 'monospace',
    fontSize: '0.8125rem',
    overflowX: 'auto',
    maxHeight: 480,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  line: {
    display: 'block',
    whiteSpace: 'pre',
    padding: theme.spacing(0, 1),
    textDecoration: 'none',
  },
  added: {
    backgroundColor:
      theme.palette.type === 'dark' ? 'rgba(46, 160, 67, 0.25)' : '#e6ffed',
  },
  removed: {
    backgroundColor:
      theme.palette.type === 'dark' ? 'rgba(248, 81, 73, 0.25)' : '#ffeef0',
  },
}));

const MARKS: Record<DiffLine['kind'], string> = {
  same: ' ',
  added: '+',
  removed: '-',
};

/** A line diff: added lines green (`<ins>`), removed lines red (`<del>`), the rest as they are. */
export const SchemaDiff = ({
  lines,
  label,
}: {
  lines: DiffLine[];
  label: string;
}) => {
  const classes = useStyles();
  const added = lines.filter(l => l.kind === 'added').length;
  const removed = lines.filter(l => l.kind === 'removed').length;
  return (
    <>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        {added === 0 && removed === 0
          ? 'The two versions are the same.'
          : `${added} line${added === 1 ? '' : 's'} added, ${removed} line${
              removed === 1 ? '' : 's'
            } removed.`}
      </Typography>
      <Box component="pre" className={classes.diff} aria-label={label}>
        {lines.map((line, i) => {
          const text = `${MARKS[line.kind]} ${line.text}`;
          if (line.kind === 'added')
            return (
              <ins key={i} className={`${classes.line} ${classes.added}`}>
                {text}
              </ins>
            );
          if (line.kind === 'removed')
            return (
              <del key={i} className={`${classes.line} ${classes.removed}`}>
                {text}
              </del>
            );
          return (
            <span key={i} className={classes.line}>
              {text}
            </span>
          );
        })}
      </Box>
    </>
  );
};
