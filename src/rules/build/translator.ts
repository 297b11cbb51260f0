/*
 * CQL to ELM in Node with @cqframework/cql (Kotlin compiled to JS): no Java. Build-time only; never
 * import this from code that ships to the browser (the translator is 15 MB).
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { SystemModelInfoProvider } from '@cqframework/cql/cql';
import {
  CqlCompilerOptions,
  CqlTranslator,
  LibraryManager,
  ModelManager,
  createLibrarySourceProvider,
  createModelInfoProvider,
  createUcumService,
  stringAsSource,
} from '@cqframework/cql/cql-to-elm';
import { Pair } from '@cqframework/cql/kotlin-kotlin-stdlib';
import { BigDecimal } from '@cqframework/cql/shared';

const require = createRequire(import.meta.url);
// The Kotlin/JS output calls a global `require` for its Node-only pieces.
(globalThis as { require?: NodeJS.Require }).require ??= require;

/** cql-execution's UCUM helpers (over @lhncbc/ucum-lhc), so build and runtime agree on units. */
const units = require('cql-execution/lib/util/units') as {
  checkUnit(unit: string): { valid: boolean; message?: string[] };
  convertUnit(value: number, from: string, to: string): number | undefined;
  getProductOfUnits(a: string, b: string): string;
  getQuotientOfUnits(a: string, b: string): string;
};

/** One translator message, located in the library it concerns (an include may be the culprit). */
export interface CqlMessage {
  library: string;
  line: number;
  column: number;
  message: string;
  severity: 'Error' | 'Warning' | 'Info';
}

export interface Translation {
  /** The library identifier the CQL declares. */
  library: string;
  /** ELM as JSON-ready data, or undefined when there were errors. */
  elm: unknown;
  errors: CqlMessage[];
  warnings: CqlMessage[];
}

/** Finds the CQL text of an included library by name, or undefined. */
export type LibrarySource = (name: string) => string | undefined;

const FHIR_MODEL_INFO = require.resolve('cql-exec-fhir/lib/modelInfos/fhir-modelinfo-4.0.1.xml');

function ucumService() {
  type Q = Pair<BigDecimal, string>;
  const combine = (a: Q, b: Q, op: 'mul' | 'div'): Q => {
    const [x, y] = [a.first.toDouble(), b.first.toDouble()];
    const value = op === 'mul' ? x * y : x / y;
    const unit =
      op === 'mul'
        ? units.getProductOfUnits(a.second, b.second)
        : units.getQuotientOfUnits(a.second, b.second);
    return new Pair(BigDecimal.fromString(String(value)), unit);
  };
  return createUcumService(
    (value, from, to) => {
      const converted = units.convertUnit(Number(value), from, to);
      if (converted === undefined) throw new Error(`cannot convert ${from} to ${to}`);
      return String(converted);
    },
    (unit) => {
      const check = units.checkUnit(unit);
      return check.valid ? null : (check.message?.join('; ') ?? `invalid UCUM unit '${unit}'`);
    },
    (a, b) => combine(a, b, 'mul'),
    (a, b) => combine(a, b, 'div'),
  );
}

/**
 * A translator over one set of library sources: FHIR 4.0.1 model, System model, UCUM validation, and
 * includes resolved through `source`. Compiled includes are cached across calls.
 *
 * @example
 * const translate = createTranslator((name) => sources.get(name));
 * const { elm, errors } = translate(readFileSync('VTEProphylaxis.cql', 'utf8'));
 */
export function createTranslator(source: LibrarySource): (cql: string) => Translation {
  const modelInfo = readFileSync(FHIR_MODEL_INFO, 'utf8');
  const models = new ModelManager();
  models.modelInfoLoader.registerModelInfoProvider(new SystemModelInfoProvider());
  models.modelInfoLoader.registerModelInfoProvider(
    createModelInfoProvider((id, _system, version) =>
      id === 'FHIR' && (version === null || version === '4.0.1') ? stringAsSource(modelInfo) : null,
    ),
  );
  const O = CqlCompilerOptions.Options;
  const options = new CqlCompilerOptions().withOptions([
    O.EnableLocators,
    O.DisableListDemotion,
    O.DisableListPromotion,
  ]);
  const libraries = new LibraryManager(models, options, undefined, ucumService());
  libraries.librarySourceLoader.registerProvider(
    createLibrarySourceProvider((name) => {
      const text = source(name);
      return text === undefined ? null : stringAsSource(text);
    }),
  );

  return (cql) => {
    const declared = /^\s*library\s+("?)([A-Za-z_]\w*)\1/m.exec(stripComments(cql))?.[2] ?? '(unnamed)';
    const translator = CqlTranslator.fromText(cql, libraries);
    const elm = JSON.parse(translator.toJson()) as { library?: { annotation?: unknown[] } };
    const messages = (elm.library?.annotation ?? []).flatMap((a) => toMessage(a, declared));
    const errors = messages.filter((m) => m.severity === 'Error');
    if (!errors.length && translator.errors.asJsReadonlyArrayView().length) {
      // Not expected: every error is also an ELM annotation. Keep the text, without a location.
      for (const e of translator.errors.asJsReadonlyArrayView())
        errors.push({ library: declared, line: 0, column: 0, message: e.message, severity: 'Error' });
    }
    const warnings = messages.filter((m) => m.severity !== 'Error');
    return { library: declared, elm: errors.length ? undefined : tidy(elm), errors, warnings };
  };
}

function stripComments(cql: string): string {
  return cql.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}

/** The translator records each problem as a `CqlToElmError` annotation on the ELM library. */
function toMessage(annotation: unknown, fallback: string): CqlMessage[] {
  const a = annotation as Partial<Record<string, unknown>>;
  if (a.type !== 'CqlToElmError') return [];
  const severity = String(a.errorSeverity ?? 'error');
  return [
    {
      library: typeof a.libraryId === 'string' ? a.libraryId : fallback,
      line: typeof a.startLine === 'number' ? a.startLine : 0,
      column: typeof a.startChar === 'number' ? a.startChar : 0,
      message: String(a.message ?? 'unknown translator error'),
      severity: severity === 'warning' ? 'Warning' : severity === 'info' ? 'Info' : 'Error',
    },
  ];
}

const EMPTY_LISTS = new Set(['annotation', 'include', 'codeFilter', 'dateFilter', 'otherFilter']);

/** Drops the empty lists the JS translator writes on every node: about a third of the ELM, never read. */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (EMPTY_LISTS.has(key) && Array.isArray(value) && value.length === 0) continue;
    out[key] = tidy(value);
  }
  return out;
}
