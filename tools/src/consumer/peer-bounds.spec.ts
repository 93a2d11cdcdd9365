import { peerInstallSpecs, peerRanges, sourcesAgainstPeers } from './peer-bounds';

describe('the ends of the peer ranges the consumer check installs', () => {
  const ranges = peerRanges([
    { peerDependencies: { cdktf: '~0.21.0', '@cdktf/provider-aws': '^21.12.0' } },
    { peerDependencies: { '@cdktf/provider-aws': '^21.12.0', constructs: '^10.4.2' } },
    {},
  ]);

  it('joins every library peer once', () => {
    expect(ranges).toEqual({
      cdktf: '~0.21.0',
      '@cdktf/provider-aws': '^21.12.0',
      constructs: '^10.4.2',
    });
  });

  it('installs the lowest version each range allows, or the range for the highest', () => {
    expect(peerInstallSpecs(ranges, 'lowest')).toEqual([
      'cdktf@0.21.0',
      '@cdktf/provider-aws@21.12.0',
      'constructs@10.4.2',
    ]);
    expect(peerInstallSpecs(ranges, 'highest')).toContain('@cdktf/provider-aws@^21.12.0');
    expect(() => peerInstallSpecs({ cdktf: '>1 <1' }, 'lowest')).toThrow(
      'cdktf: peer range ">1 <1" allows no version',
    );
  });

  it('resolves each peer and its subpaths in the installed peers, keeping the base paths', () => {
    const config = sourcesAgainstPeers({
      base: '/repo/tsconfig.base.json',
      basePaths: { '@strata/config': ['/repo/libs/config/src/index.ts'] },
      peerModules: '/work/node_modules',
      peers: ['@cdktf/provider-aws'],
      sources: ['/repo/libs/config/src/**/*.ts'],
      excluded: [],
    }) as { compilerOptions: { paths: Record<string, string[]> } };
    expect(config.compilerOptions.paths).toEqual({
      '@strata/config': ['/repo/libs/config/src/index.ts'],
      '@cdktf/provider-aws': ['/work/node_modules/@cdktf/provider-aws'],
      '@cdktf/provider-aws/*': ['/work/node_modules/@cdktf/provider-aws/*'],
    });
  });
});
