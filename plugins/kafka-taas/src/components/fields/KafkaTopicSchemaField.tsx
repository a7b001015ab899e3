import Box from '@material-ui/core/Box';
import FormHelperText from '@material-ui/core/FormHelperText';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { kafkaTaasApiRef } from '../../api';
import { SchemaCheckResult } from './SchemaCheckResult';
import { checkSchema, schemaCheckRequest } from './schemaCheck';
import { formDataOf } from './topicRequestFromForm';
import { useSchemaCheck } from './useSchemaCheck';

/** The schema text; absent when the input is emptied. */
type KafkaTopicSchemaValue = string | undefined;

const useStyles = makeStyles({
  code: { fontFamily: 'monospace' },
});

/**
 * The `KafkaTopicSchema` form field: the schema text, sent to the backend as the user types
 * (`POST /topic-requests/plan` with the whole form), which parses it with the real Avro, JSON
 * Schema or Protobuf parser and checks it against the registry. It shows only the schema's own
 * violations; the other fields report theirs.
 */
export const KafkaTopicSchemaField = ({
  formData,
  onChange,
  formContext,
  schema,
  uiSchema,
  idSchema,
  required,
  disabled,
  rawErrors = [],
}: FieldExtensionComponentProps<KafkaTopicSchemaValue>) => {
  const classes = useStyles();
  const request = schemaCheckRequest({
    ...formDataOf(formContext),
    schema: formData,
  });
  const { checking, verdict } = useSchemaCheck(request);
  const live = verdict?.status === 'invalid' ? verdict.violations : [];
  const shown = new Set(live.map(v => v.message));
  const otherErrors = rawErrors.filter(error => !shown.has(error));

  return (
    <Box mt={2} mb={1}>
      <TextField
        id={idSchema?.$id ?? 'kafka-topic-schema'}
        label={schema.title ?? 'Schema'}
        helperText={schema.description}
        fullWidth
        multiline
        minRows={uiSchema?.['ui:options']?.rows ?? 12}
        required={required}
        disabled={disabled}
        error={live.length > 0 || otherErrors.length > 0}
        value={formData ?? ''}
        onChange={e =>
          onChange(e.target.value === '' ? undefined : e.target.value)
        }
        InputProps={{ classes: { input: classes.code } }}
        inputProps={{ spellCheck: false }}
      />
      {request && <SchemaCheckResult checking={checking} verdict={verdict} />}
      {otherErrors.map(error => (
        <FormHelperText key={error} error>
          {error}
        </FormHelperText>
      ))}
    </Box>
  );
};

/**
 * Refuses the page while the backend finds the schema broken: it does not parse, or the registry
 * would refuse it. Nothing to check for type none; and when the backend cannot be asked, the page
 * goes on, since the `kafka:topic:plan` step checks the schema again before anything is created.
 */
export const kafkaTopicSchemaValidation: CustomFieldValidator<
  KafkaTopicSchemaValue
> = async (value, validation, { apiHolder, formData }) => {
  const request = schemaCheckRequest({ ...formData, schema: value });
  // The field comes with the plugin, and so does its API; were it missing, the plan step checks.
  const api = apiHolder.get(kafkaTaasApiRef);
  if (!request || !api) return;
  const verdict = await checkSchema(api, request);
  if (verdict.status !== 'invalid') return;
  for (const violation of verdict.violations) {
    validation.addError(violation.message);
  }
};
