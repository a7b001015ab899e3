import { WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import {
  KafkaTopicClusterDetails,
  KafkaTopicDetails,
  KafkaTopicSectionError,
} from '@kafka-taas/plugin-kafka-taas-common';

/** Each cluster that could not be read: the topic may live there too. */
export const UnreachableClusters = ({
  details,
}: {
  details: KafkaTopicDetails;
}) => (
  <>
    {details.unreachableClusters.map(c => (
      <Box mb={2} key={c.cluster}>
        <WarningPanel
          severity="warning"
          defaultExpanded
          title={`Kafka cluster ${c.cluster} (${c.environment}) could not be read: the topic may live there too`}
          message={`${c.error.replace(
            /\.?$/,
            '.',
          )} Check that the cluster is up and reachable from Backstage, then reload this page.`}
        />
      </Box>
    ))}
  </>
);

const SECTION_LABELS: Record<KafkaTopicSectionError['section'], string> = {
  configs: 'configs',
  schemas: 'schema subjects',
  acls: 'ACLs',
  quotas: "owner's quotas",
  catalog: 'catalog declaration',
};

/** The sections of one cluster, among `sections`, that could not be read, and why. */
export const SectionErrors = (props: {
  cluster: KafkaTopicClusterDetails;
  sections: Array<KafkaTopicSectionError['section']>;
  /** What the reader misses because of it. */
  consequence: string;
}) => {
  const { cluster, sections, consequence } = props;
  return (
    <>
      {cluster.errors
        .filter(e => sections.includes(e.section))
        .map(e => (
          <Box mb={2} key={e.section}>
            <WarningPanel
              severity="warning"
              defaultExpanded
              title={`The ${SECTION_LABELS[e.section]} of the topic on ${
                cluster.cluster
              } (${cluster.environment}) could not be read: ${consequence}`}
              message={e.error}
            />
          </Box>
        ))}
    </>
  );
};
