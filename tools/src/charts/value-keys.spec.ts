import {
  effectiveDefaults,
  formatValuePath,
  referencedValuePaths,
  unknownValueKeys,
  withReferencedPaths,
} from './value-keys';

describe('unknownValueKeys', () => {
  const chart = {
    defaults: {
      replicas: 1,
      podAnnotations: {},
      extraArgs: {},
      serviceAccount: { create: true, annotations: {} },
      args: [],
      'redis-ha': { enabled: false, haproxy: { replicas: 3 } },
      nullable: null,
    },
  };

  it('accepts keys the defaults declare, lists and scalars taken whole', () => {
    expect(
      unknownValueKeys(
        { replicas: 2, args: ['--x'], serviceAccount: { create: false }, nullable: { any: 1 } },
        chart,
      ),
    ).toEqual([]);
  });

  it('finds a misspelt key at any depth, and keys below an empty map that nobody declared', () => {
    const found = unknownValueKeys(
      {
        replica: 2,
        'redis-ha': { enabled: true, haproxi: {} },
        extraArgs: { 'balance-similar-node-groups': true },
      },
      chart,
    ).map((unknown) => formatValuePath(unknown.path));
    expect(found).toEqual(['replica', 'redis-ha.haproxi', 'extraArgs.balance-similar-node-groups']);
  });

  it('accepts keys below a declared free-form map', () => {
    expect(
      unknownValueKeys({ extraArgs: { 'balance-similar-node-groups': true } }, chart, [
        ['extraArgs'],
      ]),
    ).toEqual([]);
  });

  it('leaves what goes into a Kubernetes field (annotations, resources) to the rendering schema', () => {
    expect(
      unknownValueKeys(
        { serviceAccount: { annotations: { 'eks.amazonaws.com/role-arn': 'arn' } } },
        chart,
      ),
    ).toEqual([]);
  });

  it('accepts optional keys the templates name but values.yaml only documents in comments', () => {
    const referenced = {
      defaults: withReferencedPaths(
        { podDisruptionBudget: { enabled: false } },
        referencedValuePaths('{{- if .Values.podDisruptionBudget.minAvailable }}'),
      ),
    };
    expect(
      unknownValueKeys(
        { podDisruptionBudget: { enabled: true, minAvailable: 1, minAvailible: 1 } },
        referenced,
      ).map((unknown) => formatValuePath(unknown.path)),
    ).toEqual(['podDisruptionBudget.minAvailible']);
  });

  it('accepts what values.schema.json declares, including open maps', () => {
    const withSchema = {
      defaults: {},
      jsonSchema: {
        properties: {
          gateway: { type: 'object', properties: { port: { type: 'integer' } } },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    };
    expect(
      unknownValueKeys({ gateway: { port: 1, prot: 2 }, labels: { a: 'b' } }, withSchema).map(
        (unknown) => formatValuePath(unknown.path),
      ),
    ).toEqual(['gateway.prot']);
  });
});

describe('effectiveDefaults', () => {
  it("flattens Istio's defaults block, as its templates do at render time", () => {
    expect(
      effectiveDefaults({ _internal_defaults_do_not_set: { autoscaleMin: 1 }, global: {} }),
    ).toEqual({ autoscaleMin: 1, global: {} });
  });
});
