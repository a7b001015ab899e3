export { ClustersPage, ClustersPageContent } from './ClustersPage';
export { ClusterOverview } from './ClusterOverview';
