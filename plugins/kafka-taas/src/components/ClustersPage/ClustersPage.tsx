import { Content, Header, Page } from '@backstage/core-components';
import { ClusterOverview } from './ClusterOverview';

/** The Kafka page with its own header, for the legacy frontend system. */
export const ClustersPage = () => (
  <Page themeId="tool">
    <Header title="Kafka" subtitle="Clusters and their health" />
    <Content>
      <ClusterOverview />
    </Content>
  </Page>
);

/** The page body, for the new frontend system where the app draws the header. */
export const ClustersPageContent = () => (
  <Content>
    <ClusterOverview />
  </Content>
);
