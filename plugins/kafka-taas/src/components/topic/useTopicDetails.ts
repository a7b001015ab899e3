import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { kafkaTaasApiRef } from '../../api';

/** `GET /topics/{topic}`, with `retry` to read it again. */
export function useTopicDetails(topic: string) {
  const api = useApi(kafkaTaasApiRef);
  return useAsyncRetry(() => api.getTopicDetails(topic), [api, topic]);
}
