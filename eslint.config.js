// ESLint flat config: typescript-eslint's type-checked recommended rules over the code tsconfig.json covers.
// recommendedTypeChecked, not strictTypeChecked: strict adds 560 findings, two thirds of them numbers in template literals.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.cache/', 'data/', 'bench/corpora/', 'bench/tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A leading underscore names what is there on purpose and unused: a parameter an interface fixes, a property left out by a rest pattern.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // Off: an `async` function that implements a Promise-returning interface without awaiting is correct, and `async` turns its throw into the rejection callers handle.
      '@typescript-eslint/require-await': 'off',
    },
  },
  // Plain JavaScript (this file, the module-recording loader hooks) is outside tsconfig.json: no type information.
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
