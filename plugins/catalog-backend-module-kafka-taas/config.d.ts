import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  kafkaTaas?: {
    /** The catalog entities of topics provisioned through topic requests. */
    catalog?: {
      /**
       * When the catalog re-reads every ready topic request, e.g.
       * `{ frequency: { minutes: 5 }, timeout: { minutes: 3 } }` (the default). A topic also
       * appears at once when it is provisioned; this schedule catches up on anything missed
       * (another replica's events, a restart) and removes topics no longer ready.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
