/**
 * Grafana sign-in through the organisation's OpenID Connect provider (generic OAuth). The
 * client secret is not here: external-secrets writes it into GRAFANA_OIDC_SECRET, and Grafana
 * reads it from the environment, so no rendering (and no Helm release record) ever holds it.
 */
export interface GrafanaSsoSettings {
  /** OIDC issuer, e.g. `https://login.example.com`. */
  readonly issuerUrl: string;
  /** The OIDC client's ID. */
  readonly clientId: string;
  /** The provider's authorization endpoint: Grafana's generic OAuth reads no discovery document. */
  readonly authorizationUrl: string;
  /** Its token endpoint. */
  readonly tokenUrl: string;
  /** Its user info endpoint. */
  readonly userInfoUrl: string;
  /** IdP groups (the `groups` claim) that get Grafana's Admin role. */
  readonly adminGroups: readonly string[];
  /** IdP groups that get the Editor role. */
  readonly editorGroups: readonly string[];
  /** IdP groups that get the Viewer role; people in none of the groups are refused. */
  readonly viewerGroups: readonly string[];
}

/** The Secret Grafana reads its OIDC client secret from; external-secrets writes it. */
export const GRAFANA_OIDC_SECRET = {
  /** The Secret's name. */
  name: 'grafana-oidc',
  /** Its key holding the client secret. */
  key: 'clientSecret',
} as const;

/** The variable Grafana takes `[auth.generic_oauth] client_secret` from (GF_<SECTION>_<KEY>). */
export const GRAFANA_CLIENT_SECRET_VARIABLE = 'GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET';

/** The roles Grafana gives, highest first: a person gets the first whose groups they are in. */
const ROLE_ORDER = [
  ['Admin', 'adminGroups'],
  ['Editor', 'editorGroups'],
  ['Viewer', 'viewerGroups'],
] as const;

/**
 * A JMESPath raw string literal (`'...'`), as Grafana's go-jmespath reads it: a quote is
 * escaped; a backslash is refused, as implementations disagree on what `\\` means there.
 */
function literal(text: string): string {
  if (text.includes('\\'))
    throw new Error(`Grafana SSO group "${text}": a backslash cannot be matched reliably`);
  return `'${text.replace(/'/g, "\\'")}'`;
}

/**
 * `role_attribute_path`: the person's Grafana role from the `groups` claim, the highest role
 * one of their groups grants; nothing (refused, with `role_attribute_strict`) otherwise.
 */
export function grafanaRoleExpression(sso: GrafanaSsoSettings): string {
  return ROLE_ORDER.flatMap(([role, field]) =>
    sso[field].map((group) => `contains(groups[*], ${literal(group)}) && ${literal(role)}`),
  ).join(' || ');
}

/** The grafana.ini sections of the sign-in, Grafana served at `https://<host>/`. */
export function grafanaSsoIni(
  sso: GrafanaSsoSettings,
  host: string,
): Record<string, Record<string, string | boolean>> {
  return {
    // The redirect URI Grafana sends the provider: https://<host>/login/generic_oauth.
    server: { domain: host, root_url: `https://${host}/` },
    // People sign in through the provider; the generated admin login stays for the dashboard
    // sidecars' API calls and for break-glass through a port-forward.
    auth: { disable_login_form: true, oauth_auto_login: true },
    // Browsers reach it over HTTPS only (the edge and the front door terminate TLS).
    security: { cookie_secure: true, strict_transport_security: true },
    'auth.generic_oauth': {
      enabled: true,
      name: 'SSO',
      client_id: sso.clientId,
      scopes: 'openid profile email groups',
      auth_url: sso.authorizationUrl,
      token_url: sso.tokenUrl,
      api_url: sso.userInfoUrl,
      use_pkce: true,
      allow_sign_up: true,
      email_attribute_path: 'email',
      groups_attribute_path: 'groups',
      role_attribute_path: grafanaRoleExpression(sso),
      // No role from the groups: refused, not signed in as a Viewer.
      role_attribute_strict: true,
      allow_assign_grafana_admin: false,
    },
  };
}
