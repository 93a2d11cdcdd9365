import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { PLATFORM_QUEUES } from '../../vocabulary/platform-queues';
import { AddonProps } from '../addon-context';
import { BundledChart, HelmAddon } from '../helm-addon';
import { localChart } from '../local-chart';
import { ChartLabels, DEFAULT_CHART_LABELS, mergeValues } from '../values';
import { KedaAddon } from './keda';
import { PlatformBaselineAddon } from './platform-baseline';

/** One component's workers for one queue. */
export interface QueueWorkerScaling {
  /** The Deployment (and ScaledObject) name: `<queue>-worker`. */
  readonly name: string;
  /** The component's namespace. */
  readonly namespace: string;
  /** The queue's URL. */
  readonly queueUrl: string;
  /** The fewest workers (0: none while the queue is empty). */
  readonly min: number;
  /** The most workers. */
  readonly max: number;
  /** Messages waiting per worker the scaler aims at. */
  readonly messagesPerWorker: number;
}

/** Values of `charts/queue-scaling`. */
export interface QueueScalingValues {
  /** The TriggerAuthentication the scalers read queues with (KEDA's IAM role). */
  readonly triggerAuthentication: string;
  /** The AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** The workers. */
  readonly workers: readonly QueueWorkerScaling[];
  /** The platform's name as the chart spells it. @default DEFAULT_CHART_LABELS */
  readonly labels: ChartLabels;
}

/** Properties of {@link QueueScalingAddon}. */
export interface QueueScalingProps extends AddonProps<QueueScalingValues> {
  /** The data layer's queue URLs, in PLATFORM_QUEUES order (its contract's `queueUrls`). */
  readonly queueUrls: string[];
  /** @default charts/queue-scaling of this repository */
  readonly chart?: BundledChart;
}

/** The worker Deployment that drains a queue: `<queue>-worker` in its component's namespace. */
export function queueWorkerName(queue: string): string {
  return `${queue}-worker`;
}

/**
 * Event-driven scaling of the platform's queue workers: one KEDA ScaledObject per queue of
 * PLATFORM_QUEUES, on the queue's depth (in-flight messages included), within the bounds
 * the queue declares.
 */
export class QueueScalingAddon extends HelmAddon<QueueScalingValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'queue-scaling';

  constructor(scope: Construct, id: string, props: QueueScalingProps) {
    const defaults: QueueScalingValues = {
      labels: DEFAULT_CHART_LABELS,
      triggerAuthentication: 'aws-sqs',
      region: props.context.region,
      workers: PLATFORM_QUEUES.map((queue, index) => ({
        name: queueWorkerName(queue.name),
        namespace: queue.workers.component,
        queueUrl: Fn.element(props.queueUrls, index),
        min: queue.workers.min,
        max: queue.workers.max,
        messagesPerWorker: queue.workers.messagesPerWorker,
      })),
    };
    super(scope, id, {
      addonName: QueueScalingAddon.ADDON_NAME,
      namespace: 'kube-system',
      chart: props.chart ?? localChart(scope, 'queue-scaling'),
      values: mergeValues(defaults, props.values),
      dependencies: [
        { addon: KedaAddon.ADDON_NAME, reason: 'ScaledObjects are KEDA resources' },
        {
          addon: PlatformBaselineAddon.ADDON_NAME,
          reason: 'it creates the component namespaces the ScaledObjects live in',
        },
      ],
      context: props.context,
    });
  }
}
