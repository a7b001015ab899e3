import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';

/** One labelled value of a card's grid of facts (a `dt`/`dd` pair). */
export const Field = (props: {
  label: string;
  children: React.ReactNode;
  /** Columns of 12 it takes on a medium screen. */
  md?: 3 | 4;
}) => (
  <Grid item xs={12} sm={6} md={props.md ?? 3}>
    <Typography variant="subtitle2" color="textSecondary" component="dt">
      {props.label}
    </Typography>
    <Typography variant="body1" component="dd" style={{ margin: 0 }}>
      {props.children}
    </Typography>
  </Grid>
);
