import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { admissionPoliciesDefaults } from '@strata/constructs/helm';
import { loadToolchain } from '../validate/toolchain';
import { renderRelease, RenderOptions } from './render';

// renderRelease runs Helm once per distinct input (render.ts): the project's admission-policies
// chart, rendered by real helm for two "stacks".
const { kubeTools } = loadToolchain();
const root = findWorkspaceRoot(__dirname);

function options(account: string): RenderOptions {
  if (!kubeTools) throw new Error('no chart tools');
  return {
    helm: kubeTools.helm,
    release: 'admission-policies',
    chart: join(root, 'charts', 'admission-policies'),
    namespace: 'kube-system',
    values: { ...admissionPoliciesDefaults(account, 'us-east-1') },
    kubernetesVersion: '1.34',
    apiVersions: [],
    workDir: mkdtempSync(join(tmpdir(), 'strata-render-')),
  };
}

describe('renderRelease', () => {
  it('renders the same input once, and writes it for every stack that installs it', () => {
    const first = renderRelease(options('111111111111'));
    const second = renderRelease(options('111111111111'));
    expect(second.objects).toBe(first.objects);
    expect(second.file).not.toBe(first.file);
    expect(readFileSync(second.file, 'utf8')).toBe(readFileSync(first.file, 'utf8'));
  });

  it('renders again when anything Helm reads differs', () => {
    const first = renderRelease(options('111111111111'));
    const other = renderRelease(options('222222222222'));
    expect(other.objects).not.toBe(first.objects);
    expect(JSON.stringify(other.objects)).toContain('222222222222');
    expect(JSON.stringify(first.objects)).not.toContain('222222222222');
  });

  it('hands out objects no check can change under another', () => {
    const { objects } = renderRelease(options('111111111111'));
    expect(objects.length).toBeGreaterThan(0);
    expect(() => {
      (objects[0].manifest as { kind?: string }).kind = 'Changed';
    }).toThrow(TypeError);
  });
});
