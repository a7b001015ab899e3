import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  KAFKA_TOPIC_ENTITY_TYPE,
  TOPIC_NAME_ANNOTATION,
  TopicRequest,
  TopicRequestEvent,
} from '@kafka-taas/plugin-kafka-taas-common';
import { Admin } from '@platformatic/kafka';
// The backend's local stack ports, as kafkaTaas.ts imports its harness (see the note there).
// eslint-disable-next-line @backstage/no-forbidden-package-imports, @backstage/no-mixed-plugin-imports
import {
  eventually,
  localStack,
} from '@kafka-taas/plugin-kafka-taas-backend/src/__testUtils__/localStack';

export { eventually, localStack };
import {
  runAction,
  startKafkaTaas,
  uniqueTopicName,
} from '../../__testUtils__/kafkaTaas';
import { requestTopicAction } from '../requestTopic';
import { TopicChangeActionOptions } from '../changeTopic';

export const avroV1 = {
  type: 'record',
  name: 'CardAuthorized',
  namespace: 'com.example.payments',
  fields: [{ name: 'id', type: 'string' }],
};

/**
 * The kafka-taas backend on the local stack (as the other action tests start it), a catalog
 * with the topics' entities for the change actions, and an admin client to check the broker.
 */
export async function startTopicChanges() {
  const kafkaTaas = await startKafkaTaas();
  // The in-memory catalog copies its entities when created: one per read sees the topics added.
  const entities: Entity[] = [];
  const catalog = catalogServiceMock.mock({
    getEntityByRef: (ref, options) =>
      catalogServiceMock({ entities }).getEntityByRef(ref, options),
  });
  const actionOptions: TopicChangeActionOptions = {
    ...kafkaTaas.actionOptions,
    catalog,
  };
  const requestTopic = requestTopicAction(kafkaTaas.actionOptions);
  const admin = new Admin({
    clientId: 'test-scaffolder-changes',
    bootstrapBrokers: localStack().plaintextBrokers,
  });
  const baseUrl = await kafkaTaas.actionOptions.discovery.getBaseUrl(
    'kafka-taas',
  );

  return {
    kafkaTaas,
    actionOptions,
    admin,
    async stop() {
      await admin.close();
      await kafkaTaas.stop();
    },

    /**
     * A ready dev topic owned by team-payments with an Avro schema, requested by alice through
     * kafka:topic:request, and its catalog entity (whose name differs from the topic name, as
     * a shortened one would).
     */
    async readyTopic() {
      const name = uniqueTopicName('card-authorized');
      const outputs = await runAction(requestTopic, {
        domain: 'banking',
        subdomain: 'payments',
        name,
        environment: 'dev',
        owner: 'group:default/team-payments',
        description: 'Authorized card payments, one event per authorization.',
        partitions: 1,
        schema: { type: 'avro', value: JSON.stringify(avroV1) },
      });
      expect(outputs.status).toBe('ready');
      const topic = String(outputs.topic);
      const entityName = `topic-${name}`;
      entities.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: entityName,
          namespace: 'default',
          annotations: { [TOPIC_NAME_ANNOTATION]: topic },
        },
        spec: { type: KAFKA_TOPIC_ENTITY_TYPE, owner: 'team-payments' },
      });
      return { topic, entityRef: `resource:default/${entityName}` };
    },

    /** Approves a request through the backend's API as a demo user. */
    async approve(user: string, id: string): Promise<TopicRequest> {
      const response = await fetch(`${baseUrl}/topic-requests/${id}/approve`, {
        method: 'POST',
        headers: {
          Authorization: mockCredentials.user.header(`user:default/${user}`),
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ comment: 'Fine by the owning team.' }),
      });
      if (!response.ok) {
        throw new Error(
          `approve ${id} as ${user}: ${
            response.status
          } ${await response.text()}`,
        );
      }
      return (await response.json()) as TopicRequest;
    },

    /** Polls a request until it has one of `statuses` (or 30 s passed), and returns it. */
    async waitForStatus(id: string, statuses: string[]) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const current = await kafkaTaas.get<{
          request: TopicRequest;
          events: TopicRequestEvent[];
        }>(`/topic-requests/${id}`);
        if (statuses.includes(current.request.status) || Date.now() > deadline)
          return current;
        await new Promise(resolve => setTimeout(resolve, 200));
      }
    },
  };
}

/** The versions of a registry subject (none when it does not exist). */
export async function registryVersions(subject: string): Promise<number[]> {
  const response = await fetch(
    `${localStack().registryUrl}/subjects/${encodeURIComponent(
      subject,
    )}/versions`,
  );
  return response.status === 404 ? [] : ((await response.json()) as number[]);
}
