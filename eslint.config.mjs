// @ts-check
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Which libraries a project may import, by its tags (project.json): the construct library
 * stands alone, config builds on it, core on both; apps and tools use any. An import against
 * the direction is a lint error naming the rule.
 */
const MAY_IMPORT = {
  'lib:constructs': [],
  'lib:config': ['lib:constructs'],
  'lib:core': ['lib:constructs', 'lib:config'],
  'type:app': ['lib:constructs', 'lib:config', 'lib:core'],
  'type:tools': ['lib:constructs', 'lib:config', 'lib:core'],
};
const projects = ['apps', 'libs', 'tools']
  .flatMap((dir) =>
    dir === 'tools' ? ['tools'] : readdirSync(dir).map((name) => `${dir}/${name}`),
  )
  .filter((root) => existsSync(`${root}/project.json`))
  .map((root) => ({ root, tags: JSON.parse(readFileSync(`${root}/project.json`, 'utf8')).tags }));
const libraries = projects
  .filter(({ root }) => root.startsWith('libs/'))
  .map(({ root, tags }) => ({
    name: `@strata/${root.slice('libs/'.length)}`,
    tag: tags.find((tag) => tag.startsWith('lib:')),
  }));
const dependencyDirection = projects.map(({ root, tags }) => {
  const allowed = new Set(tags.flatMap((tag) => MAY_IMPORT[tag] ?? []));
  const forbidden = libraries.filter(({ tag }) => !allowed.has(tag) && !tags.includes(tag));
  return {
    files: [`${root}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: forbidden.map(({ name, tag }) => ({
            group: [name, `${name}/*`],
            message: `${root} (${tags.join(', ')}) may not import ${tag} (dependency direction, eslint.config.mjs MAY_IMPORT)`,
          })),
        },
      ],
    },
  };
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', '**/cdktf.out/**', '.nx/**', 'coverage/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'off',
      eqeqeq: ['error', 'always'],
      'no-new': 'off',
    },
  },
  ...dependencyDirection,
  {
    // Construct tests read synthesized JSON, whose shape is only known at run time.
    files: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
        exports: 'writable',
        URL: 'readonly',
        setTimeout: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
