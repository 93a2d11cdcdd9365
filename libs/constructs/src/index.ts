/**
 * Strata's construct library: typed, secure-by-default CDK for Terraform constructs for AWS and
 * EKS. Each domain is also its own subpath (`@strata/constructs/network`, ...); test helpers
 * are in `@strata/constructs/testing`. The Helm add-ons (`@strata/constructs/helm`) and the
 * cluster connection (`@strata/constructs/kubernetes`) need the optional helm and kubernetes
 * provider bindings, so they are only on their subpaths.
 *
 * @packageDocumentation
 * @module @strata/constructs
 */
export * from './assets';
export * from './backup';
export * from './cloudfront';
export * from './codebuild';
export * from './cost';
export * from './dax';
export * from './dynamodb';
export * from './ecr';
export * from './edge';
export * from './eks';
export * from './elasticache';
export * from './elb';
export * from './iam';
export * from './kms';
export * from './lambda';
export * from './logs';
export * from './monitoring';
export * from './msk';
export * from './network';
export * from './opensearch';
export * from './rds';
export * from './s3';
export * from './scope';
export * from './secrets';
export * from './security';
export * from './sqs';
export * from './validation';
export * from './vocabulary';
