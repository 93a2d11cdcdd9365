/** One SQS job queue of the platform (from the seeds' asynchronous job design). */
export interface PlatformQueue {
  readonly name: string;
  /** Exactly-once, ordered processing: approval workflows must not run steps twice or out of order. */
  readonly fifo: boolean;
  readonly visibilityTimeoutSeconds: number;
  /** Default delay, for work scheduled for later. */
  readonly deliveryDelaySeconds: number;
  readonly purpose: string;
}

/** Every queue gets its own dead-letter queue; order matters for the contract's lists. */
export const PLATFORM_QUEUES: readonly PlatformQueue[] = [
  {
    name: 'approval-workflows',
    fifo: true,
    visibilityTimeoutSeconds: 300,
    deliveryDelaySeconds: 0,
    purpose: 'Subscription approval steps, in order, exactly once',
  },
  {
    name: 'priority-jobs',
    fifo: false,
    visibilityTimeoutSeconds: 120,
    deliveryDelaySeconds: 0,
    purpose: 'Critical jobs (gateway config sync) ahead of the rest',
  },
  {
    name: 'jobs',
    fifo: false,
    visibilityTimeoutSeconds: 900,
    deliveryDelaySeconds: 0,
    purpose: 'Reports, bulk operations, data synchronisation',
  },
  {
    name: 'notifications',
    fifo: false,
    visibilityTimeoutSeconds: 60,
    deliveryDelaySeconds: 0,
    purpose: 'Email, Slack and webhook delivery',
  },
  {
    name: 'scheduled-jobs',
    fifo: false,
    visibilityTimeoutSeconds: 900,
    deliveryDelaySeconds: 900,
    purpose: 'Delayed work (retries with back-off, deferred tasks)',
  },
];
