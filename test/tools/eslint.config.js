import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { LAYERS, NODE_ONLY, layerRules } from './layers.js';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'public/mockServiceWorker.js', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { window: 'readonly', document: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  // One direction of flow: each folder of src/ imports only the layers below it (see layers.js).
  { files: ['src/*.ts'], rules: layerRules(undefined) },
  ...[...LAYERS, ...NODE_ONLY].map((layer) => ({
    files: [`src/${layer}/**/*.{ts,mts,js,mjs,cjs}`],
    rules: layerRules(layer),
  })),
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' },
    },
  },
);
