import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { grantToRole, IRole } from '../iam/grant';
import { IKmsKey } from '../kms/kms-key';

/** Properties of {@link ImageRepository}. */
export interface ImageRepositoryProps {
  /** e.g. `strata/gateway`. */
  readonly repositoryName: string;
  /** Encrypts the images (ECR's grant on it is made when the repository is created). */
  readonly kmsKey: IKmsKey;
  /** @default 14: untagged images (failed or superseded pushes) go after two weeks */
  readonly untaggedExpiryDays?: number;
  /** @default 100: the newest tagged images kept, enough to roll back a long way */
  readonly keepTaggedImages?: number;
  /** Tags of the repository. @default none */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** ECR's lifecycle policy document: rules by priority, the lowest first. */
function lifecyclePolicy(untaggedExpiryDays: number, keepTaggedImages: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Untagged images go after ${untaggedExpiryDays} days`,
        selection: {
          tagStatus: 'untagged',
          countType: 'sinceImagePushed',
          countUnit: 'days',
          countNumber: untaggedExpiryDays,
        },
        action: { type: 'expire' },
      },
      {
        rulePriority: 2,
        description: `Keep the newest ${keepTaggedImages} tagged images`,
        selection: {
          tagStatus: 'any',
          countType: 'imageCountMoreThan',
          countNumber: keepTaggedImages,
        },
        action: { type: 'expire' },
      },
    ],
  });
}

/**
 * A private ECR repository with Strata's defaults: immutable tags (a tag names one image,
 * forever, so a rollback brings back exactly what ran), KMS encryption, scan on push, and a
 * lifecycle policy. Never force-deleted: images are what the clusters run.
 */
export class ImageRepository extends Construct {
  /** The repository's name. */
  readonly repositoryName: string;
  /** The repository's ARN. */
  readonly repositoryArn: string;
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`. */
  readonly repositoryUrl: string;
  /** The repository (escape hatch). */
  readonly repository: EcrRepository;

  constructor(scope: Construct, id: string, props: ImageRepositoryProps) {
    super(scope, id);
    this.repository = new EcrRepository(this, 'repository', {
      provider: props.provider,
      name: props.repositoryName,
      imageTagMutability: 'IMMUTABLE',
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: props.kmsKey.keyArn }],
      imageScanningConfiguration: { scanOnPush: true },
      forceDelete: false,
      tags: props.tags,
    });
    new EcrLifecyclePolicy(this, 'lifecycle', {
      provider: props.provider,
      repository: this.repository.name,
      policy: lifecyclePolicy(props.untaggedExpiryDays ?? 14, props.keepTaggedImages ?? 100),
    });
    this.node.defaultChild = this.repository;
    this.repositoryName = this.repository.name;
    this.repositoryArn = this.repository.arn;
    this.repositoryUrl = this.repository.repositoryUrl;
  }

  /** Lets the role pull the repository's images (nodes pull through their own managed policy). */
  grantPull(role: IRole): void {
    grantToRole(role, ['ecr:GetAuthorizationToken'], ['*']);
    grantToRole(
      role,
      ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
      [this.repositoryArn],
    );
  }

  /** Lets the role push images (a release pipeline). */
  grantPush(role: IRole): void {
    this.grantPull(role);
    grantToRole(
      role,
      ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'],
      [this.repositoryArn],
    );
  }
}
