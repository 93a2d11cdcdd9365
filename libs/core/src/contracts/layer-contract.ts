import { Construct } from 'constructs';
import { DataTerraformRemoteStateS3, TerraformOutput } from 'cdktf';
import type { EnvironmentConfig, LayerName } from '@strata/config';
import { LayerStack } from '../layer-stack';
import { s3BackendConfig, StateAddress } from '../state-backend';

/** Terraform value kinds a contract output can have. */
export type OutputKind = 'string' | 'stringList' | 'number';

type ValueOf<K extends OutputKind> = K extends 'string'
  ? string
  : K extends 'stringList'
    ? string[]
    : number;

/** One output a contract declares. */
export interface OutputSpec<K extends OutputKind = OutputKind> {
  /** Its Terraform value kind, which types what readers get. */
  readonly kind: K;
  /** What it holds; also the Terraform output's description. */
  readonly description: string;
}

/** A contract output of kind `kind`, described for readers and for `terraform output`. */
export function contractOutput<const K extends OutputKind>(
  kind: K,
  description: string,
): OutputSpec<K> {
  return { kind, description };
}

/** The outputs of a contract, by name. */
export type ContractOutputs = Readonly<Record<string, OutputSpec>>;

/** The typed values of a contract: one property per declared output, nothing else. */
export type ContractValues<O extends ContractOutputs> = {
  readonly [K in keyof O]: ValueOf<O[K]['kind']>;
};

/**
 * What one layer's stack promises to export, and the only way other layers read it.
 * A reader gets a typed object, so asking for an undeclared output does not compile.
 */
export interface LayerContract<O extends ContractOutputs> {
  /** The layer whose stack exports it. */
  readonly layer: LayerName;
  /** State name of the exporting stack (see StateAddress.stateName). */
  readonly stateName: string;
  /** The outputs, by name. */
  readonly outputs: O;
}

/** A contract; its state name defaults to its layer's name. */
export function defineLayerContract<const O extends ContractOutputs>(contract: {
  readonly layer: LayerName;
  readonly stateName?: string;
  readonly outputs: O;
}): LayerContract<O> {
  return { ...contract, stateName: contract.stateName ?? contract.layer };
}

/** Stacks that promised a contract, checked at synth for the outputs they actually created. */
const promisedContracts = new WeakMap<LayerStack, LayerContract<ContractOutputs>>();

/**
 * Declares that `stack` exports `contract`. Synth fails, naming the missing outputs, when
 * the stack does not create every output the contract lists.
 */
export function promiseLayerContract<O extends ContractOutputs>(
  stack: LayerStack,
  contract: LayerContract<O>,
): void {
  if (stack.stateAddress.stateName !== contract.stateName) {
    throw new Error(
      `Stack ${stack.node.id} has state "${stack.stateAddress.stateName}" but promises the "${contract.stateName}" contract`,
    );
  }
  promisedContracts.set(stack, contract);
  stack.node.addValidation({
    validate: () => {
      const exported = new Set(
        stack.node.children
          .filter(TerraformOutput.isTerraformOutput)
          .map((output) => output.friendlyUniqueId),
      );
      const missing = Object.keys(contract.outputs).filter((name) => !exported.has(name));
      return missing.length === 0
        ? []
        : [
            `Stack ${stack.node.id} promises the ${contract.stateName} contract but does not export: ${missing.join(', ')}`,
          ];
    },
  });
}

/** Creates the stack outputs of a contract; every declared output must be given a value. */
export function exportLayerContract<O extends ContractOutputs>(
  stack: LayerStack,
  contract: LayerContract<O>,
  values: ContractValues<O>,
): void {
  if (promisedContracts.get(stack) !== contract) promiseLayerContract(stack, contract);
  for (const [name, spec] of Object.entries(contract.outputs)) {
    const output = new TerraformOutput(stack, name, {
      value: values[name as keyof O],
      description: spec.description,
    });
    output.overrideLogicalId(name);
  }
}

/** Which stack of a layer to read. */
export interface LayerReadProps {
  /** The environment, as loaded from its file. */
  readonly environment: EnvironmentConfig;
  /** Region (or `global`) of the stack to read. */
  readonly scope: string;
}

/**
 * Reads another layer's outputs from its S3 state through `terraform_remote_state`,
 * with the same bucket, key and region the writer uses.
 */
export function readLayerContract<O extends ContractOutputs>(
  scope: Construct,
  id: string,
  contract: LayerContract<O>,
  props: LayerReadProps,
): ContractValues<O> {
  const address: StateAddress = {
    environment: props.environment,
    stateName: contract.stateName,
    scope: props.scope,
  };
  const { dynamodbTable: _lockTableIsForWriters, ...readConfig } = s3BackendConfig(address);
  const remoteState = new DataTerraformRemoteStateS3(scope, id, readConfig);
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(contract.outputs)) {
    values[name] =
      spec.kind === 'string'
        ? remoteState.getString(name)
        : spec.kind === 'stringList'
          ? remoteState.getList(name)
          : remoteState.getNumber(name);
  }
  return values as ContractValues<O>;
}
