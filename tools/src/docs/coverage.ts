/**
 * Documentation coverage from one TypeDoc run: its JSON model (every public member, per
 * package) and its `notDocumented` warnings (the members without a doc comment).
 */

/**
 * TypeDoc's ReflectionKind values of the members its `requiredToBeDocumented` default lists,
 * functions and methods by their signatures (where TypeDoc reads and asks for the comment).
 */
const REQUIRED_KINDS = new Set([
  8, // Enum
  16, // EnumMember
  32, // Variable
  128, // Class
  256, // Interface
  1024, // Property
  262144, // Accessor
  2097152, // TypeAlias
  4096, // CallSignature (a function or method is documented on its signature)
]);

/** The part of a reflection in TypeDoc's JSON model this reads. */
export interface JsonReflection {
  readonly id: number;
  readonly kind: number;
}

/** The project: its reflections, and the package each one's declaration is in. */
export interface JsonProject extends JsonReflection {
  readonly symbolIdMap: Readonly<Record<string, { readonly packageName: string }>>;
}

/** Every member of a required kind, once (a re-export is the same id), by its package. */
export function membersByPackage(project: JsonProject): Map<string, number> {
  const seen = new Set<number>();
  const counts = new Map<string, number>();
  // Reflections nest in children, signatures and types (inline object types, unions, arrays):
  // every object with an id and a kind is one.
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const { id, kind } = node as Partial<JsonReflection>;
    if (typeof id === 'number' && typeof kind === 'number' && node !== project) {
      if (seen.has(id)) return;
      seen.add(id);
      const pkg = project.symbolIdMap[String(id)]?.packageName;
      if (pkg && REQUIRED_KINDS.has(kind)) counts.set(pkg, (counts.get(pkg) ?? 0) + 1);
    }
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'symbolIdMap') visit(value);
    }
  };
  visit(project);
  return counts;
}

const NOT_DOCUMENTED = / defined in @strata\/[^/]+\/.*, does not have any documentation$/;

/** TypeDoc's log split into its not-documented warnings and everything else. */
export function readTypedocLog(log: string): {
  /** Each undocumented member's warning, as TypeDoc words it. */
  readonly undocumentedWarnings: string[];
  readonly otherWarnings: string[];
} {
  const undocumentedWarnings: string[] = [];
  const otherWarnings: string[] = [];
  // eslint-disable-next-line no-control-regex
  const lines = log.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
  for (const [index, line] of lines.entries()) {
    // `[warning] text`, or `file:line:col - [warning] text` for a problem in a Markdown page.
    const level = /^(?:\S+:\d+:\d+ - )?\[(warning|error)\] (.*)$/.exec(line);
    if (!level) continue;
    if (NOT_DOCUMENTED.test(level[2])) {
      undocumentedWarnings.push(level[2]);
    } else if (!/^Found \d+ errors and \d+ warnings$/.test(level[2])) {
      // A warning's detail continues on indented lines ("You may have meant: ...").
      const detail = lines.slice(index + 1).findIndex((next) => !/^\s/.test(next));
      otherWarnings.push(
        [line, ...lines.slice(index + 1, index + 1 + Math.max(detail, 0))].join('\n'),
      );
    }
  }
  return { undocumentedWarnings, otherWarnings };
}
