import type { Plugin as VitePlugin } from 'vite';
import type { Plugin as EsbuildPlugin } from 'esbuild';

export function parsedR4ModelInfo(): unknown;
export function prunedR4ModelInfo(roots?: Set<string>): unknown;
export function cqlEngineVitePlugin(): VitePlugin;
export function cqlEngineEsbuildPlugin(): EsbuildPlugin;
export function slimUcumDefinitions(): unknown;
