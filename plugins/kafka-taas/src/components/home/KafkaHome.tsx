import { Progress, RoutedTabs } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import { kafkaTaasAdminPermission } from '@kafka-taas/plugin-kafka-taas-common';
import { ClusterOverview } from '../ClustersPage';
import { ApprovalsTab } from './ApprovalsTab';
import { DriftedTopicsTab } from './DriftedTopicsTab';
import { MyRequestsTab } from './MyRequestsTab';
import { MyTopicsTab } from './MyTopicsTab';
import { UnownedTopicsTab } from './UnownedTopicsTab';

/**
 * The Kafka page's tabs under `/kafka`: my topics (at the root), my requests, the approvals
 * inbox, the clusters and, for platform admins (the `kafka-taas.admin` permission, the one the
 * backend checks), the unowned topics and the drifted ones. Render it under a `/*` route.
 */
export const KafkaHome = () => {
  const { loading, allowed: isPlatformAdmin } = usePermission({
    permission: kafkaTaasAdminPermission,
  });
  // Until the answer is in, the tabs are unknown: a platform admin's link to the unowned topics
  // would otherwise land on the first tab.
  if (loading) {
    return <Progress />;
  }
  return (
    <RoutedTabs
      routes={[
        { path: '/', title: 'My topics', children: <MyTopicsTab /> },
        {
          path: '/my-requests',
          title: 'My requests',
          children: <MyRequestsTab />,
        },
        { path: '/approvals', title: 'Approvals', children: <ApprovalsTab /> },
        { path: '/clusters', title: 'Clusters', children: <ClusterOverview /> },
        ...(isPlatformAdmin
          ? [
              {
                path: '/unowned',
                title: 'Unowned topics',
                children: <UnownedTopicsTab />,
              },
              {
                path: '/drifted',
                title: 'Drifted topics',
                children: <DriftedTopicsTab />,
              },
            ]
          : []),
      ]}
    />
  );
};
