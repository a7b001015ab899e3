import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      'Request a dev topic with an Avro schema; it needs no approval, so the step waits until it is ready',
    example: `steps:
  - id: request-topic
    name: Request the Kafka topic
    action: kafka:topic:request
    input:
      domain: banking
      subdomain: payments
      name: card-authorized
      environment: dev
      owner: group:default/team-payments
      description: Authorized card payments, one event per authorization.
      partitions: 3
      schema:
        type: avro
        value: |
          {
            "type": "record",
            "name": "CardAuthorized",
            "namespace": "com.example.payments",
            "fields": [
              { "name": "id", "type": "string" },
              { "name": "amountCents", "type": "long" }
            ]
          }
      consumers:
        - group: group:default/team-analytics
          consumerGroup: analytics-card-authorized
      waitTimeoutSeconds: 60
`,
  },
  {
    description:
      'Request a critical prod topic; the step ends with the request pending approval by platform and security',
    example: `steps:
  - id: request-topic
    name: Request the Kafka topic
    action: kafka:topic:request
    input:
      domain: banking
      subdomain: payments
      name: card-settled
      version: 1
      environment: prod
      owner: group:default/team-payments
      system: system:default/payments
      description: Settled card payments, consumed by accounting and analytics.
      partitions: 12
      criticality: critical
      classification: confidential
      retentionPreset: business-transactions
      quotaTier: silver
      schema:
        type: json
        value: '{"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}'
`,
  },
  {
    description:
      'A dev topic without a schema, with the request page and status shown in the template output',
    example: `steps:
  - id: request-topic
    name: Request the Kafka topic
    action: kafka:topic:request
    input:
      domain: operations
      name: job-heartbeats
      environment: dev
      owner: group:default/team-payments
      description: Heartbeats of the batch jobs, one event per job run.
      criticality: low
      retentionMs: 86400000
      schema:
        type: none
output:
  links:
    - title: Topic request
      url: \${{ steps['request-topic'].output.requestUrl }}
  text:
    - title: Status
      content: \${{ steps['request-topic'].output.status }}
`,
  },
];
