import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  ConfigError,
  exampleEnvironment,
  exampleEnvironmentFile,
  findWorkspaceRoot,
  LAYERS,
} from '@strata/config';
import { synthCompiledApp } from './layer-apps';

/**
 * One production environment in GovCloud and one in China, synthesized by the compiled
 * layer apps: every ARN in every stack carries the environment's partition. An `arn:aws:`
 * literal would name a resource that does not exist there (and fail the apply, or in a
 * policy, grant nothing).
 */
const root = findWorkspaceRoot(__dirname);
const PARTITIONED = [
  {
    name: 'gov',
    partition: 'aws-us-gov',
    primary: 'us-gov-west-1',
    secondary: 'us-gov-east-1',
    accountId: '444444444444',
  },
  {
    name: 'cn',
    partition: 'aws-cn',
    primary: 'cn-north-1',
    secondary: 'cn-northwest-1',
    accountId: '555555555555',
  },
] as const;

const environmentsDir = join(mkdtempSync(join(tmpdir(), 'strata-partitions-')), 'environments');
mkdirSync(environmentsDir);
for (const env of PARTITIONED) {
  writeFileSync(
    join(environmentsDir, `${env.name}.yaml`),
    stringify(
      exampleEnvironmentFile({
        name: env.name,
        accountId: env.accountId,
        regions: {
          primary: { name: env.primary, vpcCidr: '10.0.0.0/16' },
          secondary: { name: env.secondary, vpcCidr: '10.1.0.0/16' },
        },
        dnsDomain: `api.${env.name}.example.com`,
        layers: { edge: false, observability: false },
      }),
    ),
  );
}

/** Every layer the partitions allow, synthesized once into its own directory. */
const layers = LAYERS.filter((layer) => layer !== 'edge' && layer !== 'observability');
const outRoot = mkdtempSync(join(tmpdir(), 'strata-partitions-out-'));
const runs = Object.fromEntries(
  layers.map((layer) => [
    layer,
    synthCompiledApp(root, layer, join(outRoot, layer), {
      STRATA_ENVIRONMENTS_DIR: environmentsDir,
    }),
  ]),
);

function stacksOf(layer: string): Array<{ stack: string; text: string }> {
  const dir = join(outRoot, layer, 'stacks');
  return readdirSync(dir).map((stack) => ({
    stack,
    text: readFileSync(join(dir, stack, 'cdk.tf.json'), 'utf8'),
  }));
}

describe.each(layers)('the %s layer in GovCloud and China', (layer) => {
  it('synthesizes', () => {
    expect(runs[layer].stderr).toBe('');
    expect(runs[layer].status).toBe(0);
  });

  it.each(PARTITIONED.map((env) => [env.name, env.partition]))(
    'writes only %s ARNs (%s) in every stack',
    (name, partition) => {
      const stacks = stacksOf(layer).filter(({ stack }) => stack.includes(`-${name}`));
      expect(stacks.length).toBeGreaterThan(0);
      for (const { stack, text } of stacks) {
        const commercial = text.match(/.{0,60}arn:aws:.{0,60}/g) ?? [];
        expect([stack, commercial]).toEqual([stack, []]);
      }
      // The ARNs Strata writes itself are there, in the partition's form.
      expect(stacks.some(({ text }) => text.includes(`arn:${partition}:`))).toBe(true);
    },
  );
});

describe('partition-layers', () => {
  it('refuses the layers whose services the partition does not offer as Strata uses them', () => {
    const attempt = () =>
      exampleEnvironment({
        regions: {
          primary: { name: 'us-gov-west-1', vpcCidr: '10.0.0.0/16' },
          secondary: { name: 'us-gov-east-1', vpcCidr: '10.1.0.0/16' },
        },
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/layers\.edge: is on, but the edge layer needs CloudFront/);
    expect(attempt).toThrow(/layers\.observability: is on/);
  });

  it('refuses regions of two partitions in one environment', () => {
    expect(() =>
      exampleEnvironment({
        regions: {
          primary: { name: 'us-east-1', vpcCidr: '10.0.0.0/16' },
          secondary: { name: 'us-gov-west-1', vpcCidr: '10.1.0.0/16' },
        },
      }),
    ).toThrow(/regions\.secondary\.name: is in the aws-us-gov partition/);
  });
});
