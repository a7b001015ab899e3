import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { topicNameOf } from '@kafka-taas/plugin-kafka-taas-common';
import { KafkaTopicNameValue } from './topicRequestFromForm';

/** The full topic name as typed so far, with placeholders for the missing parts. */
export const TopicNamePreview = ({ value }: { value: KafkaTopicNameValue }) => {
  const topicName = topicNameOf({
    domain: value.domain || '<domain>',
    subdomain: value.subdomain,
    name: value.name || '<name>',
    version: value.version,
  });
  return (
    <Box mt={2}>
      <Typography variant="caption" color="textSecondary" component="div">
        Topic name
      </Typography>
      <Typography
        variant="body1"
        component="code"
        data-testid="kafka-topic-name-preview"
      >
        {topicName}
      </Typography>
    </Box>
  );
};
