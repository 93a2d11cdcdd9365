import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { eksRelease } from '../vocabulary/eks-release';
import { AddonContext } from './addon-context';
import { KarpenterAddon, KARPENTER_SUPPORTED_KUBERNETES } from './addons/karpenter';
import { IstioBaseAddon, ISTIO_SUPPORTED_KUBERNETES } from './addons/istio';
import { checkKubernetesSupport } from './kubernetes-support';

describe('checkKubernetesSupport', () => {
  it('accepts the ends of the range and refuses beyond them, naming the release and the range', () => {
    const support = { min: 29, max: 35 };
    expect(() => checkKubernetesSupport('X 1.0', support, '1.29')).not.toThrow();
    expect(() => checkKubernetesSupport('X 1.0', support, '1.35')).not.toThrow();
    expect(() => checkKubernetesSupport('X 1.0', support, '1.36')).toThrow(
      'X 1.0 supports Kubernetes 1.29 to 1.35; the cluster runs 1.36',
    );
    expect(() => checkKubernetesSupport('X 1.0', support, '1.28')).toThrow(/1\.28/);
  });

  it.each([
    [
      'karpenter',
      KARPENTER_SUPPORTED_KUBERNETES,
      /^Karpenter \S+ supports Kubernetes 1\.29 to 1\.35/,
    ],
    ['istio-base', ISTIO_SUPPORTED_KUBERNETES, /^Istio \S+ supports Kubernetes 1\.32 to 1\.36/],
  ])('%s fails synth one minor version past its announced support', (name, support, message) => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const context: AddonContext = {
      helmProvider: new HelmProvider(stack, 'helm', {}),
      awsProvider: new AwsProvider(stack, 'aws', { region: 'us-east-1' }),
      clusterName: 'team',
      kubernetesVersion: `1.${support.max + 1}`,
      release: eksRelease('1.35'),
      accountId: '333333333333',
      region: 'us-east-1',
      vpcId: 'vpc-123',
      highAvailability: false,
      prerequisites: [],
    };
    const make = () =>
      name === 'karpenter'
        ? new KarpenterAddon(stack, name, { context, interruptionQueueName: 'queue' })
        : new IstioBaseAddon(stack, name, { context });
    expect(make).toThrow(message);
  });
});
