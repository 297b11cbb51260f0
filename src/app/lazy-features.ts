/**
 * The features that load after the panel shell, behind one dynamic import (one chunk list to
 * preload, one request chain): prompts and the interaction log.
 */
export { createPromptsFeature } from './prompts-feature';
export { createTelemetry, logCardFacts } from './telemetry-feature';
