import { Testing, TerraformOutput } from 'cdktf';
import { exampleEnvironment } from '@strata/config';
import { LayerStack } from '../layer-stack';
import { synthesizeStack } from '@strata/constructs/testing';
import {
  defineLayerContract,
  exportLayerContract,
  promiseLayerContract,
  readLayerContract,
} from './layer-contract';
import { NETWORK_CONTRACT } from './network-contract';

const DEMO_CONTRACT = defineLayerContract({
  layer: 'data',
  outputs: {
    clusterEndpoint: { kind: 'string', description: 'Writer endpoint' },
    port: { kind: 'number', description: 'Port' },
    subnetIds: { kind: 'stringList', description: 'Subnets' },
  },
});

function dataStack(): LayerStack {
  return new LayerStack(Testing.app(), 'data-prod-us-east-1', {
    environment: exampleEnvironment(),
    layer: 'data',
    region: 'us-east-1',
  });
}

describe('layer contracts', () => {
  it('exports every declared output under its contract name', () => {
    const stack = dataStack();
    exportLayerContract(stack, DEMO_CONTRACT, {
      clusterEndpoint: 'db.internal',
      port: 5432,
      subnetIds: ['a', 'b'],
    });
    expect(synthesizeStack(stack).output).toEqual({
      clusterEndpoint: { value: 'db.internal', description: 'Writer endpoint' },
      port: { value: 5432, description: 'Port' },
      subnetIds: { value: ['a', 'b'], description: 'Subnets' },
    });
  });

  it('fails at synth when a stack does not export what its contract declares', () => {
    const stack = dataStack();
    promiseLayerContract(stack, DEMO_CONTRACT);
    new TerraformOutput(stack, 'clusterEndpoint', { value: 'db.internal' }).overrideLogicalId(
      'clusterEndpoint',
    );
    expect(() => synthesizeStack(stack)).toThrow(
      'Stack data-prod-us-east-1 promises the data contract but does not export: port, subnetIds',
    );
  });

  it('refuses to export a contract from a stack with different state', () => {
    expect(() => promiseLayerContract(dataStack(), NETWORK_CONTRACT)).toThrow(
      'has state "data" but promises the "network" contract',
    );
  });

  it('reads another layer from the writer’s own backend settings, with typed values', () => {
    const stack = dataStack();
    const network = readLayerContract(stack, 'network', NETWORK_CONTRACT, {
      environment: stack.environment,
      scope: 'us-east-1',
    });
    const subnets: string[] = network.dataSubnetIds;
    const vpcId: string = network.vpcId;
    new TerraformOutput(stack, 'subnets', { value: subnets });
    new TerraformOutput(stack, 'vpc', { value: vpcId });
    // @ts-expect-error the network contract declares no such output: reading it must not compile
    expect(network.databaseEndpoint).toBeUndefined();

    const json = synthesizeStack(stack);
    const remoteState = json.data!.terraform_remote_state.network;
    expect(remoteState).toEqual({
      backend: 's3',
      config: {
        bucket: 'strata-prod-use1-tfstate-333333333333',
        key: 'network/prod/us-east-1/terraform.tfstate',
        region: 'us-east-1',
        encrypt: true,
      },
    });
    expect(JSON.stringify(json.output)).toContain(
      'data.terraform_remote_state.network.outputs.dataSubnetIds',
    );
    expect(JSON.stringify(json.output)).toContain(
      'data.terraform_remote_state.network.outputs.vpcId',
    );
  });
});
