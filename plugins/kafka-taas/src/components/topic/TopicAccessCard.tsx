import { InfoCard, LinkButton, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  KafkaTopicClusterDetails,
  KafkaTopicDetails,
} from '@kafka-taas/plugin-kafka-taas-common';
import { topicNameOf } from '../lag/entities';
import { SectionErrors, UnreachableClusters } from './ClusterWarnings';
import {
  aclPattern,
  approvedState,
  quotaLines,
  requestAccessUrl,
  whoCan,
} from './format';
import { TopicLoadError } from './TopicLoadError';
import { useTopicDetails } from './useTopicDetails';

const failed = (
  cluster: KafkaTopicClusterDetails,
  section: 'acls' | 'quotas',
) => cluster.errors.some(e => e.section === section);

const WhoCan = ({ cluster }: { cluster: KafkaTopicClusterDetails }) => {
  const { read, write } = whoCan(cluster.acls);
  const list = (principals: string[]) =>
    principals.length > 0 ? principals.join(', ') : 'nobody, by ACL';
  return (
    <Typography variant="body2" component="div">
      <div>
        <strong>Can read:</strong> {list(read)}
      </div>
      <div>
        <strong>Can write:</strong> {list(write)}
      </div>
    </Typography>
  );
};

const Acls = ({ cluster }: { cluster: KafkaTopicClusterDetails }) => {
  if (failed(cluster, 'acls')) return null;
  if (cluster.acls.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No ACL applies to this topic on {cluster.cluster}: where the cluster
        enforces ACLs, only its super users can read or write it.
      </Typography>
    );
  }
  return (
    <>
      <WhoCan cluster={cluster} />
      <Table size="small" aria-label={`ACLs on ${cluster.cluster}`}>
        <TableHead>
          <TableRow>
            <TableCell>Principal</TableCell>
            <TableCell>Operation</TableCell>
            <TableCell>Permission</TableCell>
            <TableCell>Resource pattern</TableCell>
            <TableCell>Host</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {cluster.acls.map(acl => (
            <TableRow
              key={`${acl.principal} ${acl.operation} ${acl.permissionType} ${acl.patternType} ${acl.resourceName} ${acl.host}`}
            >
              <TableCell>{acl.principal}</TableCell>
              <TableCell>{acl.operation}</TableCell>
              <TableCell>{acl.permissionType}</TableCell>
              <TableCell>{aclPattern(acl)}</TableCell>
              <TableCell>{acl.host === '*' ? 'any' : acl.host}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
};

const OwnerQuota = (props: {
  cluster: KafkaTopicClusterDetails;
  details: KafkaTopicDetails;
}) => {
  const { cluster, details } = props;
  if (failed(cluster, 'quotas')) return null;
  const { quotas } = cluster;
  if (!quotas) {
    return (
      <Typography variant="body2" color="textSecondary">
        {details.unowned
          ? 'Nobody owns this topic, so no owner quota applies to it.'
          : `The owner group has no Kafka principal in kafkaTaas.principals, so Kafka TaaS sets no quota for it on ${cluster.cluster}.`}
      </Typography>
    );
  }
  const tier = approvedState(details.requests, cluster.environment)?.quotaTier;
  return (
    <Typography variant="body2" component="div">
      <div>
        <strong>Owner's quota</strong> ({quotas.principal}
        {tier ? `, ${tier} tier` : ''}):
      </div>
      <ul
        aria-label={`Owner's quota on ${cluster.cluster}`}
        style={{ margin: 0 }}
      >
        {quotaLines(quotas).map(line => (
          <li key={line.label} title={line.exact}>
            {line.label}: {line.value}
          </li>
        ))}
      </ul>
    </Typography>
  );
};

const ClusterAccess = (props: {
  cluster: KafkaTopicClusterDetails;
  details: KafkaTopicDetails;
}) => {
  const { cluster, details } = props;
  return (
    <Box mb={3}>
      <Typography variant="subtitle1" component="h3" gutterBottom>
        {cluster.cluster} ({cluster.environment})
      </Typography>
      <SectionErrors
        cluster={cluster}
        sections={['acls']}
        consequence="who can read and write it there is unknown"
      />
      <SectionErrors
        cluster={cluster}
        sections={['quotas']}
        consequence="the owner's limits there are unknown"
      />
      <Acls cluster={cluster} />
      <Box mt={2}>
        <OwnerQuota cluster={cluster} details={details} />
      </Box>
    </Box>
  );
};

const TopicAccess = ({ details }: { details: KafkaTopicDetails }) => (
  <>
    <UnreachableClusters details={details} />
    {details.clusters.length > 0 ? (
      details.clusters.map(cluster => (
        <ClusterAccess
          key={cluster.cluster}
          cluster={cluster}
          details={details}
        />
      ))
    ) : (
      <Typography variant="body2" color="textSecondary">
        The topic is on none of the clusters that could be read, so it has no
        ACLs or quotas to show.
      </Typography>
    )}
  </>
);

/**
 * The "Access" card of a topic's entity: per cluster, who the ACLs let read and write it and
 * each binding, the owner's quota and its tier, and a button to ask for read access.
 */
export const TopicAccessCard = () => {
  const { entity } = useEntity();
  const topic = topicNameOf(entity);
  const { value, loading, error, retry } = useTopicDetails(topic);
  let content: React.ReactNode;
  if (error) {
    content = (
      <TopicLoadError
        topic={topic}
        what="who can use this topic"
        error={error}
        onRetry={retry}
      />
    );
  } else if (loading || !value) {
    content = <Progress />;
  } else {
    content = <TopicAccess details={value} />;
  }
  return (
    <InfoCard title="Access">
      <Box mb={2}>
        <LinkButton
          variant="contained"
          color="primary"
          to={requestAccessUrl(entity)}
        >
          Request read access
        </LinkButton>
        <Typography variant="body2" color="textSecondary">
          Opens the access request with this topic picked; its owning team
          approves, then your team's principal gets READ on it.
        </Typography>
      </Box>
      {content}
    </InfoCard>
  );
};
