import { Route, Routes, useParams } from 'react-router-dom';
import { requestRouteRef } from '../../routes';
import { ClustersPage, ClustersPageContent } from '../ClustersPage';
import { RequestPage, RequestPageContent } from './RequestPage';

const RequestRoute = (props: {
  Component: (props: { id: string }) => JSX.Element;
}) => {
  const { id = '' } = useParams();
  return <props.Component id={id} />;
};

/**
 * Everything under `/kafka`, for the legacy frontend system: the clusters at the root and a
 * topic request at `requests/:id`, each with its own header.
 */
export const KafkaPage = () => (
  <Routes>
    <Route path="/" element={<ClustersPage />} />
    <Route
      path={requestRouteRef.path}
      element={<RequestRoute Component={RequestPage} />}
    />
  </Routes>
);

/** The same routes for the new frontend system, where the app draws the page header. */
export const KafkaPageContent = () => (
  <Routes>
    <Route path="/" element={<ClustersPageContent />} />
    <Route
      path={requestRouteRef.path}
      element={<RequestRoute Component={RequestPageContent} />}
    />
  </Routes>
);
