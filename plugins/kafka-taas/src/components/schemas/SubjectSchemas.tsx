import { CodeSnippet, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  KafkaTopicSchemaVersion,
  KafkaTopicSubject,
} from '@kafka-taas/plugin-kafka-taas-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useCallback, useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { kafkaTaasApiRef } from '../../api';
import { backendMessage } from '../RequestPage/requestText';
import { lineDiff, prettySchema, schemaLanguage } from './lineDiff';
import { SchemaDiff } from './SchemaDiff';

const VersionError = ({
  what,
  error,
  onRetry,
}: {
  what: string;
  error: Error;
  onRetry: () => void;
}) => (
  <Alert
    severity="error"
    action={
      <Button color="inherit" size="small" onClick={onRetry}>
        Retry
      </Button>
    }
  >
    Could not read {what}: {backendMessage(error)}
  </Alert>
);

const VersionSelect = ({
  id,
  label,
  versions,
  latest,
  value,
  onChange,
}: {
  id: string;
  label: string;
  versions: number[];
  latest: number;
  value: number;
  onChange: (version: number) => void;
}) => (
  <TextField
    id={id}
    select
    label={label}
    value={value}
    onChange={e => onChange(Number(e.target.value))}
    SelectProps={{ native: true }}
    variant="outlined"
    size="small"
  >
    {[...versions].reverse().map(v => (
      <option key={v} value={v}>
        {v === latest ? `${v} (latest)` : v}
      </option>
    ))}
  </TextField>
);

/**
 * One subject of a topic on one cluster: its versions and compatibility level, the schema of
 * the version chosen (the latest first), and a line diff between any two versions.
 */
export const SubjectSchemas = ({
  topic,
  cluster,
  subject,
}: {
  topic: string;
  cluster: string;
  subject: KafkaTopicSubject;
}) => {
  const api = useApi(kafkaTaasApiRef);
  const { versions, latest } = subject;
  const [selected, setSelected] = useState(latest.version);
  const [from, setFrom] = useState(
    versions.length > 1 ? versions[versions.length - 2] : latest.version,
  );
  const [to, setTo] = useState(latest.version);

  // The latest version comes with the details; others are read once each, and again after a failure.
  const cache = useRef(
    new Map<number, Promise<KafkaTopicSchemaVersion>>([
      [
        latest.version,
        Promise.resolve({ cluster, subject: subject.subject, ...latest }),
      ],
    ]),
  );
  const load = useCallback(
    (version: number) => {
      let read = cache.current.get(version);
      if (!read) {
        read = api
          .getTopicSchemaVersion(topic, subject.subject, version, { cluster })
          .catch((error: Error) => {
            cache.current.delete(version);
            throw error;
          });
        cache.current.set(version, read);
      }
      return read;
    },
    [api, topic, cluster, subject.subject],
  );

  const shown = useAsyncRetry(() => load(selected), [load, selected]);
  const compared = useAsyncRetry(
    async () =>
      versions.length > 1 ? Promise.all([load(from), load(to)]) : undefined,
    [load, from, to, versions.length],
  );

  const idPrefix = `kafka-schema-${cluster}-${subject.subject}`.replace(
    /[^a-zA-Z0-9_-]/g,
    '-',
  );
  return (
    <Box
      component="section"
      aria-label={`${subject.subject} on ${cluster}`}
      mb={3}
    >
      <Typography variant="subtitle2" component="h4">
        {subject.subject}
      </Typography>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        Compatibility {subject.compatibility} · versions {versions.join(', ')}
      </Typography>

      <Box display="flex" alignItems="center" my={1}>
        <VersionSelect
          id={`${idPrefix}-version`}
          label="Version"
          versions={versions}
          latest={latest.version}
          value={selected}
          onChange={setSelected}
        />
        {shown.value && !shown.loading && (
          <Box ml={2}>
            <Typography variant="body2" color="textSecondary">
              Version {shown.value.version} · schema id {shown.value.id} ·{' '}
              {shown.value.schemaType}
            </Typography>
          </Box>
        )}
      </Box>
      {shown.loading && <Progress />}
      {shown.error && (
        <VersionError
          what={`version ${selected} of ${subject.subject}`}
          error={shown.error}
          onRetry={shown.retry}
        />
      )}
      {shown.value && !shown.loading && !shown.error && (
        <>
          {shown.value.references && (
            <Typography variant="body2" gutterBottom>
              References:{' '}
              {shown.value.references
                .map(r => `${r.name} (${r.subject} version ${r.version})`)
                .join(', ')}
            </Typography>
          )}
          <CodeSnippet
            text={prettySchema(shown.value.schemaType, shown.value.schema)}
            language={schemaLanguage(shown.value.schemaType)}
            showLineNumbers
            showCopyCodeButton
            customStyle={{ maxHeight: 480, overflow: 'auto' }}
          />
        </>
      )}

      {versions.length > 1 && (
        <Box mt={2}>
          <Typography variant="subtitle2" component="h5" gutterBottom>
            Compare versions
          </Typography>
          <Box display="flex" mb={1}>
            <VersionSelect
              id={`${idPrefix}-from`}
              label="From"
              versions={versions}
              latest={latest.version}
              value={from}
              onChange={setFrom}
            />
            <Box ml={2}>
              <VersionSelect
                id={`${idPrefix}-to`}
                label="To"
                versions={versions}
                latest={latest.version}
                value={to}
                onChange={setTo}
              />
            </Box>
          </Box>
          {compared.loading && <Progress />}
          {compared.error && (
            <VersionError
              what={`versions ${from} and ${to} of ${subject.subject}`}
              error={compared.error}
              onRetry={compared.retry}
            />
          )}
          {compared.value && !compared.loading && !compared.error && (
            <SchemaDiff
              label={`Changes in ${subject.subject} from version ${from} to version ${to}`}
              lines={lineDiff(
                prettySchema(
                  compared.value[0].schemaType,
                  compared.value[0].schema,
                ),
                prettySchema(
                  compared.value[1].schemaType,
                  compared.value[1].schema,
                ),
              )}
            />
          )}
        </Box>
      )}
    </Box>
  );
};
