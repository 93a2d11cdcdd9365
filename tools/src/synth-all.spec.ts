import { spawnSync } from 'node:child_process';
import {
  cpSync,
  Dirent,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  AWS_TAG_LIMITS,
  CONSTRUCT_TAGS_MAX,
  EnvironmentConfig,
  findWorkspaceRoot,
  loadEnvironments,
  stateBucketName,
  stateLockTableName,
} from '@strata/config';
import { layerApps, synthCompiledApp } from './layer-apps';

const root = findWorkspaceRoot(__dirname);
const environments = loadEnvironments(join(root, 'environments'));

/** Every app with a synth target: a new layer app is picked up without editing this test. */
const apps = layerApps(root);

/** The stacks a layer must produce for an environment, per the documented naming. */
function expectedStacks(layer: string, env: EnvironmentConfig): string[] {
  switch (layer) {
    case 'state':
      return [`state-${env.name}`];
    case 'network':
      return [
        ...env.regions.map((region) => `network-${env.name}-${region.name}`),
        ...(env.network.transitGatewayPeering ? [`network-${env.name}-peering`] : []),
      ];
    case 'cluster':
      return env.regions.flatMap((region) => [
        `cluster-${env.name}-${region.name}`,
        `addons-${env.name}-${region.name}`,
      ]);
    case 'data':
    case 'edge':
    case 'observability':
      return env.regions.map((region) => `${layer}-${env.name}-${region.name}`);
    default:
      throw new Error(`No stack expectation for layer app "${layer}": add it to this test`);
  }
}

/** State name and scope a stack's backend key must use. */
function expectedStateKey(stack: string, env: EnvironmentConfig): string {
  const [prefix, , ...rest] = stack.split('-');
  // The state stack (`state-<env>`) lives in the primary region, in the bucket it creates.
  const scope = rest.join('-') || env.primaryRegion.name;
  // The add-ons stack keeps its own state beside the cluster's.
  const layer = prefix === 'addons' ? 'cluster-addons' : prefix;
  return scope === 'peering'
    ? `${layer}-peering/${env.name}/global/terraform.tfstate`
    : `${layer}/${env.name}/${scope}/terraform.tfstate`;
}

interface StackJson {
  terraform: {
    backend: Record<string, Record<string, unknown>>;
    required_providers: Record<string, { version: string }>;
  };
}

function synthApp(app: string, env: NodeJS.ProcessEnv = {}) {
  const outdir = join(mkdtempSync(join(tmpdir(), `strata-${app}-`)), 'cdktf.out');
  return { outdir, ...synthCompiledApp(root, app, outdir, env) };
}

/** Each app's output, for the platform app's comparison. */
const appOutdirs = new Map<string, string>();

