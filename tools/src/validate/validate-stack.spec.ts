import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadToolchain, Toolchain } from './toolchain';
import { providerOverride } from '../engine/engine-workdir';
import { synthVpcStack } from './fixture-stacks';
import { isAllowed, validateStack } from './validate-stack';

const toolchain: Toolchain = {
  engine: { kind: 'terraform', path: '/bin/terraform', version: '1.11.4' },
  cliConfig: '/dev/null',
  providers: [
    { name: 'aws', bindingVersion: '6.25.0', version: '6.48.0-dev.20260602' },
    { name: 'helm', bindingVersion: '3.1.1', version: '3.1.1' },
  ],
};

describe('providerOverride', () => {
  it('pins a provider to the mirror build only where it differs from the binding', () => {
    const stack = JSON.stringify({
      terraform: {
        required_providers: {
          aws: { source: 'aws', version: '6.25.0' },
          helm: { source: 'helm', version: '3.1.1' },
        },
      },
    });
    expect(providerOverride(stack, toolchain)).toEqual({
      terraform: { required_providers: { aws: { source: 'aws', version: '6.48.0-dev.20260602' } } },
    });
  });

  it('writes no override when every provider is the pinned version', () => {
    const stack = JSON.stringify({
      terraform: { required_providers: { helm: { source: 'helm', version: '3.1.1' } } },
    });
    expect(providerOverride(stack, toolchain)).toBeUndefined();
  });
});

describe('isAllowed', () => {
  const allowed = [
    {
      summary: 'Deprecated Parameter',
      detailIncludes: 'dynamodb_table',
      reason: 'kept on purpose',
    },
  ];

  it('accepts only listed warnings, never errors', () => {
    const warning = {
      severity: 'warning' as const,
      summary: 'Deprecated Parameter',
      detail: 'dynamodb_table is deprecated',
    };
    expect(isAllowed(warning, allowed)).toBe(true);
    expect(isAllowed({ ...warning, detail: 'endpoint is deprecated' }, allowed)).toBe(false);
    expect(isAllowed({ ...warning, severity: 'error' }, allowed)).toBe(false);
  });
});

describe('validateStack with the real engine and provider', () => {
  const realToolchain = loadToolchain();
  const workDir = () => join(mkdtempSync(join(tmpdir(), 'strata-validate-')), 'work');

  it('passes a valid stack', async () => {
    const result = await validateStack(
      'fixture',
      synthVpcStack('10.0.0.0/16'),
      workDir(),
      realToolchain,
      [],
    );
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
  });

  it('rejects an invalid CIDR through the provider’s own validation', async () => {
    const result = await validateStack(
      'fixture',
      synthVpcStack('10.0.0.0/33'),
      workDir(),
      realToolchain,
      [],
    );
    expect(result.passed).toBe(false);
    expect(result.failures).toEqual([
      expect.objectContaining({
        severity: 'error',
        address: 'aws_vpc.vpc',
        summary: expect.stringContaining(
          'expected cidr_block to contain a valid Value, got: 10.0.0.0/33',
        ),
      }),
    ]);
  });
});
