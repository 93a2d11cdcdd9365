import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { synthesizeStackJsons } from './layer-apps';

// The alarms of the observability layer name resources of the data and edge layers by their
// dimensions. An alarm whose metric is never published for its resource stays silent forever,
// so each one is joined here with what makes AWS publish it, in the synthesized production
// stacks of all three layers.

type Block = Record<string, unknown>;
interface StackJson {
  resource?: Record<string, Record<string, Block>>;
  output?: Record<string, { value: unknown }>;
  data?: Record<string, Record<string, Block>>;
}

const root = findWorkspaceRoot(__dirname);
const work = mkdtempSync(join(tmpdir(), 'strata-alarm-targets-'));

function stacksOf(app: string): Map<string, StackJson> {
  const stacks = synthesizeStackJsons<StackJson>(root, app, join(work, app), 'prod');
  return new Map([...stacks].map(([name, { json }]) => [name, json]));
}

function stack(stacks: Map<string, StackJson>, name: string): StackJson {
  const json = stacks.get(name);
  if (!json) throw new Error(`no stack ${name} among ${[...stacks.keys()].join(', ')}`);
  return json;
}

const resources = (json: StackJson, type: string) => Object.entries(json.resource?.[type] ?? {});

/** The resource of `type` a `${type.name.attribute}` reference points at. */
function referenced(json: StackJson, type: string, reference: unknown, attribute: string): Block {
  const match = new RegExp(`^\\$\\{${type}\\.([\\w-]+)\\.${attribute}\\}$`).exec(String(reference));
  const block = match ? json.resource?.[type]?.[match[1]] : undefined;
  if (!block) throw new Error(`${String(reference)} is not a reference to ${type}.*.${attribute}`);
  return block;
}

/** The region of the AWS provider a resource names (`aws.<alias>`, or none: the default). */
function providerRegion(json: StackJson & { provider?: { aws?: Block[] } }, provider: unknown) {
  const alias =
    provider === undefined ? undefined : String(provider).replace(/^aws\.?/, '') || undefined;
  return json.provider?.aws?.find((candidate) => candidate.alias === alias)?.region;
}

const observability = stacksOf('observability');
const data = stacksOf('data');
const edge = stacksOf('edge');
const primaryObservability = stack(observability, 'observability-prod-us-east-1');
const alarms = resources(primaryObservability, 'aws_cloudwatch_metric_alarm').map(
  ([, alarm]) => alarm,
);
const alarmsOf = (namespace: string, metricName: string) =>
  alarms.filter((alarm) => alarm.namespace === namespace && alarm.metric_name === metricName);

