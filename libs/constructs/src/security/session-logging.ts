import { Construct, IConstruct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { SsmDocument } from '@cdktf/provider-aws/lib/ssm-document';
import { IRole } from '../iam/grant';
import { PolicyStatement } from '../iam/policy-document';
import { IKmsKey } from '../kms/kms-key';
import { arnOf } from '../scope/aws-environment';
import { SESSION_LIMITS } from '../vocabulary/session-manager';

/**
 * The document Session Manager reads its account-and-region preferences from: AWS creates it
 * with defaults when someone first opens Session Manager's preferences in the console, so
 * Terraform owns it from the start instead (where it already exists, import it once:
 * `terraform import <address> SSM-SessionManagerRunShell`).
 */
export const SESSION_PREFERENCES_DOCUMENT = 'SSM-SessionManagerRunShell';

/** Properties of {@link SessionLogging}. */
export interface SessionLoggingProps {
  /** The KMS-encrypted log group every session's input and output is streamed to. */
  readonly logGroupName: string;
  /**
   * The key session data is encrypted with between the person's client and the node, beyond
   * TLS: the person's role needs kms:GenerateDataKey on it, the node's kms:Decrypt
   * ({@link grantSessionLogging}).
   */
  readonly sessionKey: IKmsKey;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Session Manager's preferences for the account in this region: every session is streamed as
 * it happens to an encrypted log group (the agent refuses to start one when the group is not
 * encrypted), idle sessions end after SESSION_LIMITS.idleMinutes and every session after
 * SESSION_LIMITS.maxMinutes, and no session runs as another OS user. The nodes' roles need
 * {@link grantSessionLogging}. Session data is encrypted end to end with `sessionKey` besides
 * the channel's TLS.
 */
export class SessionLogging extends Construct {
  /** The preferences document's name. */
  readonly documentName: string;

  constructor(scope: Construct, id: string, props: SessionLoggingProps) {
    super(scope, id);
    const document = new SsmDocument(this, 'preferences', {
      provider: props.provider,
      name: SESSION_PREFERENCES_DOCUMENT,
      documentType: 'Session',
      documentFormat: 'JSON',
      content: JSON.stringify(sessionPreferences(props.logGroupName, props.sessionKey.keyArn)),
    });
    this.node.defaultChild = document;
    this.documentName = document.name;
  }
}

/** The preferences document's content, as Session Manager's schema 1.0 spells it. */
export function sessionPreferences(
  logGroupName: string,
  sessionKeyArn: string,
): Record<string, unknown> {
  return {
    schemaVersion: '1.0',
    description: 'Strata: every session logged to an encrypted log group',
    sessionType: 'Standard_Stream',
    inputs: {
      s3BucketName: '',
      s3KeyPrefix: '',
      s3EncryptionEnabled: true,
      cloudWatchLogGroupName: logGroupName,
      cloudWatchEncryptionEnabled: true,
      cloudWatchStreamingEnabled: true,
      kmsKeyId: sessionKeyArn,
      runAsEnabled: false,
      runAsDefaultUser: '',
      idleSessionTimeout: String(SESSION_LIMITS.idleMinutes),
      maxSessionDuration: String(SESSION_LIMITS.maxMinutes),
      shellProfile: { linux: '', windows: '' },
    },
  };
}

/**
 * Lets a node's SSM agent stream its sessions to `logGroupArn` (the group's ARN without the
 * `:*` suffix): create streams and put events there, and list groups to check that the group
 * is encrypted, as the agent does before every session; and decrypt session data with the
 * region's key named `sessionKeyAlias` (`alias/...`), found by its alias because that key
 * belongs to another layer's stack.
 */
export function grantSessionLogging(
  role: IRole & IConstruct,
  logGroupArn: string,
  sessionKeyAlias: string,
): void {
  role.addToPolicy({
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
    Resource: [logGroupArn, `${logGroupArn}:log-stream:*`],
  });
  role.addToPolicy({
    Effect: 'Allow',
    // DescribeLogGroups is authorised on the account's groups as a whole.
    Action: 'logs:DescribeLogGroups',
    Resource: '*',
  });
  role.addToPolicy({
    Effect: 'Allow',
    Action: 'kms:Decrypt',
    Resource: arnOf(role, { service: 'kms', resource: 'key/*' }),
    Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [sessionKeyAlias] } },
  });
}

/**
 * AWS's Session Manager documents that forward a local port to a node, or through it to a
 * host the node reaches: how people reach the private endpoints without a VPN.
 */
export const PORT_FORWARDING_DOCUMENTS: readonly string[] = [
  'AWS-StartPortForwardingSession',
  'AWS-StartPortForwardingSessionToRemoteHost',
];

/** Where and on what a person may open a shell with {@link sessionStartStatements}. */
export interface SessionStartScope {
  /** The regions of the nodes, each with the alias (`alias/...`) of its session key. */
  readonly sessionKeyAliases: Readonly<Record<string, string>>;
  /** Tags a node must carry (all of them), e.g. the environment's `Project` and `Environment`. */
  readonly nodeTags: Readonly<Record<string, string>>;
}

/**
 * What a person needs to open a shell on the nodes through Session Manager, and nothing wider:
 * start a session on an instance carrying every one of `nodeTags`, with the account's shell
 * document only; open the data channel of, end or resume only their own sessions; encrypt the
 * session with the region's session key (found by its alias). As AWS's own end-user policy for
 * Session Manager, narrowed to the environment's nodes.
 */
export function sessionStartStatements(
  scope: IConstruct,
  { sessionKeyAliases, nodeTags }: SessionStartScope,
): PolicyStatement[] {
  const regions = Object.keys(sessionKeyAliases);
  const inEach = (service: string, resource: string) =>
    regions.map((region) => arnOf(scope, { service, region, resource }));
  return [
    {
      Effect: 'Allow',
      Action: 'ssm:StartSession',
      Resource: inEach('ec2', 'instance/*'),
      Condition: {
        StringEquals: Object.fromEntries(
          Object.entries(nodeTags).map(([key, value]) => [`ssm:resourceTag/${key}`, value]),
        ),
      },
    },
    {
      Effect: 'Allow',
      Action: 'ssm:StartSession',
      Resource: [
        ...inEach('ssm', `document/${SESSION_PREFERENCES_DOCUMENT}`),
        // AWS's own port-forwarding documents (no account in their ARN): private endpoints
        // (the cluster API, in-VPC consoles) reached through a node, instead of a VPN.
        ...regions.flatMap((region) =>
          PORT_FORWARDING_DOCUMENTS.map((name) =>
            arnOf(scope, { service: 'ssm', region, account: '', resource: `document/${name}` }),
          ),
        ),
      ],
    },
    {
      Effect: 'Allow',
      // Their own sessions only: Session Manager names each after the caller's user id.
      Action: ['ssm:TerminateSession', 'ssm:ResumeSession', 'ssmmessages:OpenDataChannel'],
      // `$${` is Terraform's escape: IAM receives the policy variable `${aws:userid}`.
      Resource: inEach('ssm', 'session/$${aws:userid}-*'),
    },
    {
      Effect: 'Allow',
      Action: 'kms:GenerateDataKey',
      Resource: inEach('kms', 'key/*'),
      Condition: {
        'ForAnyValue:StringEquals': { 'kms:ResourceAliases': Object.values(sessionKeyAliases) },
      },
    },
  ];
}
