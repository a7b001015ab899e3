import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { Progress } from '@backstage/core-components';
import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { KafkaTaasPolicy } from '@kafka-taas/plugin-kafka-taas-common';
import { kafkaTaasApiRef } from '../../api';
import { PolicyUnavailable } from './PolicyUnavailable';
import { PolicyViolationList } from './PolicyViolationList';
import { TopicNamePreview } from './TopicNamePreview';
import {
  checkTopicName,
  formDataOf,
  KafkaTopicNameValue,
} from './topicRequestFromForm';
import { usePolicy } from './usePolicy';

type Props = FieldExtensionComponentProps<KafkaTopicNameValue>;

/** Drops blank parts so that an emptied input is an absent value, not `''`. */
function withPart(
  value: KafkaTopicNameValue,
  part: keyof KafkaTopicNameValue,
  text: string,
): KafkaTopicNameValue {
  const next: KafkaTopicNameValue = { ...value };
  if (text === '') {
    delete next[part];
  } else if (part === 'version') {
    next.version = Number(text);
  } else {
    next[part] = text;
  }
  return next;
}

const TopicNameInputs = (props: Props & { policy: KafkaTaasPolicy }) => {
  const { policy, formData, onChange, formContext, schema, idSchema } = props;
  const { required, disabled, rawErrors = [] } = props;
  const value = formData ?? {};
  const { violations } = checkTopicName(value, formDataOf(formContext), policy);
  // A blank required part is reported when the page is submitted, not while typing.
  const live = violations.filter(v => v.rule !== 'required');
  const shown = new Set(live.map(v => v.message));
  const otherErrors = rawErrors.filter(error => !shown.has(error));
  const set = (part: keyof KafkaTopicNameValue) => (text: string) =>
    onChange(withPart(value, part, text));
  const id = idSchema?.$id ?? 'kafka-topic-name';
  const { naming } = policy;
  const parts = `lowercase letters, digits and hyphens, ${naming.nameMinLength}-${naming.nameMaxLength} characters`;

  return (
    <FormControl
      component="fieldset"
      fullWidth
      margin="normal"
      required={required}
      error={live.length > 0 || otherErrors.length > 0}
    >
      <FormLabel component="legend">{schema.title ?? 'Topic name'}</FormLabel>
      {schema.description && (
        <FormHelperText>{schema.description}</FormHelperText>
      )}
      <Grid container spacing={2}>
        <Grid item xs={12} sm={3}>
          <TextField
            id={`${id}-domain`}
            select
            fullWidth
            required
            disabled={disabled}
            label="Domain"
            value={value.domain ?? ''}
            onChange={e => set('domain')(e.target.value)}
            helperText="Business domain"
          >
            {naming.domains.map(domain => (
              <MenuItem key={domain} value={domain}>
                {domain}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} sm={3}>
          <TextField
            id={`${id}-subdomain`}
            fullWidth
            disabled={disabled}
            label="Subdomain"
            value={value.subdomain ?? ''}
            onChange={e => set('subdomain')(e.target.value)}
            helperText={`Optional; ${parts}`}
          />
        </Grid>
        <Grid item xs={12} sm={4}>
          <TextField
            id={`${id}-name`}
            fullWidth
            required
            disabled={disabled}
            label="Name"
            value={value.name ?? ''}
            onChange={e => set('name')(e.target.value)}
            helperText={parts}
          />
        </Grid>
        <Grid item xs={12} sm={2}>
          <TextField
            id={`${id}-version`}
            fullWidth
            type="number"
            required={naming.requireVersion}
            disabled={disabled}
            label="Version"
            value={value.version ?? ''}
            onChange={e => set('version')(e.target.value)}
            inputProps={{ min: 1, step: 1 }}
            helperText={naming.requireVersion ? 'Suffix .v<N>' : 'Optional'}
          />
        </Grid>
      </Grid>
      <TopicNamePreview value={value} />
      <PolicyViolationList violations={live} />
      {otherErrors.map(error => (
        <FormHelperText key={error} error>
          {error}
        </FormHelperText>
      ))}
    </FormControl>
  );
};

/**
 * The `KafkaTopicName` form field: domain, subdomain, name and version, the full topic name
 * as it is typed, and the naming policy's violations, from the same engine the backend runs.
 */
export const KafkaTopicNameField = (props: Props) => {
  const { loading, error, value: policy } = usePolicy();
  if (loading) return <Progress />;
  if (!policy) return <PolicyUnavailable error={error} />;
  return <TopicNameInputs {...props} policy={policy} />;
};

/** Refuses the page while the topic name breaks the policy, with the engine's messages. */
export const kafkaTopicNameValidation: CustomFieldValidator<
  KafkaTopicNameValue
> = async (value, validation, { apiHolder, formData }) => {
  const api = apiHolder.get(kafkaTaasApiRef);
  if (!api) {
    validation.addError(
      'The Kafka TaaS plugin is not installed in this app, so the topic name cannot be checked.',
    );
    return;
  }
  let policy: KafkaTaasPolicy;
  try {
    policy = await api.getPolicy();
  } catch (error) {
    const reason = error instanceof Error ? `: ${error.message}` : '';
    validation.addError(
      `The Kafka topic policy could not be loaded${reason}. Try again in a moment.`,
    );
    return;
  }
  for (const violation of checkTopicName(value, formData, policy).violations) {
    validation.addError(violation.message);
  }
};
