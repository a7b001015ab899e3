import FormControl from '@material-ui/core/FormControl';
import FormLabel from '@material-ui/core/FormLabel';
import { Progress } from '@backstage/core-components';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { ApprovalPreview } from './ApprovalPreview';
import { PolicyUnavailable } from './PolicyUnavailable';
import { evaluateForm, formDataOf } from './topicRequestFromForm';
import { usePolicy } from './usePolicy';

/**
 * The read-only `KafkaApprovalPreview` form field: the approval the form's criticality and
 * environment will need, from the policy's approval matrix. It has no value of its own.
 */
export const KafkaApprovalPreviewField = ({
  formContext,
  schema,
}: FieldExtensionComponentProps<undefined>) => {
  const { loading, error, value: policy } = usePolicy();
  if (loading) return <Progress />;
  if (!policy) return <PolicyUnavailable error={error} />;
  const { approval } = evaluateForm(formDataOf(formContext), policy);
  return (
    <FormControl component="fieldset" fullWidth margin="normal">
      <FormLabel component="legend">{schema.title ?? 'Approval'}</FormLabel>
      <ApprovalPreview approval={approval} />
    </FormControl>
  );
};
