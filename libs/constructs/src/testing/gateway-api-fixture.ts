import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A one-CRD stand-in for the Gateway API release manifest, for tests that synthesize an add-ons
 * stack without the chart source (the real manifest goes through the add-on check).
 */
export function gatewayApiManifestFixture(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'strata-gateway-api-')), 'standard-install.yaml');
  writeFileSync(
    file,
    [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata: { name: gateways.gateway.networking.k8s.io }',
      'spec: { group: gateway.networking.k8s.io, names: { kind: Gateway, plural: gateways }, scope: Namespaced, versions: [] }',
      '',
    ].join('\n'),
  );
  return file;
}
