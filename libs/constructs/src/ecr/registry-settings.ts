import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { EcrRegistryScanningConfiguration } from '@cdktf/provider-aws/lib/ecr-registry-scanning-configuration';
import { EcrReplicationConfiguration } from '@cdktf/provider-aws/lib/ecr-replication-configuration';

/** Properties of {@link RegistrySettings}. */
export interface RegistrySettingsProps {
  /** The AWS account ID. */
  readonly accountId: string;
  /** Repositories (by name prefix, e.g. `strata/`) the settings apply to. */
  readonly repositoryPrefix: string;
  /** Regions every push is copied to. @default none */
  readonly replicateTo?: readonly string[];
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * The account's private registry in one region, for one family of repositories: Amazon
 * Inspector's enhanced scanning, continuously (new CVEs in images already pushed are found),
 * and replication of every push to the other regions the clusters run in. Both are
 * registry-wide settings: one owner per account and region.
 */
export class RegistrySettings extends Construct {
  constructor(scope: Construct, id: string, props: RegistrySettingsProps) {
    super(scope, id);
    this.node.defaultChild = new EcrRegistryScanningConfiguration(this, 'scanning', {
      provider: props.provider,
      scanType: 'ENHANCED',
      rule: [
        {
          scanFrequency: 'CONTINUOUS_SCAN',
          repositoryFilter: [{ filter: `${props.repositoryPrefix}*`, filterType: 'WILDCARD' }],
        },
      ],
    });
    const destinations = props.replicateTo ?? [];
    if (destinations.length === 0) return;
    new EcrReplicationConfiguration(this, 'replication', {
      provider: props.provider,
      replicationConfiguration: {
        rule: [
          {
            destination: destinations.map((region) => ({
              region,
              registryId: props.accountId,
            })),
            repositoryFilter: [{ filter: props.repositoryPrefix, filterType: 'PREFIX_MATCH' }],
          },
        ],
      },
    });
  }
}
