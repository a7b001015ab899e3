import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      'Register a backward compatible Avro version (a new field with a default) on a dev topic; it needs no approval, so the step outputs the new version',
    example: `steps:
  - id: register-schema
    name: Register the new schema version
    action: kafka:schema:register
    input:
      topic: banking.payments.card-authorized
      environment: dev
      schema:
        type: avro
        value: |
          {
            "type": "record",
            "name": "CardAuthorized",
            "namespace": "com.example.payments",
            "fields": [
              { "name": "id", "type": "string" },
              { "name": "amountCents", "type": "long" },
              { "name": "currency", "type": "string", "default": "EUR" }
            ]
          }
      waitTimeoutSeconds: 60
output:
  text:
    - title: Registered
      content: \${{ steps['register-schema'].output.subject }} version \${{ steps['register-schema'].output.schemaVersion }}
`,
  },
];
