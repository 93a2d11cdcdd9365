import { Manifest } from './crd-schemas';
import { selects } from './alert-sources';
import {
  allowedDisruptions,
  disruptionProblems,
  duplicateSettingProblems,
  persistentStateProblems,
} from './workload-rules';

const deployment = (name: string, replicas: number, labels = { app: name }): Manifest => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'apps' },
  spec: { replicas, template: { metadata: { labels }, spec: { containers: [] } } },
});
const budget = (name: string, spec: Record<string, unknown>): Manifest => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name, namespace: 'apps' },
  spec: { selector: { matchLabels: { app: name } }, ...spec },
});

describe('disruption budgets', () => {
  it('matches selectors as the API server does', () => {
    const labels = { app: 'a', tier: 'web' };
    expect(selects({ matchLabels: { app: 'a' } }, labels)).toBe(true);
    expect(selects({ matchLabels: { app: 'b' } }, labels)).toBe(false);
    expect(
      selects({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] }, labels),
    ).toBe(true);
    expect(selects({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, labels)).toBe(
      false,
    );
    expect(selects({}, labels)).toBe(true);
    expect(selects(undefined, labels)).toBe(false);
  });

  it('counts the evictions a budget allows, percentages rounded up as the controller does', () => {
    expect(allowedDisruptions({ minAvailable: 1 }, 1)).toBe(0);
    expect(allowedDisruptions({ minAvailable: 1 }, 2)).toBe(1);
    expect(allowedDisruptions({ minAvailable: '50%' }, 3)).toBe(1);
    expect(allowedDisruptions({ minAvailable: '100%' }, 5)).toBe(0);
    expect(allowedDisruptions({ maxUnavailable: 0 }, 3)).toBe(0);
    expect(allowedDisruptions({ maxUnavailable: '10%' }, 3)).toBe(1);
  });

  it("judges a budget at its workload's autoscaler minimum, not its declared replicas", () => {
    const hpa: Manifest = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'apps' },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1 },
    };
    const objects = [deployment('web', 3), budget('web', { minAvailable: 1 })];
    expect(disruptionProblems([{ release: 'web', objects }]).size).toBe(0);
    const scaled = disruptionProblems([
      { release: 'web', objects },
      { release: 'hpa', objects: [hpa] },
    ]);
    expect(scaled.get('web')).toEqual([expect.stringContaining('at 1 replica, the fewest')]);
  });

  it('judges a workload KEDA scales from zero at the one pod it runs when there is work', () => {
    const scaledObject: Manifest = {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'jobs', namespace: 'apps' },
      spec: { scaleTargetRef: { name: 'jobs' } },
    };
    const objects = [deployment('jobs', 2), budget('jobs', { minAvailable: 1 }), scaledObject];
    expect(disruptionProblems([{ release: 'jobs', objects }]).get('jobs')).toEqual([
      expect.stringContaining('of Deployment jobs at 1 replica'),
    ]);
    const none = [deployment('idle', 0), budget('idle', { minAvailable: 1 })];
    expect(disruptionProblems([{ release: 'idle', objects: none }]).size).toBe(0);
  });
});

describe('duplicate settings', () => {
  const pod = (container: Record<string, unknown>): Manifest => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'apps' },
    spec: { containers: [{ name: 'c', ...container }] },
  });

  it('finds an environment variable set twice', () => {
    expect(
      duplicateSettingProblems([pod({ env: [{ name: 'A' }, { name: 'B' }, { name: 'A' }] })]),
    ).toEqual(['Pod apps/p container c sets environment variable A more than once']);
  });

  it('finds a flag given twice, in either form, unless it is declared repeatable', () => {
    const twice = pod({ command: ['app', '--level=1'], args: ['--level', '2', '-v', 'x'] });
    expect(duplicateSettingProblems([twice])).toEqual([
      'Pod apps/p container c gives flag --level more than once',
    ]);
    expect(duplicateSettingProblems([twice], ['--level'])).toEqual([]);
    expect(duplicateSettingProblems([pod({ args: ['--a=1', '--b=1', 'x', 'x'] })])).toEqual([]);
  });
});

describe('persistent state in production', () => {
  const statefulSet = (name: string, claims: unknown[]): Manifest => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'data' },
    spec: { volumeClaimTemplates: claims, template: { spec: { containers: [] } } },
  });
  const alertmanager = (spec: Record<string, unknown>): Manifest => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'Alertmanager',
    metadata: { name: 'am', namespace: 'monitoring' },
    spec,
  });

  it('fails a StatefulSet or operator-run store with no persistent volume', () => {
    expect(persistentStateProblems([statefulSet('db', []), alertmanager({ replicas: 3 })])).toEqual(
      [
        expect.stringMatching(/^StatefulSet data\/db keeps its state on no persistent volume/),
        expect.stringMatching(
          /^Alertmanager monitoring\/am keeps its state on no persistent volume/,
        ),
      ],
    );
  });

  it('passes them with storage, and one declared stateless with its reason', () => {
    const claim = { metadata: { name: 'data' } };
    const storage = { storage: { volumeClaimTemplate: {} } };
    expect(
      persistentStateProblems(
        [statefulSet('db', [claim]), alertmanager(storage), statefulSet('cache', [])],
        { cache: 'rebuilt from the source of truth' },
      ),
    ).toEqual([]);
  });
});
