import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { TopicRequestInput } from '@kafka-taas/plugin-kafka-taas-common';
import { kafkaTaasApiRef } from '../../api';
import { checkSchema, SchemaVerdict } from './schemaCheck';

/** How long typing must pause before the schema is sent to the backend. */
export const SCHEMA_CHECK_DELAY_MS = 500;

type Settled = { key?: string; request?: TopicRequestInput };

/**
 * The backend's verdict on the request's schema, asked again when the request has not changed
 * for `SCHEMA_CHECK_DELAY_MS`; at once for the first one. `checking` while typing or asking;
 * nothing when there is no request (no schema to check).
 */
export function useSchemaCheck(request: TopicRequestInput | undefined): {
  checking: boolean;
  verdict?: SchemaVerdict;
} {
  const api = useApi(kafkaTaasApiRef);
  const key = request && JSON.stringify(request);
  const [settled, setSettled] = useState<Settled>({ key, request });
  useDebounce(() => setSettled({ key, request }), SCHEMA_CHECK_DELAY_MS, [key]);
  const { loading, value } = useAsync(
    async () =>
      settled.request ? checkSchema(api, settled.request) : undefined,
    // `settled.key` stands for `settled.request`: a new object with the same content is no change.
    [api, settled.key],
  );
  if (!request) return { checking: false };
  if (key !== settled.key || loading) return { checking: true };
  return { checking: false, verdict: value };
}
