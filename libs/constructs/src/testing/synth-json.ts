import { Testing, TerraformStack } from 'cdktf';

/** The synthesized Terraform JSON of one stack, as `terraform` will read it. */
export interface SynthesizedStack {
  /** The `terraform` block: backend and required providers. */
  readonly terraform?: {
    /** The backend, by type. */
    backend?: Record<string, Record<string, unknown>>;
    /** The providers, by local name. */
    required_providers?: Record<string, unknown>;
  };
  /** Provider configurations, by provider. */
  readonly provider?: Record<string, Array<Record<string, unknown>>>;
  /** Resources, by type and name. */
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  /** Data sources, by type and name. */
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  /** Outputs, by name. */
  readonly output?: Record<
    string,
    {
      /** The output's value. */
      value: unknown;
      /** Its description. */
      description?: string;
    }
  >;
}

/** Synthesizes a stack (running its synth-time validations) and parses the JSON. */
export function synthesizeStack(stack: TerraformStack): SynthesizedStack {
  stack.runAllValidations();
  return JSON.parse(Testing.synth(stack)) as SynthesizedStack;
}

/** All resources of one type, by logical id. */
export function resourcesOfType(
  stack: SynthesizedStack,
  type: string,
): Record<string, Record<string, unknown>> {
  return stack.resource?.[type] ?? {};
}

/** The only resource of a type; fails loudly when there are none or several. */
export function onlyResource(stack: SynthesizedStack, type: string): Record<string, unknown> {
  const all = Object.values(resourcesOfType(stack, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** Parses a JSON policy document held in a resource attribute. */
export function policyOf(
  resource: Record<string, unknown>,
  attribute = 'policy',
): {
  /** The statements. */
  Statement: Array<Record<string, unknown>>;
} {
  return JSON.parse(String(resource[attribute]));
}

/** All resources of one type, as a list. */
export function resourceList(
  stack: SynthesizedStack,
  type: string,
): Array<Record<string, unknown>> {
  return Object.values(resourcesOfType(stack, type));
}

/** The state keys a stack reads through terraform_remote_state, sorted. */
export function remoteStateKeys(stack: SynthesizedStack): string[] {
  return Object.values(stack.data?.terraform_remote_state ?? {})
    .map((state) => (state.config as { key: string }).key)
    .sort();
}

/** The names of the outputs a stack exports, sorted (compare with a contract's). */
export function outputNames(stack: SynthesizedStack): string[] {
  return Object.keys(stack.output ?? {}).sort();
}
