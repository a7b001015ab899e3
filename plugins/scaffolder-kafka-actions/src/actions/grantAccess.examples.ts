import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      "Ask READ on a dev topic for the analytics team; the step ends with the request pending the owning team's approval",
    example: `steps:
  - id: grant-access
    name: Request read access
    action: kafka:acl:grant
    input:
      topic: banking.payments.card-authorized
      environment: dev
      group: group:default/team-analytics
      consumerGroup: analytics-card-authorized
      component: component:default/fraud-scoring
      reason: Fraud scoring needs every card authorization as it happens.
`,
  },
  {
    description:
      'Pick the topic by its catalog entity, and show the request page and who must approve in the output',
    example: `steps:
  - id: grant-access
    name: Request read access
    action: kafka:acl:grant
    input:
      topic: resource:default/banking.payments.card-authorized
      environment: dev
      group: group:default/team-analytics
      consumerGroup: analytics-card-authorized
      reason: Daily revenue dashboards read card authorizations.
output:
  links:
    - title: Access request
      url: \${{ steps['grant-access'].output.requestUrl }}
  text:
    - title: Waiting for
      content: \${{ steps['grant-access'].output.approvers | dump }}
`,
  },
];
