import { stringifyEntityRef } from '@backstage/catalog-model';
import { CodeSnippet, InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  CLUSTERS_ANNOTATION,
  ENVIRONMENTS_ANNOTATION,
  KAFKA_TOPIC_ENTITY_TYPE,
  splitList,
  topicEntityName,
  TOPIC_NAME_ANNOTATION,
  UNOWNED_ANNOTATION,
} from '@kafka-taas/plugin-kafka-taas-common';
import { topicNameOf } from '../lag/entities';
import { CatalogEntityLink } from '../RequestPage/CatalogEntityLink';
import { CatalogTopicsTab } from './CatalogTopicsTab';

const declaration = (topic: string) => `apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: ${topicEntityName(topic)}
  annotations:
    ${TOPIC_NAME_ANNOTATION}: ${topic}
spec:
  type: ${KAFKA_TOPIC_ENTITY_TYPE}
  owner: group:default/<the owning team>`;

const UNOWNED_FILTER = {
  [`metadata.annotations.${UNOWNED_ANNOTATION}`]: 'true',
};

/**
 * "Unowned topics", for platform admins: topics found on the clusters that no request and no
 * catalog-info.yaml declares (catalog entities marked `kafka-taas/unowned: "true"`), where they
 * live, and how to give them an owner.
 */
export const UnownedTopicsTab = () => (
  <CatalogTopicsTab
    filter={UNOWNED_FILTER}
    what="the unowned topics in the catalog"
    empty={{
      title: 'Every topic has an owner',
      description:
        'Topics found on the clusters that no request and no catalog-info.yaml declares show here, once the catalog has read the clusters.',
    }}
  >
    {value => (
      <>
        <InfoCard title="How to give a topic an owner">
          <Typography variant="body1" paragraph>
            The owning team declares the topic in a catalog-info.yaml of its
            repository and registers that file in the catalog: the declaration
            wins over the unowned entity, and Kafka TaaS checks it against the
            policy. Until then these topics belong to the catalog module's{' '}
            <code>kafkaTaas.catalog.unownedOwner</code> group.
          </Typography>
          <CodeSnippet
            language="yaml"
            text={declaration(topicNameOf(value[0]))}
            showCopyCodeButton
          />
        </InfoCard>
        <Box mt={2}>
          <InfoCard
            title={`${value.length} unowned ${
              value.length === 1 ? 'topic' : 'topics'
            }`}
            noPadding
          >
            <Table size="small" aria-label="Unowned topics">
              <TableHead>
                <TableRow>
                  <TableCell>Topic</TableCell>
                  <TableCell>Clusters</TableCell>
                  <TableCell>Environments</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {value.map(entity => {
                  const annotations = entity.metadata.annotations ?? {};
                  return (
                    <TableRow key={stringifyEntityRef(entity)}>
                      <TableCell component="th" scope="row">
                        <CatalogEntityLink
                          entityRef={stringifyEntityRef(entity)}
                          defaultKind="resource"
                        >
                          {topicNameOf(entity)}
                        </CatalogEntityLink>
                      </TableCell>
                      <TableCell>
                        {splitList(annotations[CLUSTERS_ANNOTATION]).join(
                          ', ',
                        ) || '—'}
                      </TableCell>
                      <TableCell>
                        {splitList(annotations[ENVIRONMENTS_ANNOTATION]).join(
                          ', ',
                        ) || '—'}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </InfoCard>
        </Box>
      </>
    )}
  </CatalogTopicsTab>
);
