import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { loadToolchain } from './validate/toolchain';

/** One API request's parameters, as the SDKs name them. */
export type ApiRequest = Record<string, unknown>;

/**
 * The problems botocore's model of `service` finds in each request to `operation` (unknown or
 * missing members, types, lengths, ranges and enum values), by label; an empty list is a
 * request AWS would parse. Uses the emulator's Python, which the toolchain installs with boto3.
 */
export function validateApiRequests(
  service: string,
  operation: string,
  requests: Record<string, ApiRequest>,
  options: {
    /** Members as SDK targets (EventBridge Scheduler, Step Functions) name them: PascalCase. */
    readonly pascalCase?: boolean;
  } = {},
): Record<string, string[]> {
  const python = loadToolchain().emulator?.python;
  if (!python) throw new Error('no emulator Python (botocore) in the toolchain');
  const root = findWorkspaceRoot(__dirname);
  const run = spawnSync(python, [join(root, 'tools/scripts/aws-api-validate.py')], {
    input: JSON.stringify({ service, operation, requests, pascalCase: options.pascalCase }),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Record<string, string[]>;
}
