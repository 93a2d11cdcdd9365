// Remediates a defined set of Security Hub control findings as they are imported, then marks
// each finding RESOLVED with a note of what was done (Security Hub's next check passes it).
// Invoked by EventBridge on "Security Hub Findings - Imported" for FAILED, NEW, ACTIVE findings
// of the controls below in the region the rule is in. A finding it cannot fix fails the
// invocation (its Errors metric is alarmed) and stays NEW for a person.
//
// Controls:
//   S3.1   account-level Block Public Access off        -> turned on for the account
//   S3.8   a bucket's Block Public Access off            -> turned on for the bucket
//   EC2.7  EBS encryption by default off                 -> turned on for the region
//   EC2.13, EC2.14, EC2.53  a security group open to the internet on 22 or 3389
//                                                       -> those ingress rules revoked
// Runs on the Lambda Node.js runtime's bundled AWS SDK v3.
'use strict';

/** Remote administration ports no security group may open to the internet. */
const ADMIN_PORTS = [22, 3389];
const WORLD = new Set(['0.0.0.0/0', '::/0']);
const BLOCK_ALL = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

function clientsFromRuntime() {
  const made = {};
  return (service, region) => {
    const names = { s3: 'S3', s3control: 'S3Control', ec2: 'EC2', securityhub: 'SecurityHub' };
    const api = require(`@aws-sdk/client-${service}`);
    made[`${service}:${region}`] ??= new api[`${names[service]}Client`]({ region });
    const client = made[`${service}:${region}`];
    return (command, input) => client.send(new api[`${command}Command`](input));
  };
}

/** The resource name at the end of an ARN (`:::bucket`, `security-group/sg-1`). */
const nameOf = (arn) => arn.split(/[:/]/).pop();

/** Whether an ingress rule lets the internet reach an admin port. */
function opensAdminPort(rule) {
  if (rule.IsEgress || !WORLD.has(rule.CidrIpv4 ?? rule.CidrIpv6)) return false;
  if (rule.IpProtocol === '-1') return true;
  if (rule.IpProtocol !== 'tcp' && rule.IpProtocol !== '6') return false;
  return ADMIN_PORTS.some((port) => rule.FromPort <= port && port <= rule.ToPort);
}

async function closeAdminPorts(aws, finding, resource) {
  const groupId = nameOf(resource.Id);
  const { SecurityGroupRules: rules = [] } = await aws('ec2', finding.Region)(
    'DescribeSecurityGroupRules',
    { Filters: [{ Name: 'group-id', Values: [groupId] }] },
  );
  const open = rules.filter(opensAdminPort).map((rule) => rule.SecurityGroupRuleId);
  if (open.length > 0)
    await aws('ec2', finding.Region)('RevokeSecurityGroupIngress', {
      GroupId: groupId,
      SecurityGroupRuleIds: open,
    });
  return `revoked ${open.length} ingress rule(s) of ${groupId} open to the internet on ${ADMIN_PORTS.join(' or ')}`;
}

/** What each control's remediation does; returns what it did. */
const REMEDIATIONS = {
  'S3.1': async (aws, finding) => {
    await aws('s3control', finding.Region)('PutPublicAccessBlock', {
      AccountId: finding.AwsAccountId,
      PublicAccessBlockConfiguration: BLOCK_ALL,
    });
    return `turned on Block Public Access for account ${finding.AwsAccountId}`;
  },
  'S3.8': async (aws, finding, resource) => {
    const bucket = nameOf(resource.Id);
    await aws('s3', finding.Region)('PutPublicAccessBlock', {
      Bucket: bucket,
      PublicAccessBlockConfiguration: BLOCK_ALL,
    });
    return `turned on Block Public Access for bucket ${bucket}`;
  },
  'EC2.7': async (aws, finding) => {
    await aws('ec2', finding.Region)('EnableEbsEncryptionByDefault', {});
    return `turned on EBS encryption by default in ${finding.Region}`;
  },
  'EC2.13': closeAdminPorts,
  'EC2.14': closeAdminPorts,
  'EC2.53': closeAdminPorts,
};

/** Remediates the findings of one event; returns what was done to each. */
async function remediate(event, aws) {
  const done = [];
  const failed = [];
  for (const finding of event.detail?.findings ?? []) {
    const control = finding.Compliance?.SecurityControlId;
    const fix = REMEDIATIONS[control];
    if (!fix || finding.Compliance?.Status !== 'FAILED') continue;
    try {
      const actions = [];
      for (const resource of finding.Resources ?? [])
        actions.push(await fix(aws, finding, resource));
      const text = `Remediated automatically (${control}): ${actions.join('; ')}`.slice(0, 512);
      await aws('securityhub', finding.Region)('BatchUpdateFindings', {
        FindingIdentifiers: [{ Id: finding.Id, ProductArn: finding.ProductArn }],
        Workflow: { Status: 'RESOLVED' },
        Note: { Text: text, UpdatedBy: 'strata-finding-remediation' },
      });
      console.log(JSON.stringify({ finding: finding.Id, control, text }));
      done.push({ control, text });
    } catch (error) {
      failed.push(`${control} ${finding.Id}: ${error.message}`);
    }
  }
  if (failed.length) throw new Error(`finding remediation failed: ${failed.join('; ')}`);
  return done;
}

module.exports = {
  REMEDIATIONS,
  remediate,
  handler: (event) => remediate(event, clientsFromRuntime()),
};
