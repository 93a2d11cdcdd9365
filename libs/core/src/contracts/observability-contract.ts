import { defineLayerContract, contractOutput } from './layer-contract';

/** What one region's observability stack exports for workloads and later tooling. */
export const OBSERVABILITY_CONTRACT = defineLayerContract({
  layer: 'observability',
  outputs: {
    /** SNS topic that pages (critical alarms). */
    criticalTopicArn: contractOutput('string', 'SNS topic that pages (critical alarms)'),
    /** SNS topic for warnings. */
    warningTopicArn: contractOutput('string', 'SNS topic for warnings'),
    /** KMS key for platform log groups. */
    logsKeyArn: contractOutput('string', 'KMS key for platform log groups'),
    /** Log groups of the catalogue components, in PLATFORM_COMPONENTS order. */
    applicationLogGroupNames: contractOutput(
      'stringList',
      'Log groups of the catalogue components, in PLATFORM_COMPONENTS order',
    ),
    /** CloudWatch dashboard of this region. */
    dashboardName: contractOutput('string', 'CloudWatch dashboard of this region'),
  },
});

/** The type of the observability layer's contract. */
export type ObservabilityContract = typeof OBSERVABILITY_CONTRACT;
