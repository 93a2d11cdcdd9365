import { defineLayerContract } from './layer-contract';

/** What one region's observability stack exports for workloads and later tooling. */
export const OBSERVABILITY_CONTRACT = defineLayerContract({
  layer: 'observability',
  outputs: {
    criticalTopicArn: { kind: 'string', description: 'SNS topic that pages (critical alarms)' },
    warningTopicArn: { kind: 'string', description: 'SNS topic for warnings' },
    logsKeyArn: { kind: 'string', description: 'KMS key for platform log groups' },
    applicationLogGroupNames: {
      kind: 'stringList',
      description: 'Log groups of the catalogue components, in PLATFORM_COMPONENTS order',
    },
    dashboardName: { kind: 'string', description: 'CloudWatch dashboard of this region' },
  },
});

export type ObservabilityContract = typeof OBSERVABILITY_CONTRACT;
