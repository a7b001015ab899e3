import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  MockFetchApi,
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { kafkaTaasApiRef, KafkaTaasClient } from '../../../api';
import { rootRouteRef } from '../../../routes';
import { topicEntity } from './fixtures';

/** A card in the test app, with the real client (msw answers), the catalog and Kafka pages mounted. */
export const renderCard = (card: JSX.Element, entity: Entity = topicEntity) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [
          kafkaTaasApiRef,
          new KafkaTaasClient({
            discoveryApi: mockApis.discovery({
              baseUrl: 'http://localhost:7007',
            }),
            fetchApi: new MockFetchApi(),
          }),
        ],
      ]}
    >
      <EntityProvider entity={entity}>{card}</EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/kafka': rootRouteRef,
      },
    },
  );
