import { EKS_RELEASES, eksRelease } from './eks-versions';

const minorOf = (tag: string) => /^v(\d+\.\d+)\./.exec(tag)?.[1];

describe('EKS_RELEASES', () => {
  it.each(Object.entries(EKS_RELEASES))(
    'pins kube-proxy, which follows the control plane, to release %s',
    (version, release) => {
      expect(minorOf(release.kubeProxy)).toBe(version);
    },
  );

  it('supports Kubernetes 1.35', () => {
    expect(eksRelease('1.35').kubeProxy).toMatch(/^v1\.35\./);
  });

  it('names the supported releases when asked for another', () => {
    expect(() => eksRelease('1.36')).toThrow(/1\.36 is not a supported EKS release.*1\.35/);
  });
});
