import { EKS_RELEASES, eksRelease } from './eks-versions';
import { loadEnvironments } from './loader';

const minorOf = (tag: string) => /^v(\d+\.\d+)\./.exec(tag)?.[1];

describe('EKS_RELEASES', () => {
  it.each(Object.entries(EKS_RELEASES))(
    'pins kube-proxy, which follows the control plane, to release %s',
    (version, release) => {
      expect(minorOf(release.kubeProxy)).toBe(version);
    },
  );

  // 1.34 left EKS standard support on 2 December 2026 (extended support costs six times as much
  // per cluster hour); 1.35 is the newest release with EKS add-on versions and chart support
  // here (Istio 1.30: 1.32 to 1.36; Karpenter: to 1.35).
  it("runs every environment of this repository on the table's newest release", () => {
    const newest = Object.keys(EKS_RELEASES)
      .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
      .at(-1);
    const versions = Object.fromEntries(
      loadEnvironments().flatMap((env) =>
        env.cluster ? [[env.name, env.cluster.kubernetesVersion]] : [],
      ),
    );
    expect(Object.keys(versions).length).toBeGreaterThan(0);
    expect(versions).toEqual(
      Object.fromEntries(Object.keys(versions).map((name) => [name, newest])),
    );
  });

  it('supports Kubernetes 1.35', () => {
    expect(eksRelease('1.35').kubeProxy).toMatch(/^v1\.35\./);
  });

  it('names the supported releases when asked for another', () => {
    expect(() => eksRelease('1.36')).toThrow(/1\.36 is not a supported EKS release.*1\.35/);
  });
});
