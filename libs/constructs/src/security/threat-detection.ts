import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { Inspector2Enabler } from '@cdktf/provider-aws/lib/inspector2-enabler';
import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { SecurityhubFindingAggregator } from '@cdktf/provider-aws/lib/securityhub-finding-aggregator';
import { SecurityhubStandardsSubscription } from '@cdktf/provider-aws/lib/securityhub-standards-subscription';
import { awsEnvironmentOf } from '../scope/aws-environment';
import { enableGuardDuty } from './guardduty';

/** Security Hub standards, by their ARN path: AWS Foundational Best Practices and CIS 3.0. */
export const SECURITY_HUB_STANDARDS: readonly string[] = [
  'standards/aws-foundational-security-best-practices/v/1.0.0',
  'standards/cis-aws-foundations-benchmark/v/3.0.0',
];

/**
 * What Amazon Inspector scans for known vulnerabilities: instances (the nodes, by their
 * packages, without an agent beyond SSM), container images in ECR, and Lambda functions.
 */
export const INSPECTOR_RESOURCE_TYPES: readonly string[] = ['EC2', 'ECR', 'LAMBDA'];

/** Security Hub's PCI DSS standard, for environments that hold or pass card data. */
export const PCI_DSS_STANDARD = 'standards/pci-dss/v/4.0.1';

/** Properties of {@link ThreatDetection}. */
export interface ThreatDetectionProps {
  /** Name of the IAM Access Analyzer (account zone of trust) in this region. */
  readonly analyzerName: string;
  /** @default the stack's region */
  readonly region?: string;
  /** Standards besides SECURITY_HUB_STANDARDS, e.g. PCI_DSS_STANDARD. @default none */
  readonly additionalStandards?: readonly string[];
  /**
   * Other regions whose Security Hub findings this region aggregates (the primary region).
   * @default none: this region does not aggregate
   */
  readonly aggregateRegions?: readonly string[];
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * GuardDuty with S3, EKS and malware protection, Amazon Inspector scanning instances, images
 * and functions, Security Hub with the AWS Foundational and CIS standards (consolidated
 * control findings), and an IAM Access Analyzer for resources shared outside the account, in
 * one region.
 */
export class ThreatDetection extends Construct {
  /** The detector's ID. */
  readonly detectorId: string;

  constructor(scope: Construct, id: string, props: ThreatDetectionProps) {
    super(scope, id);
    const environment = awsEnvironmentOf(this);
    const region = props.region ?? environment.region;
    const provider = props.provider;
    const detector = enableGuardDuty(this, provider);
    this.node.defaultChild = detector;
    // Findings for buckets, keys, roles, queues and secrets shared outside the account; they
    // reach Security Hub (and so the finding routes) like every other finding.
    new AccessanalyzerAnalyzer(this, 'access-analyzer', {
      provider,
      analyzerName: props.analyzerName,
      type: 'ACCOUNT',
    });
    // Its findings reach Security Hub, and so the finding routes, like every other finding.
    new Inspector2Enabler(this, 'inspector', {
      provider,
      accountIds: [environment.account],
      resourceTypes: [...INSPECTOR_RESOURCE_TYPES],
    });
    const hub = new SecurityhubAccount(this, 'security-hub', {
      provider,
      enableDefaultStandards: false,
      controlFindingGenerator: 'SECURITY_CONTROL',
      autoEnableControls: true,
    });
    for (const standard of [...SECURITY_HUB_STANDARDS, ...(props.additionalStandards ?? [])]) {
      new SecurityhubStandardsSubscription(this, standard.split('/')[1], {
        provider,
        standardsArn: `arn:${environment.partition}:securityhub:${region}::${standard}`,
        dependsOn: [hub],
      });
    }
    if (props.aggregateRegions && props.aggregateRegions.length > 0) {
      new SecurityhubFindingAggregator(this, 'aggregator', {
        provider,
        linkingMode: 'SPECIFIED_REGIONS',
        specifiedRegions: [...props.aggregateRegions],
        dependsOn: [hub],
      });
    }
    this.detectorId = detector.id;
  }
}
