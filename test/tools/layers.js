/**
 * The layers of `src/`, top first: a folder may import only the folders below it (DESIGN.md, "one
 * direction of flow"). Where the brief and the code disagreed, the code's real direction won: the rules
 * build CDS Hooks cards, so `cds` (card types and the remote client) sits below `rules`.
 * `analytics`, `measures` and `terminology` run in Node only and never enter a browser bundle.
 */
export const LAYERS = [
  'app', // composition root: builds the models for the features the config turns on
  'ui', // Lit elements: render only, events up, state down
  'prompts', // the prompts feature: evaluate, accept, override, snooze, dismiss; card facts
  'feedback', // the feedback feature: MeasureReports -> the clinician's own outcome view
  'telemetry', // interaction events -> durable outbox -> sinks
  'rules', // pure CQL: packs, engine, worker and its client, build
  'cds', // CDS Hooks: card types, remote services, feedback
  'context', // patient, encounter, practitioner, unit
  'launch', // SMART launch over fhirclient (its only importer)
  'config', // the validated deployment config
  'fhir', // requests, paging, query building, FHIR errors
  'core', // model base, observe controller, status (imports no domain)
];

/** Node-side folders: the browser layers never import them. */
export const NODE_ONLY = ['analytics', 'measures', 'terminology'];

const folder = (names) => `^(?:\\.\\./)+(?:${names.join('|')})(?:/|$)`;

/**
 * The lint rules that keep one folder of `src/` (a layer name, or undefined for files directly in src/)
 * to its layer: `no-restricted-imports` for static imports, and the same patterns as
 * `no-restricted-syntax` selectors for dynamic `import()`, which that rule does not see.
 */
export function layerRules(layer) {
  const { paths, patterns } = restrictionsFor(layer);
  const dynamic = patterns
    .filter((p) => !p.allowTypeImports)
    .map((p) => ({
      selector: `ImportExpression[source.value=/${p.regex.replaceAll('/', '\\/')}/]`,
      message: p.message,
    }));
  return {
    'no-restricted-imports': ['error', { paths, patterns }],
    'no-restricted-syntax': ['error', ...dynamic],
  };
}

function restrictionsFor(layer) {
  const index = LAYERS.indexOf(layer);
  const above = index < 0 ? [] : LAYERS.slice(0, index);
  const patterns = [
    {
      regex: folder(['mocks', 'smart-launch', 'test']),
      message: 'src/ never imports mocks/, smart-launch/ or test/: they are built on src/, not under it.',
    },
  ];
  if (above.length)
    patterns.push({
      regex: folder(above),
      message:
        index === LAYERS.length - 1
          ? `src/${layer} imports no other layer: it is the bottom of the layer order (see the README).`
          : `src/${layer} may import only the layers below it (${LAYERS.slice(index + 1).join(', ')}): see the layer order in the README.`,
    });
  if (index >= 0)
    patterns.push({
      regex: folder(NODE_ONLY),
      message: `src/${layer} runs in the browser: it may not import the Node-side ${NODE_ONLY.join(', ')}.`,
    });
  if (layer === 'measures' || layer === 'analytics' || layer === 'terminology')
    patterns.push({
      regex: folder(['app', 'ui', 'prompts', 'feedback', ...(layer === 'analytics' ? ['measures'] : [])]),
      message: `src/${layer} is Node-side: it may not import the browser's composition root, elements or features${layer === 'analytics' ? ', nor the measures built on it' : ''}.`,
    });
  if (layer === 'ui')
    patterns.push({
      regex: '(?:-model|/telemetry/telemetry)$',
      allowTypeImports: true,
      message: 'Elements import no model implementation: `import type` it, and take the model as a property.',
    });
  const paths =
    layer === 'launch'
      ? []
      : [{ name: 'fhirclient', message: 'fhirclient is used only in src/launch/ (the SMART launch).' }];
  if (layer !== 'launch')
    patterns.push({ regex: '^fhirclient/', message: 'fhirclient is used only in src/launch/.' });
  return { paths, patterns };
}
