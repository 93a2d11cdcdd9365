import { IConstruct } from 'constructs';
import { ServicePrincipal } from '../iam/grant';
import { arnOf, awsEnvironmentOf } from '../scope/aws-environment';

/**
 * CloudFront reading through Origin Access Control on behalf of the distributions of
 * `scope`'s account: what a bucket's and its key's grants name when the distribution is
 * created later (or in another stack).
 * @param distributions distribution id pattern @default '*' (any of the account's)
 */
export function cloudFrontOriginAccess(scope: IConstruct, distributions = '*'): ServicePrincipal {
  const account = awsEnvironmentOf(scope).account;
  return new ServicePrincipal('cloudfront.amazonaws.com', {
    StringEquals: { 'aws:SourceAccount': account },
    ArnLike: {
      'aws:SourceArn': arnOf(scope, {
        service: 'cloudfront',
        region: '',
        resource: `distribution/${distributions}`,
      }),
    },
  });
}
