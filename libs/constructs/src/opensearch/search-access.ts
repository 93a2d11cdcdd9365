import { Construct } from 'constructs';
import { grantToRole, IRole } from '../iam/grant';

const READ_ACTIONS = ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost'];
const WRITE_ACTIONS = ['es:ESHttpPut', 'es:ESHttpDelete', 'es:ESHttpPatch'];

/** A domain that grants give a role HTTP access to: defined here or imported. */
export interface ISearchDomain {
  /** The domain's ARN. */
  readonly domainArn: string;
  /** Searches (GET, HEAD and POST, which `_search` uses). */
  grantRead(role: IRole): void;
  /** Searches and indexes documents. */
  grantReadWrite(role: IRole): void;
}

/**
 * The IAM side of a domain's HTTP API. With fine-grained access control the role must also be
 * mapped to an OpenSearch role inside the domain, which Terraform cannot reach in the VPC.
 */
export class SearchAccess extends Construct implements ISearchDomain {
  constructor(
    scope: Construct,
    id: string,
    /** The domain's ARN. */
    readonly domainArn: string,
  ) {
    super(scope, id);
  }

  grantRead(role: IRole): void {
    grantToRole(role, READ_ACTIONS, [`${this.domainArn}/*`]);
  }

  grantReadWrite(role: IRole): void {
    grantToRole(role, [...READ_ACTIONS, ...WRITE_ACTIONS], [`${this.domainArn}/*`]);
  }
}
