import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ProvisioningStep,
  ResolvedTopicRequest,
  TopicRequest,
} from '@kafka-taas/plugin-kafka-taas-common';
import { DatabaseTopicRequestStore } from '../store/DatabaseTopicRequestStore';
import { kafkaErrorMessages } from './errors';
import { TopicRequestNotifier } from './TopicRequestNotifier';

/** Runs one provisioning step on Kafka or the registry; every step is idempotent. */
export interface StepRunner {
  run(
    step: ProvisioningStep,
    request: ResolvedTopicRequest,
  ): Promise<Record<string, unknown>>;
}

export interface ProvisioningServiceOptions {
  store: DatabaseTopicRequestStore;
  steps: StepRunner;
  notifier: TopicRequestNotifier;
  logger: LoggerService;
  /** Identifies this backend replica in claims and logs. */
  worker: string;
  /** How long a claim holds without progress before another replica may take over. */
  leaseMs?: number;
}

/**
 * The provisioning executor. A request is claimed through the database before any step runs,
 * so two backend replicas never provision the same request; steps already recorded as done
 * are skipped, so a retried request resumes at the step that failed.
 */
export class ProvisioningService {
  readonly #store: DatabaseTopicRequestStore;
  readonly #steps: StepRunner;
  readonly #notifier: TopicRequestNotifier;
  readonly #logger: LoggerService;
  readonly #worker: string;
  readonly #leaseMs: number;
  readonly #running = new Set<Promise<void>>();
  readonly #onReady: Array<(request: TopicRequest) => Promise<void>> = [];

  static create(options: ProvisioningServiceOptions) {
    return new ProvisioningService(options);
  }

  private constructor(options: ProvisioningServiceOptions) {
    this.#store = options.store;
    this.#steps = options.steps;
    this.#notifier = options.notifier;
    this.#logger = options.logger;
    this.#worker = options.worker;
    this.#leaseMs = options.leaseMs ?? 120_000;
  }

  /** Called with each request that reached `ready` (the catalog provider listens here). */
  onReady(listener: (request: TopicRequest) => Promise<void>) {
    this.#onReady.push(listener);
  }

  /** Starts provisioning in the background; errors end up on the request, never thrown here. */
  start(id: string): void {
    const run = this.provision(id)
      .catch(error =>
        this.#logger.error('provisioning crashed', {
          requestId: id,
          error: String(error),
        }),
      )
      .finally(() => this.#running.delete(run));
    this.#running.add(run);
  }

  /** Resolves when every provisioning started here has finished (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running]);
  }

  /** Picks up approved requests nobody is running, and those whose worker died mid-way. */
  async resumeClaimable(): Promise<void> {
    for (const id of await this.#store.claimable(new Date(), 20))
      await this.provision(id);
  }

  /** Claims the request and runs its remaining steps in order. Does nothing if another worker holds it. */
  async provision(id: string): Promise<void> {
    const request = await this.#store.claim(id, {
      worker: this.#worker,
      leaseMs: this.#leaseMs,
    });
    if (!request) return;
    const log = {
      requestId: id,
      topic: request.topicName,
      cluster: request.cluster,
    };
    this.#logger.info('provisioning started', {
      ...log,
      resumeAfter: request.completedSteps.join(',') || 'none',
    });

    for (const step of request.plan) {
      if (request.completedSteps.includes(step.id)) continue;
      let details: Record<string, unknown>;
      try {
        details = await this.#steps.run(step, request.resolved);
      } catch (error) {
        const message = kafkaErrorMessages(error).join('; ') || String(error);
        this.#logger.warn('provisioning step failed', {
          ...log,
          step: step.id,
          error: message,
        });
        const failed = await this.#store.fail(id, {
          worker: this.#worker,
          step: step.id,
          error: message,
        });
        await this.#notifier.failed(failed);
        return;
      }
      await this.#store.completeStep(id, {
        worker: this.#worker,
        step: step.id,
        details,
      });
      this.#logger.info('provisioning step done', { ...log, step: step.id });
    }

    const ready = await this.#store.markReady(id, { worker: this.#worker });
    this.#logger.info('topic ready', log);
    await this.#notifier.ready(ready);
    for (const listener of this.#onReady) {
      await listener(ready).catch(error =>
        this.#logger.warn('a listener failed after provisioning', {
          ...log,
          error: String(error),
        }),
      );
    }
  }
}
