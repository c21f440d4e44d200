// The rules this codebase already follows, checked by `npm run lint` (part of `npm test`). Type
// errors, unused locals and parameters are tsc's too (tsconfig.json); these add what tsc does not
// see (unused imports of types, type-only imports, long lines) and hold the conventions of DESIGN.md.
import tseslint from 'typescript-eslint';

// Lines of at most 140 characters (prettier's printWidth in .prettierrc.json), except where the
// length is a string, a template, a pattern or a URL; `npm test` also runs `npm run format:check`.
const LINE_LENGTH = 'error';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      '.bench/',
      'test/fixtures/',
      'test/testdata/',
      'src/config/generated/',
      'src/core/container-patch/generated/',
    ],
  },
  {
    files: ['**/*.ts', '**/*.mjs'],
    extends: [tseslint.configs.base],
    // Tests may use `any` (a few say so with a disable comment, which is no error where unneeded).
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      'max-len': [
        LINE_LENGTH,
        { code: 140, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-var': 'error',
      'prefer-const': 'error',
      eqeqeq: ['error', 'always'],
      'no-debugger': 'error',
    },
  },
  {
    // DESIGN.md: no `any` in the core (nor anywhere in src/).
    files: ['src/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
);
