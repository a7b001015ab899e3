import { useApi } from '@backstage/core-plugin-api';
import { useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { kafkaTaasApiRef, TopicRequestDetails } from '../../api';
import { isSettling } from './requestText';

/** How often the page asks again while an approved request is being provisioned. */
export const POLL_INTERVAL_MS = 2000;

/**
 * The request and its audit trail, with `retry` to read them again after a decision. While the
 * request is approved or provisioning it is read again every {@link POLL_INTERVAL_MS} until it
 * settles. The last value stays while a new one loads, and when a later read fails (then
 * `error` is set too, and polling goes on).
 */
export function useTopicRequest(id: string) {
  const api = useApi(kafkaTaasApiRef);
  const state = useAsyncRetry(() => api.getTopicRequest(id), [api, id]);
  const last = useRef<{ id: string; value: TopicRequestDetails }>();
  if (state.value) last.current = { id, value: state.value };
  const value =
    state.value ?? (last.current?.id === id ? last.current.value : undefined);

  const status = value?.request.status;
  const polling = status !== undefined && isSettling(status) && !state.loading;
  useInterval(state.retry, polling ? POLL_INTERVAL_MS : null);
  return {
    value,
    loading: state.loading,
    error: state.error,
    retry: state.retry,
  };
}
