import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      'Ask to delete a dev topic; the step ends with the request pending approval by the owning team',
    example: `steps:
  - id: delete-topic
    name: Request the deletion
    action: kafka:topic:delete
    input:
      topic: banking.payments.card-authorized
      environment: dev
      reason: Replaced by banking.payments.card-authorized.v2; no reader is left.
output:
  links:
    - title: Deletion request
      url: \${{ steps['delete-topic'].output.requestUrl }}
`,
  },
  {
    description:
      'A platform admin deletes a topic that consumer groups still read (force is refused for anyone else)',
    example: `steps:
  - id: delete-topic
    name: Request the deletion
    action: kafka:topic:delete
    input:
      topic: resource:default/operations.job-heartbeats
      environment: dev
      reason: The heartbeat readers are decommissioned but still running; stop serving them.
      force: true
`,
  },
];
