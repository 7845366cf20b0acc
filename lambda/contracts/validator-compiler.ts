/**
 * Compiles contract schemas the way the runtime validates them: AJV for draft-04, every error collected
 * (one entry per failed rule), no type coercion, no default injection. Used at build time to emit
 * standalone code, and by tools that validate on the fly (the emulator, the linter).
 */
import AjvDraft04Module from 'ajv-draft-04';
import standaloneCode from 'ajv/dist/standalone/index.js';
import type { Options } from 'ajv';

// ajv-draft-04 is CommonJS with `exports.default`: under NodeNext the default import is the module object.
type AjvDraft04 = AjvDraft04Module.default;
const Ajv = ((AjvDraft04Module as unknown as { default?: typeof AjvDraft04Module.default }).default ??
  AjvDraft04Module) as typeof AjvDraft04Module.default;

export const validatorOptions: Options = {
  allErrors: true,
  coerceTypes: false,
  useDefaults: false,
  removeAdditional: false,
  // Genesys contracts carry annotations AJV does not know (`displayName`, ...); unknown keywords are ignored.
  strict: false,
  validateFormats: false,
  unicodeRegExp: true,
};

export function createDraft04Ajv(options: Options = {}): AjvDraft04 {
  return new Ajv({ ...validatorOptions, ...options });
}

/** Standalone ESM module exporting one validate function per key of `schemas`, plus its `.d.ts`. */
export function compileStandaloneValidators(schemas: Record<string, object>): { code: string; declarations: string } {
  const ajv = createDraft04Ajv({ code: { source: true, esm: true, lines: false } });
  const exportsMap: Record<string, string> = {};
  for (const [key, schema] of Object.entries(schemas)) {
    const { id: _id, $id: _dollarId, ...withoutId } = schema as Record<string, unknown>;
    ajv.addSchema(withoutId, key);
    exportsMap[key] = key;
  }
  const code = (standaloneCode as unknown as typeof standaloneCode.default)(ajv, exportsMap);
  const declarations =
    "import type { ValidateFunction } from 'ajv';\n" +
    Object.keys(schemas)
      .map((k) => `export declare const ${k}: ValidateFunction;`)
      .join('\n') +
    '\n';
  return { code, declarations };
}
