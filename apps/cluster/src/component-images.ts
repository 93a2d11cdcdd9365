import { Construct } from 'constructs';
import { EnvironmentConfig, regionIndexOf } from '@strata/config';
import { Naming } from '@strata/core';
import { ImageRepository, KmsKey, RegistrySettings } from '@strata/constructs';
import { componentRepositoryName, PLATFORM_COMPONENTS } from '@strata/constructs/vocabulary';

export interface ComponentImagesProps {
  readonly environment: EnvironmentConfig;
  readonly region: string;
  readonly naming: Naming;
}

/**
 * Where the components' images live in one cluster region: one repository per catalogue
 * component (the admission policy admits component images only from them), under a key ECR
 * alone may use. The account's owner of shared services also sets the registry: enhanced
 * scanning here, and from the primary region, replication of every push to the secondary.
 */
export class ComponentImages extends Construct {
  readonly repositories: readonly ImageRepository[];

  constructor(scope: Construct, id: string, props: ComponentImagesProps) {
    super(scope, id);
    const env = props.environment;
    const key = new KmsKey(this, 'key', {
      description: `Component images of ${env.name} in ${props.region}`,
      alias: props.naming.name('component-images'),
      accountId: env.accountId,
      usableOnlyVia: [`ecr.${props.region}.amazonaws.com`],
    });
    this.repositories = PLATFORM_COMPONENTS.map(
      (component) =>
        new ImageRepository(this, component, {
          repositoryName: componentRepositoryName(env.project, env.name, component),
          kmsKey: key,
        }),
    );
    // Registry-wide settings: set once per account, by the environment that owns its services.
    if (!env.observability.accountServices) return;
    const primary = regionIndexOf(env, props.region) === 0;
    new RegistrySettings(this, 'registry-settings', {
      accountId: env.accountId,
      repositoryPrefix: `${env.project}-`,
      replicateTo: primary ? env.regions.slice(1).map((region) => region.name) : [],
    });
  }
}