describe.each(apps)('compiled %s app', (app) => {
  const { outdir, status, stderr } = synthApp(app);
  appOutdirs.set(app, outdir);

  it('synthesizes without error', () => {
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  it('produces one stack per environment and region where the layer is enabled', () => {
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
    const expected = environments
      .filter((env) => env.layers[app as 'state'])
      .flatMap((env) => expectedStacks(app, env));
    expect(Object.keys(manifest.stacks).sort()).toEqual(expected.sort());
  });

  it('gives every stack the backend block of its environment', () => {
    for (const env of environments.filter((candidate) => candidate.layers[app as 'state'])) {
      for (const stack of expectedStacks(app, env)) {
        const json: StackJson = JSON.parse(
          readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'),
        );
        expect(json.terraform.backend.s3).toMatchObject({
          bucket: stateBucketName(env),
          key: expectedStateKey(stack, env),
          region: env.primaryRegion.name,
          encrypt: true,
          dynamodb_table: stateLockTableName(env),
          use_lockfile: true,
        });
        expect(json.terraform.required_providers.aws.version).toBe('6.25.0');
      }
    }
  });

  it('sets at most CONSTRUCT_TAGS_MAX tags on any resource itself, so the tag-count rule is right', () => {
    for (const stack of readdirSync(join(outdir, 'stacks'))) {
      const json: StackJson & {
        resource?: Record<string, Record<string, { tags?: Record<string, string> }>>;
        provider?: { aws?: Array<{ default_tags?: Array<{ tags: Record<string, string> }> }> };
      } = JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      const defaults = json.provider?.aws?.[0]?.default_tags?.[0]?.tags ?? {};
      for (const [type, resources] of Object.entries(json.resource ?? {})) {
        for (const [name, resource] of Object.entries(resources)) {
          const own = Object.keys(resource.tags ?? {});
          expect([`${stack} ${type}.${name}`, own.length <= CONSTRUCT_TAGS_MAX]).toEqual([
            `${stack} ${type}.${name}`,
            true,
          ]);
          const all = new Set([...Object.keys(defaults), ...own]);
          expect(all.size).toBeLessThanOrEqual(AWS_TAG_LIMITS.perResource);
        }
      }
    }
  });
});

/** Every file under `directory`, relative to it, sorted. */
function filesUnder(directory: string): string[] {
  return (readdirSync(directory, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)))
    .sort();
}

describe('the platform app: every layer in one run (npm run synth)', () => {
  const platform = (env: NodeJS.ProcessEnv = {}) => {
    const outRoot = mkdtempSync(join(tmpdir(), 'strata-platform-'));
    // Two threads whatever the machine has, so the worker path always runs.
    const run = spawnSync(process.execPath, [join(root, 'dist', 'apps', 'platform', 'main.js')], {
      cwd: root,
      env: { ...process.env, CDKTF_OUTDIR: outRoot, STRATA_SYNTH_THREADS: '2', ...env },
      encoding: 'utf8',
    });
    return { ...run, outRoot };
  };
  const { status, stderr, outRoot } = platform();

  it('synthesizes every layer app into <outdir>/<layer>', () => {
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(readdirSync(outRoot).sort()).toEqual([...apps].sort());
  });

  it.each(apps)('writes %s byte for byte as the layer app does', (app) => {
    const own = appOutdirs.get(app);
    if (!own) throw new Error(`${app} was not synthesized`);
    const files = filesUnder(own);
    expect(filesUnder(join(outRoot, app))).toEqual(files);
    const differing = files.filter(
      (file) => !readFileSync(join(own, file)).equals(readFileSync(join(outRoot, app, file))),
    );
    expect(differing).toEqual([]);
  });

  it("writes the same with and without V8's code cache, makes it once and survives a bad one", () => {
    const bundleDir = join(root, 'dist', 'apps', 'platform');
    const caches = () => readdirSync(bundleDir).filter((name) => name.endsWith('.v8cache'));
    const sameAsLayerApps = (outRoot: string) =>
      apps.every((app) => {
        const own = appOutdirs.get(app) as string;
        return filesUnder(own).every((file) =>
          readFileSync(join(own, file)).equals(readFileSync(join(outRoot, app, file))),
        );
      });
    for (const name of caches()) rmSync(join(bundleDir, name));

    const cold = platform();
    expect(cold.status).toBe(0);
    expect(sameAsLayerApps(cold.outRoot)).toBe(true);
    expect(caches()).toHaveLength(1);
    const cacheFile = join(bundleDir, caches()[0]);
    const made = readFileSync(cacheFile);

    const warm = platform();
    expect(warm.status).toBe(0);
    expect(sameAsLayerApps(warm.outRoot)).toBe(true);
    // Taken, so not written again.
    expect(readFileSync(cacheFile).equals(made)).toBe(true);

    writeFileSync(cacheFile, Buffer.alloc(made.length, 7));
    const refused = platform();
    expect(refused.status).toBe(0);
    expect(refused.stderr).toBe('');
    expect(sameAsLayerApps(refused.outRoot)).toBe(true);
    expect(readFileSync(cacheFile).equals(Buffer.alloc(made.length, 7))).toBe(false);
  });

  it('writes no layer, and keeps the previous output, when one layer fails in one thread', () => {
    // Only the cluster layer needs the Gateway API manifest: an empty mirror fails it alone,
    // while the other thread stages its layers, which must then be removed.
    const emptyMirror = mkdtempSync(join(tmpdir(), 'strata-empty-mirror-'));
    const outRoot = mkdtempSync(join(tmpdir(), 'strata-platform-kept-'));
    for (const app of apps) {
      mkdirSync(join(outRoot, app));
      writeFileSync(join(outRoot, app, 'previous.txt'), 'earlier synth');
    }
    const run = spawnSync(process.execPath, [join(root, 'dist', 'apps', 'platform', 'main.js')], {
      cwd: root,
      env: {
        ...process.env,
        CDKTF_OUTDIR: outRoot,
        STRATA_SYNTH_THREADS: '2',
        STRATA_MANIFEST_MIRROR: emptyMirror,
      },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('synth failed, nothing was written.');
    expect(run.stderr).toMatch(/cluster: Manifest gateway-api .* STRATA_MANIFEST_MIRROR/);
    expect(readdirSync(outRoot).sort()).toEqual([...apps].sort());
    for (const app of apps) expect(readdirSync(join(outRoot, app))).toEqual(['previous.txt']);
  });

  it('fails naming the file, field and rule, and writes no layer, on invalid config', () => {
    const envDir = mkdtempSync(join(tmpdir(), 'strata-broken-envs-'));
    cpSync(join(root, 'environments'), envDir, { recursive: true });
    const dev = join(envDir, 'dev.yaml');
    writeFileSync(
      dev,
      readFileSync(dev, 'utf8').replace(/vpcCidr: [0-9./]+/, 'vpcCidr: 10.0.0.0/8'),
    );
    const broken = platform({ STRATA_ENVIRONMENTS_DIR: envDir });
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('synth failed, nothing was written.');
    expect(broken.stderr).toMatch(
      /dev\.yaml:\d+: regions\.primary\.vpcCidr: .*\[rule: cidr-size\]/,
    );
    expect(readdirSync(broken.outRoot)).toEqual([]);
  });
});

describe('invalid environment config', () => {
  it('fails naming the file, field and rule, and writes nothing', () => {
    const envDir = mkdtempSync(join(tmpdir(), 'strata-broken-envs-'));
    cpSync(join(root, 'environments'), envDir, { recursive: true });
    const prod = join(envDir, 'prod.yaml');
    writeFileSync(
      prod,
      readFileSync(prod, 'utf8').replace('vpcCidr: 10.1.0.0/16', 'vpcCidr: 10.0.128.0/17'),
    );
    const { outdir, status, stderr } = synthApp('network', { STRATA_ENVIRONMENTS_DIR: envDir });
    expect(status).toBe(1);
    expect(stderr).toMatch(
      /prod\.yaml:\d+: regions\.secondary\.vpcCidr: 10\.0\.128\.0\/17 overlaps .* \[rule: cidrs-disjoint\]/,
    );
    expect(existsSync(outdir)).toBe(false);
    expect(readdirSync(join(outdir, '..'))).toEqual([]);
  });
});

describe('root cdktf.json', () => {
  const cdktfJson = JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8'));

  it('runs the compiled layer app named by STRATA_LAYER, as the cdktf CLI does', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'strata-cli-')), 'out');
    const [command, ...args] = cdktfJson.app.split(' ');
    expect(command).toBe('node');
    const run = spawnSync(process.execPath, args, {
      cwd: root,
      env: { ...process.env, STRATA_LAYER: 'state', CDKTF_OUTDIR: outdir },
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(readdirSync(join(outdir, 'stacks'))).toContain('state-prod');
  });

  it('rebuilds a layer bundle older than its sources before running it, and only then', () => {
    const bundle = join(root, 'dist', 'apps', 'network', 'main.js');
    const [, ...args] = cdktfJson.app.split(' ');
    const runNetwork = () =>
      spawnSync(process.execPath, args, {
        cwd: root,
        env: {
          ...process.env,
          STRATA_LAYER: 'network',
          CDKTF_OUTDIR: join(mkdtempSync(join(tmpdir(), 'strata-cli-')), 'out'),
          NX_DAEMON: 'false',
        },
        encoding: 'utf8',
      });
    // Newer than every source: run as it is.
    const now = new Date();
    utimesSync(bundle, now, now);
    expect(runNetwork().status).toBe(0);
    expect(Math.round(statSync(bundle).mtimeMs)).toBe(now.getTime());
    // Older than its sources: built (from the Nx cache when unchanged) first.
    utimesSync(bundle, new Date(0), new Date(0));
    expect(runNetwork().status).toBe(0);
    expect(statSync(bundle).mtimeMs).toBeGreaterThan(now.getTime() - 1000);
  });

  it('names an unknown layer, and refuses the platform app, which is no layer', () => {
    const [, ...args] = cdktfJson.app.split(' ');
    const run = spawnSync(process.execPath, args, {
      cwd: root,
      env: { ...process.env, STRATA_LAYER: 'netwrok' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('STRATA_LAYER=netwrok: there is no layer app apps/netwrok.');
    const platform = spawnSync(process.execPath, args, {
      cwd: root,
      env: { ...process.env, STRATA_LAYER: 'platform' },
      encoding: 'utf8',
    });
    expect(platform.stderr).toContain('there is no layer app apps/platform.');
  });

  it('tells the user what to set when no layer is chosen', () => {
    const [, ...args] = cdktfJson.app.split(' ');
    const run = spawnSync(process.execPath, args, {
      cwd: root,
      env: { ...process.env, STRATA_LAYER: '' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Set STRATA_LAYER');
  });
});
