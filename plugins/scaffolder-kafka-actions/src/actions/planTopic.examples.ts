import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      'Check a dev topic with an Avro schema against the policy and show the provisioning steps',
    example: `steps:
  - id: plan-topic
    name: Plan the Kafka topic
    action: kafka:topic:plan
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
`,
  },
  {
    description:
      'Plan a critical prod topic, to see who must approve it before anything is submitted',
    example: `steps:
  - id: plan-topic
    name: Plan the Kafka topic
    action: kafka:topic:plan
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
];
