import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { DRIFT_LABEL, splitList } from '@kafka-taas/plugin-kafka-taas-common';
import { topicNameOf } from '../lag/entities';
import { CatalogEntityLink } from '../RequestPage/CatalogEntityLink';
import { CatalogTopicsTab } from './CatalogTopicsTab';

/** `retention.ms@local-dev,partitions@local-dev` as `retention.ms on local-dev, …`. */
function driftedValues(annotation: string | undefined): string {
  const values = splitList(annotation).map(value => {
    const at = value.lastIndexOf('@');
    return at < 0 ? value : `${value.slice(0, at)} on ${value.slice(at + 1)}`;
  });
  return values.join(', ') || '—';
}

const DRIFTED_FILTER = { [`metadata.labels.${DRIFT_LABEL}`]: 'true' };

/**
 * "Drifted topics", for platform admins: topics whose live partitions, replication factor or
 * configs differ from what their requests approved or their catalog-info.yaml declares
 * (catalog entities labelled `kafka-taas/drift: "true"` by the catalog module), with what
 * drifted where; each topic's page shows the live and expected values.
 */
export const DriftedTopicsTab = () => (
  <CatalogTopicsTab
    filter={DRIFTED_FILTER}
    what="the drifted topics in the catalog"
    empty={{
      title: 'No topic has drifted',
      description:
        'Topics whose live partitions, replication factor or configs differ from what their requests approved or their catalog-info.yaml declares show here, once the catalog has read the clusters.',
    }}
  >
    {value => (
      <InfoCard
        title={`${value.length} drifted ${
          value.length === 1 ? 'topic' : 'topics'
        }`}
        subheader="Open a topic for its live and expected values, then set the cluster back or request the change."
        noPadding
      >
        <Table size="small" aria-label="Drifted topics">
          <TableHead>
            <TableRow>
              <TableCell>Topic</TableCell>
              <TableCell>Owner</TableCell>
              <TableCell>What drifted, where</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {value.map(entity => {
              const owner = entity.spec?.owner;
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
                    {typeof owner === 'string' ? (
                      <CatalogEntityLink
                        entityRef={owner}
                        defaultKind="group"
                      />
                    ) : (
                      '—'
                    )}
                  </TableCell>
                  <TableCell>
                    <Typography variant="body2">
                      {driftedValues(
                        entity.metadata.annotations?.[DRIFT_LABEL],
                      )}
                    </Typography>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </InfoCard>
    )}
  </CatalogTopicsTab>
);
