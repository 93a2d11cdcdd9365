import { Construct, IConstruct } from 'constructs';
import { Testing, TerraformElement, TerraformStack } from 'cdktf';
import { exampleEnvironment } from '@strata/config';
import * as library from '@strata/constructs';
import * as helm from '@strata/constructs/helm';
import * as kubernetes from '@strata/constructs/kubernetes';
import { gatewayApiManifestFixture } from '@strata/constructs/testing';
import { AddonsStack } from '../../apps/cluster/src/addons-stack';
import { ClusterStack } from '../../apps/cluster/src/cluster-stack';
import { DataStack } from '../../apps/data/src/data-stack';
import { EdgeStack } from '../../apps/edge/src/edge-stack';
import { NetworkPeeringStack } from '../../apps/network/src/network-peering-stack';
import { NetworkStack } from '../../apps/network/src/network-stack';
import { ObservabilityStack } from '../../apps/observability/src/observability-stack';
import { StateStack } from '../../apps/state/src/state-stack';

/** Constructs with no single main resource, and where their parts are instead. */
const NO_SINGLE_RESOURCE: Readonly<Record<string, string>> = {
  ArchiveAsset: 'a zip written beside the stack at synthesis, no Terraform resource',
  DirectoryAsset: 'a directory placed beside the stack at synthesis, no Terraform resource',
  ClusterConnection: 'holds the kubernetesProvider and helmProvider it exposes',
  EksManagedAddons: 'one EKS add-on per component, all in `addons`',
  ImportedVpc: 'a VPC another stack created, referenced by its attributes: no resource of its own',
  KafkaAccess: 'IAM grants on a cluster defined elsewhere: no resource of its own',
  SearchAccess: 'IAM grants on a domain defined elsewhere: no resource of its own',
  KarpenterInfrastructure:
    'the node role, the interruption queue and the controller role are peers',
  TableAutoscaling: 'one target and policy per capacity kind',
};

/** Every construct class the library exports (not provider resources, not plain objects). */
const LIBRARY_CLASSES = new Set<unknown>(
  [library, helm, kubernetes]
    .flatMap((module) => Object.values(module as Record<string, unknown>))
    .filter(
      (value) =>
        typeof value === 'function' &&
        value.prototype instanceof Construct &&
        !(value.prototype instanceof TerraformElement),
    ),
);

function everyPlatformStack(): TerraformStack[] {
  const environment = exampleEnvironment();
  const region = 'us-east-1';
  const app = () => Testing.app();
  const props = { environment, region };
  return [
    new StateStack(app(), 'state-prod', { environment }),
    new NetworkStack(app(), 'network-prod-us-east-1', props),
    new NetworkPeeringStack(app(), 'network-prod-peering', { environment }),
    new ClusterStack(app(), 'cluster-prod-us-east-1', props),
    new AddonsStack(app(), 'addons-prod-us-east-1', {
      ...props,
      gatewayApiManifest: gatewayApiManifestFixture(),
    }),
    new DataStack(app(), 'data-prod-us-east-1', props),
    new EdgeStack(app(), 'edge-prod-us-east-1', props),
    new ObservabilityStack(app(), 'observability-prod-us-east-1', props),
  ];
}

describe('escape hatches', () => {
  const used = new Map<string, IConstruct[]>();
  for (const stack of everyPlatformStack()) {
    for (const construct of stack.node.findAll()) {
      const type = Object.getPrototypeOf(construct).constructor;
      if (!LIBRARY_CLASSES.has(type)) continue;
      used.set(type.name, [...(used.get(type.name) ?? []), construct]);
    }
  }

  it('the platform uses most of the library', () => {
    expect(used.size).toBeGreaterThan(50);
  });

  it.each([...used.keys()].sort())(
    '%s exposes its main resource as node.defaultChild (or says why it has none)',
    (name) => {
      for (const construct of used.get(name) ?? []) {
        if (NO_SINGLE_RESOURCE[name]) {
          expect(construct.node.defaultChild).toBeUndefined();
          continue;
        }
        expect([name, construct.node.defaultChild instanceof TerraformElement]).toEqual([
          name,
          true,
        ]);
      }
    },
  );
});
