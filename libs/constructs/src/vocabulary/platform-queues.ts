import { PlatformComponent } from './platform-components';

/** Who drains a queue: the `<queue>-worker` Deployment of one component, scaled on its depth. */
export interface QueueWorkers {
  /** The component whose workers drain it. */
  readonly component: PlatformComponent;
  /** Workers when the queue is empty; 0 lets KEDA scale the Deployment to zero. */
  readonly min: number;
  /** The most workers. */
  readonly max: number;
  /** Visible messages one worker is expected to keep up with (KEDA's queueLength). */
  readonly messagesPerWorker: number;
}

/** One SQS job queue of the platform (from the seeds' asynchronous job design). */
export interface PlatformQueue {
  /** The queue's name (`.fifo` is added for FIFO queues). */
  readonly name: string;
  /** Exactly-once, ordered processing: approval workflows must not run steps twice or out of order. */
  readonly fifo: boolean;
  /** How long a received message is hidden from other workers, in seconds. */
  readonly visibilityTimeoutSeconds: number;
  /** Default delay, for work scheduled for later. */
  readonly deliveryDelaySeconds: number;
  /** What the queue carries. */
  readonly purpose: string;
  /** Who drains it. */
  readonly workers: QueueWorkers;
}

/**
 * Every queue gets its own dead-letter queue; order matters for the contract's lists. The data
 * layer creates them; the cluster layer scales each queue's workers on its depth (KEDA).
 */
export const PLATFORM_QUEUES: readonly PlatformQueue[] = [
  {
    name: 'approval-workflows',
    fifo: true,
    visibilityTimeoutSeconds: 300,
    deliveryDelaySeconds: 0,
    purpose: 'Subscription approval steps, in order, exactly once',
    workers: { component: 'registry', min: 1, max: 5, messagesPerWorker: 5 },
  },
  {
    name: 'priority-jobs',
    fifo: false,
    visibilityTimeoutSeconds: 120,
    deliveryDelaySeconds: 0,
    purpose: 'Critical jobs (gateway config sync) ahead of the rest',
    workers: { component: 'gateway', min: 1, max: 10, messagesPerWorker: 2 },
  },
  {
    name: 'jobs',
    fifo: false,
    visibilityTimeoutSeconds: 900,
    deliveryDelaySeconds: 0,
    purpose: 'Reports, bulk operations, data synchronisation',
    workers: { component: 'portal', min: 0, max: 10, messagesPerWorker: 10 },
  },
  {
    name: 'notifications',
    fifo: false,
    visibilityTimeoutSeconds: 60,
    deliveryDelaySeconds: 0,
    purpose: 'Email, Slack and webhook delivery',
    workers: { component: 'portal', min: 0, max: 10, messagesPerWorker: 20 },
  },
  {
    name: 'scheduled-jobs',
    fifo: false,
    visibilityTimeoutSeconds: 900,
    deliveryDelaySeconds: 900,
    purpose: 'Delayed work (retries with back-off, deferred tasks)',
    workers: { component: 'portal', min: 0, max: 5, messagesPerWorker: 10 },
  },
];