describe('alarm targets', () => {
  it('alarms on failed and late replication of every replicating bucket, by its own rule', () => {
    const primaryData = stack(data, 'data-prod-us-east-1');
    const configurations = resources(primaryData, 'aws_s3_bucket_replication_configuration');
    expect(configurations.length).toBeGreaterThan(0);
    const bucketName = (reference: unknown, attribute: string) =>
      referenced(primaryData, 'aws_s3_bucket', reference, attribute).bucket;
    const joined = configurations.flatMap(([, configuration]) => {
      const source = bucketName(configuration.bucket, 'id');
      return (configuration.rule as Block[]).map((rule) => {
        const destination = rule.destination as Block;
        // S3 publishes the rule's metrics only with Replication Time Control's metrics on.
        expect((destination.metrics as Block).status).toBe('Enabled');
        return `${source} > ${bucketName(destination.bucket, 'arn')} (${rule.id})`;
      });
    });
    for (const metricName of ['OperationsFailedReplication', 'ReplicationLatency']) {
      const watched = alarmsOf('AWS/S3', metricName).map((alarm) => {
        const dimensions = alarm.dimensions as Record<string, string>;
        return `${dimensions.SourceBucket} > ${dimensions.DestinationBucket} (${dimensions.RuleId})`;
      });
      expect(watched.sort()).toEqual([...joined].sort());
    }
  });

  it("alarms on what each region's failover runbook reports, by the global cluster it moves", () => {
    const script = readFileSync(
      join(root, 'libs/constructs/assets/regional-failover/failover.py'),
      'utf8',
    );
    for (const region of ['us-east-1', 'us-west-2']) {
      const regionData = stack(data, `data-prod-${region}`);
      const regionObservability = stack(observability, `observability-prod-${region}`);
      // The failover runbook, not Session Manager's preferences.
      const [runbook] = resources(regionData, 'aws_ssm_document')
        .filter(([, document]) => document.document_type === 'Automation')
        .map(([, document]) => JSON.parse(String(document.content)));
      const step = runbook.mainSteps[0].inputs;
      const watched = resources(regionObservability, 'aws_cloudwatch_metric_alarm')
        .map(([, alarm]) => alarm)
        .filter((alarm) => alarm.namespace === step.InputPayload.MetricNamespace);
      expect(watched.map((alarm) => alarm.metric_name).sort()).toEqual([
        'RecoveryPointSeconds',
        'RecoveryTimeSeconds',
      ]);
      for (const alarm of watched) {
        // The script publishes each figure under the global cluster the document moves...
        expect(script).toContain(`"MetricName": "${String(alarm.metric_name)}"`);
        expect(script).toContain('{"Name": "GlobalClusterIdentifier", "Value": identifier}');
        expect(step.InputPayload.GlobalClusterIdentifier).toBe('{{ GlobalClusterIdentifier }}');
        // ...whose default is the global cluster the data stack exports, which the alarm reads.
        const dimension = (alarm.dimensions as Record<string, string>).GlobalClusterIdentifier;
        expect(dimension).toBe(
          '${data.terraform_remote_state.data.outputs.globalClusterIdentifier}',
        );
        expect(regionData.output?.globalClusterIdentifier?.value).toBe(
          runbook.parameters.GlobalClusterIdentifier.default,
        );
      }
    }
  });

  it('alarms on global table replication from each region to every region that holds a replica', () => {
    // The table lives in the primary's stack; each other region's stack adds its replica.
    const tableRegions = ['us-east-1', 'us-west-2'].filter(
      (region) =>
        resources(
          stack(data, `data-prod-${region}`),
          region === 'us-east-1' ? 'aws_dynamodb_table' : 'aws_dynamodb_table_replica',
        ).length > 0,
    );
    expect(tableRegions).toEqual(['us-east-1', 'us-west-2']);
    for (const region of tableRegions) {
      const watched = resources(
        stack(observability, `observability-prod-${region}`),
        'aws_cloudwatch_metric_alarm',
      )
        .map(([, alarm]) => alarm)
        .filter(
          (alarm) =>
            alarm.namespace === 'AWS/DynamoDB' && alarm.metric_name === 'ReplicationLatency',
        )
        .map((alarm) => alarm.dimensions as Record<string, string>);
      expect(watched.map((dimensions) => dimensions.ReceivingRegion)).toEqual(
        tableRegions.filter((other) => other !== region),
      );
      for (const dimensions of watched) {
        expect(dimensions.TableName).toBe('${data.terraform_remote_state.data.outputs.tableName}');
      }
    }
  });

  it("alarms on the Kafka replicator by the name the secondary's data stack gives it", () => {
    for (const region of ['us-east-1', 'us-west-2']) {
      const replicators = resources(stack(data, `data-prod-${region}`), 'aws_msk_replicator').map(
        ([, replicator]) => replicator.replicator_name,
      );
      const watched = resources(
        stack(observability, `observability-prod-${region}`),
        'aws_cloudwatch_metric_alarm',
      )
        .map(([, alarm]) => alarm)
        .filter((alarm) => alarm.namespace === 'AWS/Kafka' && alarm.dimensions !== undefined)
        .filter((alarm) => 'ReplicatorName' in (alarm.dimensions as Record<string, string>));
      // Its metrics are published in its own region, the secondary.
      expect(replicators.length).toBe(region === 'us-west-2' ? 1 : 0);
      expect(watched.map((alarm) => alarm.metric_name).sort()).toEqual(
        replicators.length ? ['ReplicationLatency', 'ReplicatorFailure'] : [],
      );
      for (const alarm of watched) {
        expect((alarm.dimensions as Record<string, string>).ReplicatorName).toBe(replicators[0]);
      }
    }
  });

  it('alarms on DNSSEC signing of the zone the primary edge stack signs, in us-east-1', () => {
    const primaryEdge = stack(edge, 'edge-prod-us-east-1');
    const zoneOutput = primaryEdge.output?.hostedZoneId?.value;
    const zone = referenced(primaryEdge, 'aws_route53_zone', zoneOutput, 'zone_id');
    // The zone is signed: DNSSEC on it, through its key-signing key.
    const signed = resources(primaryEdge, 'aws_route53_hosted_zone_dnssec').map(
      ([, dnssec]) =>
        referenced(
          primaryEdge,
          'aws_route53_zone',
          referenced(
            primaryEdge,
            'aws_route53_key_signing_key',
            dnssec.hosted_zone_id,
            'hosted_zone_id',
          ).hosted_zone_id,
          'zone_id',
        ).name,
    );
    expect(signed).toEqual([zone.name]);
    const remoteStates = primaryObservability.data?.terraform_remote_state ?? {};
    for (const metricName of ['DNSSECInternalFailure', 'DNSSECKeySigningKeysNeedingAction']) {
      const [alarm, ...others] = alarmsOf('AWS/Route53', metricName);
      expect(others).toHaveLength(0);
      expect(providerRegion(primaryObservability, alarm.provider)).toBe('us-east-1');
      // The zone id is the primary edge stack's output, read from its state.
      const reference =
        /^\$\{data\.terraform_remote_state\.([\w-]+)\.outputs\.hostedZoneId\}$/.exec(
          (alarm.dimensions as Record<string, string>).HostedZoneId,
        );
      const state = remoteStates[reference?.[1] ?? ''];
      expect((state?.config as Block | undefined)?.key).toBe(
        'edge/prod/us-east-1/terraform.tfstate',
      );
    }
  });
});
