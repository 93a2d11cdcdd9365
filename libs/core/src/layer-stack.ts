import { Construct } from 'constructs';
import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { EnvironmentConfig, LayerName } from '@strata/config';
import { createAwsProvider, regionAlias } from './aws-provider';
import { Naming } from './naming';
import { s3BackendConfig, StateAddress } from './state-backend';
import { SynthesizedStack, undeclaredReferences } from './stack-references';
import { declareAwsEnvironment } from '@strata/constructs';

/** Where a stack keeps its state. */
export enum StateBackend {
  /** The shared S3 bucket with DynamoDB locking: every layer but the bootstrap. */
  S3 = 's3',
  /** A local file: only for the `state` layer, which creates the bucket itself. */
  LOCAL = 'local',
}

/** Properties of {@link LayerStack}. */
export interface LayerStackProps {
  /** The environment, as loaded from its file. */
  readonly environment: EnvironmentConfig;
  /** The layer the stack belongs to. */
  readonly layer: LayerName;
  /** Region of the stack's default provider. */
  readonly region: string;
  /**
   * State name when a layer has more than one stack (`cluster-addons`).
   * @default the layer name
   */
  readonly stateName?: string;
  /**
   * State key segment after the environment.
   * @default the region; use `global` for a stack spanning regions
   */
  readonly stateScope?: string;
  /** @default StateBackend.S3 */
  readonly backend?: StateBackend;
  /**
   * Local state file for StateBackend.LOCAL, as Terraform will read it from the stack's
   * working directory.
   * @default terraform.<stack>.tfstate beside the synthesized stack
   */
  readonly localStatePath?: string;
}

/**
 * Base of every Strata stack: one layer, one environment, one region. Sets up the AWS
 * provider (account lock, default tags), the state backend (S3 + DynamoDB lock + native
 * lockfile, encrypted) and naming, so layer stacks only add resources.
 */
export class LayerStack extends TerraformStack {
  /** The environment, as loaded from its file. */
  readonly environment: EnvironmentConfig;
  /** The layer the stack belongs to. */
  readonly layer: LayerName;
  /** The AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** Names of the stack's resources, `<project>-<env>-<region code>-<purpose>`. */
  readonly naming: Naming;
  /** The AWS provider the resources are created with (their account and region). */
  readonly provider: AwsProvider;
  /** Where the stack's state lives (the S3 backend's key). */
  readonly stateAddress: StateAddress;
  private readonly regionalProviders = new Map<string, AwsProvider>();

  constructor(scope: Construct, id: string, props: LayerStackProps) {
    super(scope, id);
    this.environment = props.environment;
    this.layer = props.layer;
    this.region = props.region;
    this.naming = new Naming(props.environment, props.region);
    this.stateAddress = {
      environment: props.environment,
      stateName: props.stateName ?? props.layer,
      scope: props.stateScope ?? props.region,
    };
    this.provider = createAwsProvider(this, 'aws', {
      environment: props.environment,
      layer: props.layer,
      region: props.region,
    });
    this.regionalProviders.set(props.region, this.provider);
    // Constructs read account, region and partition from the stack instead of props.
    declareAwsEnvironment(this, { account: props.environment.accountId, region: props.region });

    if ((props.backend ?? StateBackend.S3) === StateBackend.S3) {
      const backend = new S3Backend(this, s3BackendConfig(this.stateAddress));
      // Terraform >= 1.10 native S3 locking, beside the DynamoDB table for older engines.
      backend.addOverride('use_lockfile', true);
    } else {
      new LocalBackend(this, { path: props.localStatePath ?? `terraform.${id}.tfstate` });
    }
  }

  /**
   * cdktf resolves every element of every stack once more before synthesis, only to find
   * references to another stack's resources (which it would wire through outputs and remote
   * state): a quarter of a synth's time. Strata's stacks share values only through the layer
   * contracts, so that pass is skipped here and `toTerraform` proves the premise.
   */
  override prepareStack(): void {
    this.ensureBackendExists();
  }

  /** The stack's Terraform JSON; a reference to anything the stack does not declare is an error. */
  override toTerraform(): SynthesizedStack {
    const synthesized = super.toTerraform() as SynthesizedStack;
    const undeclared = undeclaredReferences(synthesized);
    if (undeclared.length > 0) {
      throw new Error(
        `${this.node.id}: references ${undeclared.join(', ')}, which the stack does not declare. ` +
          'A resource of another stack cannot be used directly: share it through the layer contract.',
      );
    }
    return synthesized;
  }

  /** The default provider for this stack's region, or an aliased one for another region. */
  providerFor(region: string): AwsProvider {
    let provider = this.regionalProviders.get(region);
    if (!provider) {
      const alias = regionAlias(region);
      provider = createAwsProvider(this, `aws-${alias}`, {
        environment: this.environment,
        layer: this.layer,
        region,
        alias,
      });
      this.regionalProviders.set(region, provider);
    }
    return provider;
  }

  /** Naming for resources this stack creates in another region. */
  namingFor(region: string): Naming {
    return region === this.region ? this.naming : new Naming(this.environment, region);
  }
}
