import { Construct } from 'constructs';
import { TerraformIterator, TerraformProvider, Token } from 'cdktf';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';

/** Where a data store runs and who may reach it; shared by every data-store construct. */
export interface DataStorePlacement {
  /** The VPC the resources are created in. */
  readonly vpcId: string;
  /** Isolated data subnets, one per AZ. */
  readonly subnetIds: string[];
  /** Networks allowed to connect, typically the private (workload) subnets. */
  readonly allowedCidrs: readonly string[];
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** Properties of {@link DataStoreSecurityGroup}. */
export interface DataStoreSecurityGroupProps {
  /** The security group's name. */
  readonly name: string;
  /** Its description. */
  readonly description: string;
  /** The VPC the resources are created in. */
  readonly vpcId: string;
  /** TCP ports clients connect to, e.g. `[5432]` or `[6379]`. */
  readonly ports: readonly number[];
  /** Source networks allowed in, typically the private (workload) subnets. */
  readonly allowedCidrs: readonly string[];
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * The security group of a data store: ingress only on the store's ports and only from the
 * given sources, and no egress rules at all (a database never starts connections out).
 */
export class DataStoreSecurityGroup extends Construct {
  /** The security group's ID. */
  readonly securityGroupId: string;
  private readonly group: SecurityGroup;
  /** The group's egress, inline: see allowTo. */
  private readonly egress: Array<Record<string, unknown>> = [];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: DataStoreSecurityGroupProps,
  ) {
    super(scope, id);
    const group = new SecurityGroup(this, 'group', {
      provider: props.provider,
      name: props.name,
      description: props.description,
      vpcId: props.vpcId,
      // No egress block: Terraform then removes AWS's default allow-all egress rule.
      egress: [],
      revokeRulesOnDelete: true,
    });
    this.node.defaultChild = group;
    this.group = group;
    this.securityGroupId = group.id;
    for (const port of props.ports) {
      // The CIDRs are usually a list token from the network layer: one rule per element.
      const cidrs = TerraformIterator.fromList([...props.allowedCidrs]);
      new VpcSecurityGroupIngressRule(this, `cidr-${port}`, {
        provider: props.provider,
        forEach: cidrs,
        securityGroupId: group.id,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrIpv4: Token.asString(cidrs.value),
        description: `Clients of ${props.name} on ${port}`,
      });
    }
  }

  /** Lets members of another group (a proxy in front of the store) connect on `port`. */
  allowFrom(id: string, sourceSecurityGroupId: string, port: number, reason: string): void {
    new VpcSecurityGroupIngressRule(this, id, {
      provider: this.props.provider,
      securityGroupId: this.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: sourceSecurityGroupId,
      description: reason,
    });
  }

  /**
   * Lets this group's members (a proxy) connect out to another group on `port`. The rule is
   * inline in the group's `egress`: a separate egress rule resource next to the group's
   * managed (empty) `egress` would be removed by every apply of the group and re-created by
   * the next, cutting the proxy off from the database in between (the emulator's re-plan
   * caught it).
   */
  allowTo(targetSecurityGroupId: string, port: number, reason: string): void {
    this.egress.push({
      protocol: 'tcp',
      from_port: port,
      to_port: port,
      security_groups: [targetSecurityGroupId],
      description: reason,
      cidr_blocks: [],
      ipv6_cidr_blocks: [],
      prefix_list_ids: [],
      self: false,
    });
    // Terraform JSON spelling: the binding's typed `egress` is fixed at construction.
    this.group.addOverride('egress', [...this.egress]);
  }
}
