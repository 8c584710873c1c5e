import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'evidence/**',
      'docs/**',
      'release/**',
      'coverage/**',
      '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node, chrome: 'readonly' },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Silent catches hide bugs; an intentional one must carry a comment saying why.
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    // The page hook (content/hook.ts says why): no dependencies, no extension APIs, and nothing
    // that goes through the iterator protocol, which page code can patch before we call it.
    files: ['content/hook.ts', 'content/hook/**/*.ts'],
    ignores: ['content/hook/**/*.test.ts', 'content/hook/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['webextension-polyfill', 'react', 'react-dom', 'zustand'].map((name) => ({
            name,
            message: 'The page hook imports nothing outside content/hook and src/protocol.',
          })),
          patterns: [
            {
              group: ['react/*', 'react-dom/*', 'zustand/*', '**/messaging', '**/messaging/*'],
              message: 'The page hook imports nothing outside content/hook and src/protocol.',
            },
            {
              group: ['**/protocol/guards'],
              message: 'The guards call built-ins the page can replace: see relay-messages.ts.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'chrome', message: 'The page hook runs in the page: no extension APIs.' },
        { name: 'browser', message: 'The page hook runs in the page: no extension APIs.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ForOfStatement',
          message: 'for…of calls the iterator a page can patch: use an index loop.',
        },
        {
          selector: ':matches(ArrayExpression, CallExpression, NewExpression) > SpreadElement',
          message: 'Array and argument spread call the iterator a page can patch.',
        },
        {
          selector: 'ImportExpression',
          message: 'The hook is one IIFE that runs at document_start: no dynamic import.',
        },
      ],
    },
  },
);
