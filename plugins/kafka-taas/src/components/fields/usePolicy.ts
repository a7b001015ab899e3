import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { kafkaTaasApiRef } from '../../api';

/** The effective topic policy from the backend (fetched once per page by the client). */
export function usePolicy() {
  const api = useApi(kafkaTaasApiRef);
  return useAsync(() => api.getPolicy(), [api]);
}
