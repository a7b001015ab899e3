import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  DEFAULT_POLICY,
  evaluateTopicRequest,
  KafkaTaasPolicy,
  planProvisioning,
  ProvisioningStep,
  TopicRequest,
} from '@kafka-taas/plugin-kafka-taas-common';
import { DatabaseTopicRequestStore } from '../store/DatabaseTopicRequestStore';
import { ProvisioningService, StepRunner } from './ProvisioningService';
import { TopicRequestNotifier } from './TopicRequestNotifier';

// The executor's own logic, on a real SQLite store, with a recording step runner in place of
// Kafka (the steps themselves are tested against the real broker in provisioning/).

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const policy: KafkaTaasPolicy = {
  ...DEFAULT_POLICY,
  environments: { dev: { cluster: 'local', tier: 'dev' } },
  principals: { 'group:default/team-payments': 'User:payments-svc' },
};

class RecordingSteps implements StepRunner {
  readonly ran: string[] = [];
  failOn?: string;

  async run(step: ProvisioningStep) {
    this.ran.push(step.id);
    await new Promise(r => setTimeout(r, 5));
    if (step.id === this.failOn)
      throw new Error(`registry at http://127.0.0.1:1 refused the connection`);
    return { step: step.id };
  }
}

async function setUp() {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseTopicRequestStore.create({
    database: mockServices.database({ knex }),
  });
  const sent: NotificationSendOptions[] = [];
  const notifier = TopicRequestNotifier.create({
    notifications: { send: async n => void sent.push(n) },
    logger: mockServices.logger.mock(),
  });
  const executor = (steps: StepRunner, worker: string, leaseMs?: number) =>
    ProvisioningService.create({
      store,
      steps,
      notifier,
      logger: mockServices.logger.mock(),
      worker,
      leaseMs,
    });
  return { store, sent, executor };
}

async function approvedRequest(
  store: DatabaseTopicRequestStore,
  name = 'orders',
) {
  const input = {
    domain: 'banking',
    name,
    environment: 'dev',
    owner: 'group:default/team-payments',
    description: 'Orders placed on the web shop, one event per order.',
    schema: { type: 'avro' as const, value: '{"type":"string"}' },
  };
  const { resolved, approval } = evaluateTopicRequest(input, policy);
  if (!resolved || !approval)
    throw new Error('test request does not pass the policy');
  return store.create({
    topicName: resolved.topicName,
    environment: 'dev',
    cluster: 'local',
    owner: resolved.owner,
    requestedBy: 'user:default/alice',
    status: 'approved',
    input,
    resolved,
    plan: planProvisioning(resolved, policy),
    approval,
    expiresAt: new Date(Date.now() + 3600_000),
  });
}

describe('ProvisioningService', () => {
  it('runs every step in order, marks the request ready, notifies and tells listeners', async () => {
    const { store, sent, executor } = await setUp();
    const steps = new RecordingSteps();
    const service = executor(steps, 'worker-a');
    const ready: TopicRequest[] = [];
    service.onReady(async request => void ready.push(request));
    const request = await approvedRequest(store);

    await service.provision(request.id);

    expect(steps.ran).toEqual(['topic', 'schema', 'acls', 'quotas', 'done']);
    const after = await store.get(request.id);
    expect(after).toMatchObject({ status: 'ready', completedSteps: steps.ran });
    expect(ready.map(r => r.id)).toEqual([request.id]);
    expect(sent.map(n => n.payload.title)).toEqual([
      'Kafka topic banking.orders is ready',
    ]);
  });

  it('stops at a failing step with its error, and a retry resumes at that step', async () => {
    const { store, sent, executor } = await setUp();
    const steps = new RecordingSteps();
    steps.failOn = 'schema';
    const service = executor(steps, 'worker-a');
    const request = await approvedRequest(store);

    await service.provision(request.id);
    const failed = await store.get(request.id);
    expect(failed).toMatchObject({
      status: 'failed',
      failedStep: 'schema',
      completedSteps: ['topic'],
      error: 'registry at http://127.0.0.1:1 refused the connection',
    });
    expect(sent[0].payload.title).toBe(
      'Kafka topic banking.orders failed at step schema',
    );

    steps.failOn = undefined;
    steps.ran.length = 0;
    await store.retry(request.id, { by: 'user:default/alice' });
    await service.provision(request.id);
    expect(steps.ran).toEqual(['schema', 'acls', 'quotas', 'done']);
    expect((await store.get(request.id)).status).toBe('ready');
  });

  it('picks up approved requests nobody started, as after a crash between approval and start', async () => {
    const { store, executor } = await setUp();
    const steps = new RecordingSteps();
    const first = await approvedRequest(store, 'orders');
    const second = await approvedRequest(store, 'refunds');

    await executor(steps, 'worker-a').resumeClaimable();

    expect((await store.get(first.id)).status).toBe('ready');
    expect((await store.get(second.id)).status).toBe('ready');
  });

  it('runs a request once when two replicas try at the same time', async () => {
    const { store, executor } = await setUp();
    const steps = new RecordingSteps();
    const request = await approvedRequest(store);

    await Promise.all([
      executor(steps, 'replica-a').provision(request.id),
      executor(steps, 'replica-b').provision(request.id),
    ]);

    expect(steps.ran).toEqual(['topic', 'schema', 'acls', 'quotas', 'done']);
    const started = (await store.events(request.id)).filter(
      e => e.type === 'provisioning-started',
    );
    expect(started).toHaveLength(1);
  });

  it('takes over a request whose worker died, once its lease has run out', async () => {
    const { store, executor } = await setUp();
    const request = await approvedRequest(store);
    await store.claim(request.id, { worker: 'dead-worker', leaseMs: 50 });
    const steps = new RecordingSteps();

    await executor(steps, 'worker-b').resumeClaimable();
    expect(steps.ran).toEqual([]);
    await new Promise(r => setTimeout(r, 80));
    await executor(steps, 'worker-b').resumeClaimable();

    expect(steps.ran).toEqual(['topic', 'schema', 'acls', 'quotas', 'done']);
    expect((await store.get(request.id)).status).toBe('ready');
  });
});
