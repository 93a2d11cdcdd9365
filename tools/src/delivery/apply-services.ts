/**
 * The AWS services (IAM action prefixes) a Terraform resource or data source type of the
 * providers Strata uses calls while it is created, read, changed or deleted, including the
 * calls AWS then makes with the caller's rights. Longest matching type prefix wins. An empty
 * list: no AWS call with the apply role's rights (the state is granted per layer; Kubernetes
 * objects go through the cluster's access entry).
 */
const TYPE_SERVICES: ReadonlyArray<readonly [prefix: string, services: readonly string[]]> = [
  ['aws_accessanalyzer_', ['access-analyzer']],
  ['aws_acm_', ['acm']],
  ['aws_appautoscaling_', ['application-autoscaling']],
  ['aws_availability_zones', ['ec2']],
  ['aws_backup_', ['backup']],
  // CreateBackupVault mounts the vault's storage with the caller's rights.
  ['aws_backup_vault', ['backup', 'backup-storage']],
  ['aws_budgets_', ['budgets']],
  ['aws_ce_', ['ce']],
  ['aws_cloudfront_', ['cloudfront']],
  ['aws_cloudtrail', ['cloudtrail']],
  ['aws_cloudwatch_composite_alarm', ['cloudwatch']],
  ['aws_cloudwatch_dashboard', ['cloudwatch']],
  ['aws_cloudwatch_event_', ['events']],
  ['aws_cloudwatch_log_', ['logs']],
  ['aws_cloudwatch_metric_alarm', ['cloudwatch']],
  ['aws_codebuild_', ['codebuild']],
  ['aws_codeconnections_', ['codeconnections']],
  ['aws_config_', ['config']],
  ['aws_dax_', ['dax']],
  ['aws_db_', ['rds']],
  ['aws_default_security_group', ['ec2']],
  ['aws_dynamodb_', ['dynamodb']],
  ['aws_ec2_', ['ec2']],
  ['aws_ecr_', ['ecr']],
  ['aws_eip', ['ec2']],
  ['aws_eks_', ['eks']],
  ['aws_elasticache_', ['elasticache']],
  // A table compiled into the provider: no call.
  ['aws_elb_service_account', []],
  ['aws_flow_log', ['ec2']],
  ['aws_guardduty_', ['guardduty']],
  ['aws_iam_', ['iam']],
  ['aws_inspector2_', ['inspector2']],
  ['aws_internet_gateway', ['ec2']],
  ['aws_kinesis_firehose_', ['firehose']],
  ['aws_kms_', ['kms']],
  ['aws_lambda_', ['lambda']],
  ['aws_launch_template', ['ec2']],
  ['aws_lb', ['elasticloadbalancing']],
  ['aws_msk_', ['kafka']],
  ['aws_nat_gateway', ['ec2']],
  ['aws_network_acl', ['ec2']],
  ['aws_opensearch_', ['es']],
  // Amazon Managed Service for Prometheus: its IAM prefix is aps.
  ['aws_prometheus_', ['aps']],
  ['aws_rds_', ['rds']],
  ['aws_route', ['ec2']],
  ['aws_route53_', ['route53']],
  ['aws_s3_', ['s3']],
  // A schedule with a role is created by the caller passing that role (iam:PassRole).
  ['aws_scheduler_', ['scheduler', 'iam']],
  ['aws_secretsmanager_', ['secretsmanager']],
  ['aws_security_group', ['ec2']],
  ['aws_securityhub_', ['securityhub']],
  ['aws_sns_', ['sns']],
  ['aws_sqs_', ['sqs']],
  ['aws_ssm_', ['ssm']],
  ['aws_subnet', ['ec2']],
  // CreateCanary creates the canary's function and layer and stores its code in S3 with the
  // caller's rights.
  ['aws_synthetics_', ['synthetics', 'lambda', 's3']],
  ['aws_vpc', ['ec2']],
  ['aws_wafv2_', ['wafv2']],
  ['aws_xray_', ['xray']],
  ['helm_', []],
  ['kubernetes_', []],
  ['terraform_remote_state', []],
];

/** The services a type calls, or undefined for a type no row covers (it must get one). */
export function servicesOfType(type: string): readonly string[] | undefined {
  let best: (typeof TYPE_SERVICES)[number] | undefined;
  for (const row of TYPE_SERVICES) {
    if (type.startsWith(row[0]) && (!best || row[0].length > best[0].length)) best = row;
  }
  return best?.[1];
}

/** A synthesized stack's resource, data source and ephemeral resource types. */
export function typesOfStack(stack: {
  readonly resource?: Record<string, unknown>;
  readonly data?: Record<string, unknown>;
  readonly ephemeral?: Record<string, unknown>;
}): string[] {
  return [
    ...Object.keys(stack.resource ?? {}),
    ...Object.keys(stack.data ?? {}),
    ...Object.keys(stack.ephemeral ?? {}),
  ];
}

/** Whether a type changes Kubernetes objects (through the cluster's API, not AWS's). */
export function isKubernetesType(type: string): boolean {
  return type.startsWith('kubernetes_') || type.startsWith('helm_');
}
