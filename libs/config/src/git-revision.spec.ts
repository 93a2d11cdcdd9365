import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { z } from 'zod';
import { environmentSchema } from './model/schema';

/** The model's check of `cluster.gitops.revision`. */
const revision = environmentSchema.shape.cluster.unwrap().shape.gitops.shape.revision;

/** What git itself says: `git check-ref-format --allow-onelevel`, the rules for branch and tag names. */
function gitAccepts(name: string): boolean {
  return spawnSync('git', ['check-ref-format', '--allow-onelevel', name]).status === 0;
}

/** Characters where git's rules live: separators, the special ones, dots, spaces, controls. */
const refCharacter = fc.constantFrom(
  ...'ab1/.-_@{}~^:?*[\\ \t\u0001\u007fé'.split(''),
  '.lock',
  '..',
  '@{',
);

describe('GitOps revisions', () => {
  it('are accepted exactly when git accepts them (a leading dash aside: git would read an option)', () => {
    const outcomes = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(
        fc
          .oneof(
            fc.array(refCharacter, { minLength: 1, maxLength: 12 }),
            // Mostly plain names, so that accepted ones are common too.
            fc.array(fc.constantFrom(...'ab1/.-_é'.split('')), { minLength: 1, maxLength: 12 }),
          )
          .map((parts) => parts.join('')),
        (name) => {
          const expected = gitAccepts(name) && !name.startsWith('-');
          outcomes[expected ? 'accepted' : 'refused'] += 1;
          expect([name, z.safeParse(revision, name).success]).toEqual([name, expected]);
        },
      ),
      { numRuns: 500 },
    );
    // Both sides of the rule were exercised.
    expect(outcomes.accepted).toBeGreaterThan(25);
    expect(outcomes.refused).toBeGreaterThan(25);
  });

  it.each(['main', 'release/2026-11', 'v1.2.3', 'a3f9c2e1b4d5f6a7b8c9d0e1f2a3b4c5d6e7f8a9'])(
    'accepts %s',
    (name) => {
      expect(gitAccepts(name)).toBe(true);
      expect(z.safeParse(revision, name).success).toBe(true);
    },
  );
});
