import { releaseRecordProblems } from './release-records';

const secret = (name: string, body: object) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: 'monitoring' },
  ...body,
});

describe('releaseRecordProblems', () => {
  it('fails a Secret rendered with a value, naming it and its keys', () => {
    const problems = releaseRecordProblems([
      secret('grafana', { data: { 'admin-password': 'c2VjcmV0' }, stringData: { token: 'x' } }),
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('Secret monitoring/grafana');
    expect(problems[0]).toContain('admin-password, token');
  });

  it('passes an empty Secret a controller fills at run time, and other kinds', () => {
    expect(
      releaseRecordProblems([
        secret('webhook-certs', { data: { 'tls.crt': '', 'tls.key': '' } }),
        secret('empty', {}),
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } },
      ]),
    ).toEqual([]);
  });

  it('passes a Secret declared as repository content, only that one', () => {
    const problems = releaseRecordProblems(
      [secret('routes', { data: { a: 'YQ==' } }), secret('other', { data: { a: 'YQ==' } })],
      { routes: 'routes from the environment file' },
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('monitoring/other');
  });
});
