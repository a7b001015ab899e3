import { Header, Page } from '@backstage/core-components';
import { Route, Routes, useParams } from 'react-router-dom';
import { requestRouteRef } from '../../routes';
import { KafkaHome } from '../home';
import { RequestPage, RequestPageContent } from './RequestPage';

const RequestRoute = (props: {
  Component: (props: { id: string }) => JSX.Element;
}) => {
  const { id = '' } = useParams();
  return <props.Component id={id} />;
};

/**
 * Everything under `/kafka`, for the legacy frontend system: the tabs (my topics, my requests,
 * approvals, clusters, unowned topics for platform admins) and a topic request at
 * `requests/:id`, each with its own header.
 */
export const KafkaPage = () => (
  <Routes>
    <Route
      path="/*"
      element={
        <Page themeId="tool">
          <Header
            title="Kafka"
            subtitle="Your topics, requests and approvals, and the clusters"
          />
          <KafkaHome />
        </Page>
      }
    />
    <Route
      path={requestRouteRef.path}
      element={<RequestRoute Component={RequestPage} />}
    />
  </Routes>
);

/** The same routes for the new frontend system, where the app draws the page header. */
export const KafkaPageContent = () => (
  <Routes>
    <Route path="/*" element={<KafkaHome />} />
    <Route
      path={requestRouteRef.path}
      element={<RequestRoute Component={RequestPageContent} />}
    />
  </Routes>
);
