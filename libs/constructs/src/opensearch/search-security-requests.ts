/** What a principal may do in the domain's indices, in fine-grained access control's terms. */
export enum SearchAccessLevel {
  /** Search and read every index. */
  READ = 'read',
  /** READ, and create, write and manage the indices under its own prefix. */
  READ_WRITE = 'read-write',
}

/** One OpenSearch role for the IAM roles that act as it. */
export interface SearchRoleMapping {
  /** The OpenSearch role's name (lower-case letters, digits, '-' and '_'). */
  readonly name: string;
  /** IAM role ARNs that act as this role (FGAC backend roles). */
  readonly backendRoleArns: readonly string[];
  /** What the role may do. */
  readonly access: SearchAccessLevel;
  /** Indices it owns under READ_WRITE, e.g. `registry-*`. */
  readonly ownIndexPattern: string;
}

/** One call of the security plugin's REST API. */
export interface SecurityRequest {
  /** `PUT`: each call creates or replaces. */
  readonly method: 'PUT';
  /** The API path. */
  readonly path: string;
  /** The request body. */
  readonly body: Readonly<Record<string, unknown>>;
}

const ROLE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** The plugin's own roles: the mapping below owns who holds them. */
const ADMIN_ROLES = ['all_access', 'security_manager'] as const;

/**
 * The security plugin calls that give each IAM role exactly its access (a role, then its
 * mapping) and people administering the domain the built-in admin roles, in the order to
 * send them. Every call is a PUT of the whole object, so sending them again changes nothing.
 */
export function searchSecurityRequests(props: {
  /** The role mappings to create. */
  readonly roles: readonly SearchRoleMapping[];
  /** IAM roles of the people who administer the domain: `all_access` and `security_manager`. */
  readonly adminRoleArns: readonly string[];
}): SecurityRequest[] {
  const names = new Set<string>();
  const requests: SecurityRequest[] = [];
  for (const role of props.roles) {
    if (!ROLE_NAME.test(role.name) || (ADMIN_ROLES as readonly string[]).includes(role.name)) {
      throw new Error(`search role "${role.name}" must be a new lower-case name, not a built-in`);
    }
    if (names.has(role.name)) throw new Error(`search role "${role.name}" is listed twice`);
    names.add(role.name);
    if (role.backendRoleArns.length === 0) {
      throw new Error(`search role "${role.name}" has no IAM role to act as it`);
    }
    const readAll = { index_patterns: ['*'], allowed_actions: ['read'] };
    const writeOwn = {
      index_patterns: [role.ownIndexPattern],
      allowed_actions: ['crud', 'create_index', 'manage'],
    };
    requests.push(
      {
        method: 'PUT',
        path: `/_plugins/_security/api/roles/${role.name}`,
        body: {
          description: `Strata: ${role.access} for ${role.name}`,
          cluster_permissions:
            role.access === SearchAccessLevel.READ_WRITE
              ? ['cluster_composite_ops', 'cluster_monitor']
              : ['cluster_composite_ops_ro'],
          index_permissions:
            role.access === SearchAccessLevel.READ_WRITE ? [readAll, writeOwn] : [readAll],
        },
      },
      {
        method: 'PUT',
        path: `/_plugins/_security/api/rolesmapping/${role.name}`,
        body: { backend_roles: [...role.backendRoleArns] },
      },
    );
  }
  for (const admin of ADMIN_ROLES) {
    requests.push({
      method: 'PUT',
      path: `/_plugins/_security/api/rolesmapping/${admin}`,
      body: { backend_roles: [...props.adminRoleArns] },
    });
  }
  return requests;
}
