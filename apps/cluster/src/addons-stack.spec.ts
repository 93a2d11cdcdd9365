import { Testing } from 'cdktf';
import { exampleEnvironment } from '@strata/config';
import { HelmAddon } from '@strata/constructs/helm';
import { exportedAddonNames, gatewayApiManifestFixture } from '@strata/constructs/testing';
import { AddonsStack } from './addons-stack';

describe('AddonsStack', () => {
  // An add-on class written and exported but not added here (its import removed, say) would
  // otherwise fail nothing: the chart check only sees what the stack installs.
  it('installs every add-on the construct library exports', () => {
    const stack = new AddonsStack(Testing.app(), 'addons-prod-us-east-1', {
      environment: exampleEnvironment(),
      region: 'us-east-1',
      gatewayApiManifest: gatewayApiManifestFixture(),
    });
    expect([...HelmAddon.installedIn(stack).keys()].sort()).toEqual(exportedAddonNames().sort());
  });
});
