import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { kafkaTaasApiRef } from '../../api';
import { ClusterTable } from './ClusterTable';
import { NoClustersConfigured } from './NoClustersConfigured';

/** Loads the clusters and shows them, or why there is nothing to show. */
export const ClusterOverview = () => {
  const api = useApi(kafkaTaasApiRef);
  const { value, loading, error } = useAsync(() => api.listClusters(), [api]);

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value || value.length === 0) {
    return <NoClustersConfigured />;
  }
  return <ClusterTable clusters={value} />;
};
