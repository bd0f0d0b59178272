// office-addin-lint's recommended rules, plus the globals our code really has: Excel's
// custom-functions runtime defines CustomFunctions, and globalThis exists in every host we run in.
import officeAddins from 'eslint-plugin-office-addins';
import tsParser from '@typescript-eslint/parser';

export default [
  ...officeAddins.configs.recommended,
  {
    plugins: { 'office-addins': officeAddins },
    languageOptions: {
      parser: tsParser,
      globals: { CustomFunctions: 'readonly', globalThis: 'readonly' },
    },
  },
];
