import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthVpcStack } from './fixture-stacks';
import { loadToolchain } from './toolchain';
import {
  BATCH_BACKEND_WARNING,
  batchable,
  stackOfDiagnostic,
  validateStacks,
} from './validate-batch';
import { validateStack } from './validate-stack';

describe('stackOfDiagnostic', () => {
  const stacks = ['network-dev-us-east-1', 'network-prod-peering'];
  const error = { severity: 'error' as const, summary: 'Invalid value' };

  it('names the stack whose file or module the diagnostic points at', () => {
    expect(
      stackOfDiagnostic(
        { ...error, range: { filename: 'stacks/network-prod-peering/cdk.tf.json' } },
        stacks,
      ),
    ).toBe('network-prod-peering');
    expect(
      stackOfDiagnostic({ ...error, address: 'module.network-dev-us-east-1.aws_vpc.vpc' }, stacks),
    ).toBe('network-dev-us-east-1');
  });

  it('names none for the generated root, another file or an unknown module', () => {
    expect(stackOfDiagnostic({ ...error, range: { filename: 'main.tf.json' } }, stacks)).toBe(
      undefined,
    );
    expect(stackOfDiagnostic({ ...error, address: 'module.elsewhere.aws_vpc.vpc' }, stacks)).toBe(
      undefined,
    );
    expect(stackOfDiagnostic(error, stacks)).toBe(undefined);
  });
});

describe('validateStacks with the real engine and provider', () => {
  // Each runs terraform init and validate for three stacks; beside the emulator flow on two
  // cores one took 114 s (CI, 2026-12-07), past the default minute.
  const REAL_ENGINE_TIMEOUT_MS = 300_000;
  const toolchain = loadToolchain();
  const workDir = () => join(mkdtempSync(join(tmpdir(), 'strata-validate-batch-')), 'work');
  const stack = (name: string, cidr: string, variable = false) => ({
    app: 'fixture',
    stack: name,
    stackDir: synthVpcStack(cidr, { name, variable }),
  });

  it(
    'gives each batched stack its own findings, as validating it alone would',
    async () => {
      const valid = stack('valid-one', '10.0.0.0/16');
      const invalid = stack('invalid-one', '10.0.0.0/33');
      const alsoValid = stack('valid-two', '10.1.0.0/16');
      const results = await validateStacks([valid, invalid, alsoValid], workDir(), toolchain, []);
      expect(results.map((result) => [result.stack, result.passed])).toEqual([
        ['valid-one', true],
        ['invalid-one', false],
        ['valid-two', true],
      ]);
      const alone = await validateStack(invalid.stack, invalid.stackDir, workDir(), toolchain, []);
      // The same error, at the same address, and no batch-only warning about the backend.
      expect(results[1].failures).toEqual(alone.failures);
      expect(alone.failures).toEqual([
        expect.objectContaining({ severity: 'error', address: 'aws_vpc.vpc' }),
      ]);
      const summaries = results.flatMap((result) => result.failures.map((d) => d.summary));
      expect(summaries).not.toContain(BATCH_BACKEND_WARNING);
    },
    REAL_ENGINE_TIMEOUT_MS,
  );

  it(
    'validates a stack that cannot be a module on its own, beside the batch',
    async () => {
      const withVariable = stack('with-variable', '10.0.0.0/33', true);
      expect(batchable(withVariable.stackDir)).toBe(false);
      const results = await validateStacks(
        [stack('valid-one', '10.0.0.0/16'), stack('valid-two', '10.1.0.0/16'), withVariable],
        workDir(),
        toolchain,
        [],
      );
      expect(results.map((result) => [result.stack, result.passed])).toEqual([
        ['valid-one', true],
        ['valid-two', true],
        ['with-variable', false],
      ]);
      expect(results[2].failures).toEqual([
        expect.objectContaining({
          address: 'aws_vpc.vpc',
          summary: expect.stringContaining('/33'),
        }),
      ]);
    },
    REAL_ENGINE_TIMEOUT_MS,
  );
});
