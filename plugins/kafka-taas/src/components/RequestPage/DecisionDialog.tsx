import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { backendMessage } from './requestText';

/**
 * Asks for the text that goes with a decision (an optional comment, a required reason) and
 * sends it. Stays open with the backend's message when it refuses.
 */
export const DecisionDialog = (props: {
  /** Unique on the page: ties the field to its label. */
  id: string;
  open: boolean;
  title: string;
  description: string;
  label: string;
  /** When set, the decision cannot be sent without text; shown under the field. */
  requiredText?: string;
  confirmLabel: string;
  onConfirm: (text: string) => Promise<void>;
  onClose: () => void;
}) => {
  const { id, open, title, description, label, requiredText, confirmLabel } =
    props;
  const [text, setText] = useState('');
  const [{ loading, error }, confirm] = useAsyncFn(
    () => props.onConfirm(text.trim()),
    [props.onConfirm, text],
  );
  const missing = Boolean(requiredText) && text.trim().length === 0;

  return (
    <Dialog
      open={open}
      onClose={props.onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby={`${id}-title`}
    >
      <DialogTitle id={`${id}-title`}>{title}</DialogTitle>
      <DialogContent>
        <DialogContentText>{description}</DialogContentText>
        {error && (
          <Box mb={2}>
            <Alert severity="error">{backendMessage(error)}</Alert>
          </Box>
        )}
        <TextField
          id={`${id}-text`}
          label={label}
          value={text}
          onChange={event => setText(event.target.value)}
          required={Boolean(requiredText)}
          helperText={requiredText}
          inputProps={{ maxLength: 2000 }}
          multiline
          minRows={3}
          fullWidth
          variant="outlined"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={missing || loading}
          onClick={() => confirm()}
        >
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
