import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { logRedactionScript } from '@strata/constructs/helm';
import { Manifest } from './charts/crd-schemas';
import { prodAddons } from './charts/prod-addons';
import { loadToolchain } from './validate/toolchain';

// Personal data is redacted at the collector: the production add-ons stack's Fluent Bit
// release is rendered with the real chart, and each record below goes through the script the
// rendered ConfigMap mounts, called as the rendered filter names it, in LuaJIT (the Lua Fluent
// Bit embeds, from Debian through the toolchain).

const root = findWorkspaceRoot(__dirname);
const { kubeTools, luajit } = loadToolchain();
const work = mkdtempSync(join(tmpdir(), 'strata-redaction-'));

function renderFluentBit(): Manifest[] {
  if (!kubeTools) throw new Error('no kube tools in the toolchain');
  return prodAddons(root, work, kubeTools).render('fluent-bit');
}

/** A Lua literal of a JSON-like value (ASCII strings). */
function lua(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `{${value.map(lua).join(', ')}}`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([key, item]) => `[${JSON.stringify(key)}] = ${lua(item)}`)
    .join(', ')}}`;
}

/** Runs each record through `call` of `script` as Fluent Bit would: (tag, timestamp, record). */
function runFilter(
  script: string,
  call: string,
  records: readonly Record<string, unknown>[],
): Array<{ code: number; record: Record<string, unknown> }> {
  if (!luajit)
    throw new Error('no LuaJIT in the toolchain: run "node tools/toolchain/install.mjs"');
  const scriptFile = join(work, 'filter.lua');
  writeFileSync(scriptFile, script);
  const harness = join(work, 'harness.lua');
  writeFileSync(
    harness,
    `dofile(${JSON.stringify(scriptFile)})
local function json(value)
  if type(value) == 'table' then
    local parts = {}
    for key, item in pairs(value) do parts[#parts + 1] = string.format('%q', key) .. ':' .. json(item) end
    return '{' .. table.concat(parts, ',') .. '}'
  end
  if type(value) == 'string' then return string.format('%q', value) end
  return tostring(value)
end
for _, record in ipairs(${lua(records)}) do
  local code, timestamp, out = ${call}('ns.portal.var.log.containers.x', 1700000000, record)
  io.write(code, '\\t', timestamp, '\\t', json(out), '\\n')
end
`,
  );
  const run = spawnSync(luajit.path, [harness], {
    encoding: 'utf8',
    env: { ...process.env, LD_LIBRARY_PATH: luajit.libraryPath },
  });
  if (run.status !== 0) throw new Error(`luajit: ${run.stderr}`);
  return run.stdout
    .trim()
    .split('\n')
    .map((line) => {
      const [code, timestamp, record] = line.split('\t');
      expect(timestamp).toBe('1700000000');
      return { code: Number(code), record: JSON.parse(record) as Record<string, unknown> };
    });
}

describe('log redaction at the collector', () => {
  const objects = renderFluentBit();
  const named = (kind: string, suffix: string) =>
    objects.find((object) => object.kind === kind && object.metadata?.name?.endsWith(suffix));
  const scripts = (named('ConfigMap', '-luascripts') as { data: Record<string, string> }).data;
  const conf = Object.values(
    (named('ConfigMap', 'fluent-bit') as { data: Record<string, string> }).data,
  ).join('\n');
  // Every namespace's lua filter, after its kubernetes filter (which merges the JSON fields).
  const filters = [...conf.matchAll(/\[FILTER\]\n((?: {4}\S+ .*\n?)+)/g)].map((match) =>
    Object.fromEntries(
      match[1]
        .trim()
        .split('\n')
        .map((line) => line.trim().split(/\s+/, 2) as [string, string]),
    ),
  );
  const redaction = filters.filter((filter) => filter.Name === 'lua');

  it('filters every shipped namespace with the mounted script, after its metadata', () => {
    const shipped = [...conf.matchAll(/\[OUTPUT\]\n(?: {4}.*\n)*? {4}Match (\S+)/g)].map(
      (m) => m[1],
    );
    expect(shipped.length).toBeGreaterThan(0);
    expect(redaction.map((filter) => filter.Match).sort()).toEqual([...shipped].sort());
    for (const filter of redaction) {
      const kubernetes = filters.findIndex(
        (other) => other.Name === 'kubernetes' && other.Match === filter.Match,
      );
      expect(kubernetes).toBeGreaterThanOrEqual(0);
      expect(filters.indexOf(filter)).toBeGreaterThan(kubernetes);
    }
    // The file the filter names is the ConfigMap's key, mounted where the filter looks.
    const daemonSet = named('DaemonSet', 'fluent-bit') as {
      spec: {
        template: {
          spec: {
            containers: Array<{ volumeMounts: Array<Record<string, string>> }>;
            volumes: Array<{ name: string; configMap?: { name: string } }>;
          };
        };
      };
    };
    const pod = daemonSet.spec.template.spec;
    const mount = pod.containers[0].volumeMounts.find((m) => m.name === 'luascripts');
    const volume = pod.volumes.find((v) => v.name === 'luascripts');
    expect(volume?.configMap?.name).toBe(named('ConfigMap', '-luascripts')?.metadata?.name);
    for (const filter of redaction) {
      expect(filter.script).toBe(`${mount?.mountPath}/${Object.keys(scripts)[0]}`);
    }
    // Helm passes the script through its template engine: the node gets it byte for byte.
    expect(Object.values(scripts)).toEqual([logRedactionScript()]);
  });

  it('replaces personal data in the message and in merged fields, and keeps the rest', () => {
    const [filter] = redaction;
    const script = scripts[String(filter.script).split('/').pop() as string];
    const kubernetes = {
      pod_name: 'portal-1',
      host: 'ip-10-0-1-2.ec2.internal',
      pod_ip: '10.0.1.7',
    };
    const results = runFilter(script, filter.call, [
      { log: 'signup alice.smith+news@example.co.uk from 203.0.113.7', kubernetes },
      { msg: 'payment', card: '4111 1111 1111 1111', order: '1234567890123', kubernetes },
      { log: 'ssn 123-45-6789 on 2024-01-02 12:00:00', kubernetes },
      { headers: { authorization: 'Bearer abc.DEF-123_x==' }, kubernetes },
      { log: 'session eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_-x ended', kubernetes },
      { log: 'GET /healthz 200 in 3 ms, version 1.2.3', level: 'info', kubernetes },
    ]);
    expect(results.map((result) => result.code)).toEqual([2, 2, 2, 2, 2, 0]);
    const records = results.map((result) => result.record);
    expect(records[0].log).toBe('signup [email] from [ip]');
    // A Luhn-valid card number goes; a 13-digit order number that is not one stays.
    expect(records[1]).toMatchObject({ card: '[card]', order: '1234567890123', msg: 'payment' });
    expect(records[2].log).toBe('ssn [ssn] on 2024-01-02 12:00:00');
    expect(records[3].headers).toEqual({ authorization: 'Bearer [token]' });
    expect(records[4].log).toBe('session [jwt] ended');
    expect(records[5]).toMatchObject({
      log: 'GET /healthz 200 in 3 ms, version 1.2.3',
      level: 'info',
    });
    // The platform's own metadata is not a person's: the pod IP stays.
    for (const record of records) expect(record.kubernetes).toEqual(kubernetes);
  });
});
