import { Content, Header, Page } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { DemoUser } from './demoUsers';

const DemoUserCard = (props: {
  user: DemoUser;
  onPick: (user: DemoUser) => void;
}) => {
  const { user, onPick } = props;
  const descriptionId = `demo-user-${user.name}-description`;
  return (
    <Card>
      <CardContent>
        <Typography variant="body2" color="textSecondary" id={descriptionId}>
          {user.description ?? `Signs in as user:default/${user.name}`}
        </Typography>
      </CardContent>
      <CardActions>
        {/* The button's accessible name is exactly the display name. */}
        <Button
          variant="contained"
          color="primary"
          aria-describedby={descriptionId}
          onClick={() => onPick(user)}
        >
          {user.displayName}
        </Button>
      </CardActions>
    </Card>
  );
};

/** Lists the demo users; picking one signs in as that user. */
export const DemoUserPicker = (props: {
  users: DemoUser[];
  onPick: (user: DemoUser) => void;
}) => (
  <Page themeId="home">
    <Header title="Kafka TaaS" subtitle="Demo sign-in: choose who you are" />
    <Content>
      <Grid container spacing={3}>
        {props.users.map(user => (
          <Grid item xs={12} sm={6} md={3} key={user.name}>
            <DemoUserCard user={user} onPick={props.onPick} />
          </Grid>
        ))}
      </Grid>
    </Content>
  </Page>
);
