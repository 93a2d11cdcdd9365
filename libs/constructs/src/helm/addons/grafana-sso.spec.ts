import { search } from 'jmespath';
import { GrafanaSsoSettings, grafanaRoleExpression, grafanaSsoIni } from './grafana-sso';

const sso: GrafanaSsoSettings = {
  issuerUrl: 'https://login.example.com',
  clientId: 'strata-grafana',
  authorizationUrl: 'https://login.example.com/oauth2/v1/authorize',
  tokenUrl: 'https://login.example.com/oauth2/v1/token',
  userInfoUrl: 'https://login.example.com/oauth2/v1/userinfo',
  adminGroups: ['platform-engineering', 'sre'],
  editorGroups: ['observability'],
  viewerGroups: ['developers'],
};

/** The role Grafana gives a person with these groups: the expression run as JMESPath, as Grafana does. */
function roleOf(settings: GrafanaSsoSettings, groups: readonly string[]): unknown {
  return search(
    { sub: 'someone', email: 'someone@example.com', groups },
    grafanaRoleExpression(settings),
  );
}

describe('grafanaRoleExpression', () => {
  it.each([
    [['sre'], 'Admin'],
    [['developers', 'platform-engineering'], 'Admin'],
    [['developers', 'observability'], 'Editor'],
    [['developers'], 'Viewer'],
  ])('gives %j the highest role one of them grants: %s', (groups, role) => {
    expect(roleOf(sso, groups)).toBe(role);
  });

  it('gives no role, which role_attribute_strict refuses, to people in none of the groups', () => {
    expect(roleOf(sso, ['finance'])).toBeFalsy();
    expect(roleOf(sso, [])).toBeFalsy();
  });

  it('matches whole group names, not parts of them', () => {
    expect(roleOf(sso, ['sre-interns', 'developers-old'])).toBeFalsy();
  });

  it('keeps a quote in a group name inside its literal', () => {
    const quoted = { ...sso, adminGroups: ["o'brien"], editorGroups: [], viewerGroups: [] };
    expect(roleOf(quoted, ["o'brien"])).toBe('Admin');
    expect(roleOf(quoted, ['o'])).toBeFalsy();
  });

  it('refuses a backslash in a group name, which JMESPath implementations read differently', () => {
    const slashed = { ...sso, adminGroups: ['a\\b'] };
    expect(() => grafanaRoleExpression(slashed)).toThrow(/a\\b.*backslash/);
  });
});

describe('grafanaSsoIni', () => {
  const ini = grafanaSsoIni(sso, 'grafana.us-east-1.api.example.com');

  it('sends the provider back to the host the front door serves', () => {
    expect(ini.server.root_url).toBe('https://grafana.us-east-1.api.example.com/');
  });

  it('refuses people without a role and never makes Grafana server admins from the IdP', () => {
    expect(ini['auth.generic_oauth']).toMatchObject({
      role_attribute_strict: true,
      allow_assign_grafana_admin: false,
      use_pkce: true,
    });
  });

  it('sends its session cookie over HTTPS only', () => {
    expect(ini.security).toEqual({ cookie_secure: true, strict_transport_security: true });
  });

  it('holds no client secret: Grafana reads it from its environment', () => {
    expect(JSON.stringify(ini)).not.toMatch(/client_secret/);
  });
});
