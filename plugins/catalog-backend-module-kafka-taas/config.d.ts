import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  kafkaTaas?: {
    /** The catalog entities of the topics on the clusters Kafka TaaS manages. */
    catalog?: {
      /**
       * When the catalog re-reads every topic of every cluster, e.g.
       * `{ frequency: { minutes: 5 }, timeout: { minutes: 3 } }` (the default). A topic also
       * appears at once when it is provisioned; this schedule finds topics created outside Kafka
       * TaaS, catches up on anything missed (another replica's events, a restart) and removes
       * deleted topics.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * The owner (a group entity ref) of topics found on a cluster that nobody requested or
       * declared in a catalog-info.yaml; they are also marked `kafka-taas/unowned: "true"`.
       * Default `group:default/platform-team`.
       */
      unownedOwner?: string;
    };
  };
}
