/**
 * The custom functions as the command line sees them: the metadata Excel reads
 * (functions.json, generated from the JSDoc of src/functions/functions.ts) joined with the
 * JavaScript functions Excel calls, so `beekeeper call` evaluates exactly what a cell would.
 */
import './excel-runtime'; // before the functions: they return CustomFunctions.Error values
import * as fs from 'fs';
import * as path from 'path';
import * as functions from '../functions/functions';
import { messages, nearest } from '../model';
import { UsageError } from './io';

/** The namespace of the add-in's functions (manifest.xml); the metadata names omit it. */
export const NAMESPACE = 'OSS';

/** One parameter of a custom function, as functions.json describes it. */
export interface ParameterMetadata {
  readonly name: string;
  readonly description?: string;
  readonly type?: 'number' | 'string' | 'boolean' | 'any';
  readonly dimensionality?: 'scalar' | 'matrix';
  readonly optional?: boolean;
}

/** One custom function, as functions.json describes it. */
export interface FunctionMetadata {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly helpUrl?: string;
  readonly parameters: readonly ParameterMetadata[];
  readonly result?: { readonly type?: string; readonly dimensionality?: 'scalar' | 'matrix' };
  /** `cancelable`: the function takes Excel's invocation handle as a last argument (OSS.SIMULATE). */
  readonly options?: { readonly cancelable?: boolean };
}

/** The contents of functions.json. */
export interface FunctionsMetadata {
  readonly functions: readonly FunctionMetadata[];
}

type Implementation = (...args: unknown[]) => unknown;

/** A custom function: its metadata, its name as typed in Excel, and the function Excel calls. */
export interface CatalogEntry {
  readonly metadata: FunctionMetadata;
  /** The name as typed in a cell, e.g. "OSS.BASS". */
  readonly excelName: string;
  readonly implementation: Implementation;
}

/**
 * Reads the functions' metadata. The compiled command line (lib/cli/) reads lib/functions.json,
 * which `npm run build:cli` writes next to it. Run from source (ts-jest, where this module is
 * src/cli/catalog.ts and there is no src/functions.json), it generates the metadata from the
 * JSDoc with scripts/generate-metadata.js, so tests always see the metadata of the source they
 * test, built or not.
 */
export async function loadMetadata(): Promise<FunctionsMetadata> {
  const built = path.join(__dirname, '..', 'functions.json');
  if (fs.existsSync(built)) return JSON.parse(fs.readFileSync(built, 'utf8')) as FunctionsMetadata;
  const generator = path.join(__dirname, '..', '..', 'scripts', 'generate-metadata.js');
  if (fs.existsSync(generator)) {
    const { functionsMetadata } = require(generator) as { functionsMetadata: () => Promise<FunctionsMetadata> };
    return functionsMetadata();
  }
  throw new Error(`functions metadata not found at ${built}: run \`npm run build:cli\``);
}

/** The custom functions, found by the name a user types. */
export class Catalog {
  private readonly byId: ReadonlyMap<string, CatalogEntry>;

  /**
   * Joins metadata and implementations; an id without an exported function (a function
   * renamed in functions.ts but not in its JSDoc, say) is a build error, reported at once.
   *
   * @example new Catalog(metadata, require('../functions/functions')).find('bass').excelName // "OSS.BASS"
   */
  constructor(metadata: FunctionsMetadata, implementations: Readonly<Record<string, unknown>>) {
    const exported = new Map<string, Implementation>();
    for (const [key, value] of Object.entries(implementations)) {
      if (typeof value === 'function') exported.set(key.toUpperCase(), value as Implementation);
    }
    const byId = new Map<string, CatalogEntry>();
    for (const f of metadata.functions) {
      // The metadata id is the exported name upper-cased (custom-functions-metadata's rule).
      const implementation = exported.get(f.id.toUpperCase());
      if (implementation === undefined) {
        throw new Error(
          `functions.json lists ${f.id}, but src/functions/functions.ts exports no function of that name`,
        );
      }
      byId.set(f.id.toUpperCase(), { metadata: f, excelName: `${NAMESPACE}.${f.name}`, implementation });
    }
    this.byId = byId;
  }

  /** Every function, in the order of the metadata (the order of functions.ts). */
  get entries(): readonly CatalogEntry[] {
    return [...this.byId.values()];
  }

  /**
   * The function a user named: case-insensitive, with or without the `OSS.` prefix. An
   * unknown name is a usage error that suggests the nearest known one.
   *
   * @example catalog.find('oss.bass').excelName // "OSS.BASS"
   * @example catalog.find('OSS.BAS') // throws: unknown function "OSS.BAS"; did you mean "OSS.BASS"?
   */
  find(name: string): CatalogEntry {
    const bare = stripNamespace(name.trim());
    const found = this.byId.get(bare.toUpperCase());
    if (found) return found;
    const suggestion = nearest(bare, [...this.byId.keys()]);
    throw new UsageError(
      messages.unknownName('function', name, suggestion && this.byId.get(suggestion)!.excelName) +
        ' (`beekeeper functions` lists them)',
    );
  }
}

function stripNamespace(name: string): string {
  const prefix = `${NAMESPACE}.`;
  return name.toUpperCase().startsWith(prefix) ? name.slice(prefix.length) : name;
}

let loaded: Promise<Catalog> | undefined;

/** The catalog of the custom functions (loaded once per process). */
export function loadCatalog(): Promise<Catalog> {
  loaded ??= loadMetadata().then((metadata) => new Catalog(metadata, functions));
  // A failed load is not cached: the next call tries again.
  loaded.catch(() => (loaded = undefined));
  return loaded;
}

/**
 * The function's signature as Excel's autocomplete shows it, optional arguments in brackets.
 *
 * @example signature(catalog.find('OSS.MEMBERS'))
 * // "OSS.MEMBERS(marketSize, innovation, imitation, months, [annualChurn], [initialMembers])"
 */
export function signature(entry: CatalogEntry): string {
  const parameters = entry.metadata.parameters.map((p) => (p.optional ? `[${p.name}]` : p.name));
  return `${entry.excelName}(${parameters.join(', ')})`;
}

/** How many arguments a function needs: its parameters up to the last required one. */
export function requiredCount(entry: CatalogEntry): number {
  const parameters = entry.metadata.parameters;
  let count = 0;
  parameters.forEach((p, i) => {
    if (!p.optional) count = i + 1;
  });
  return count;
}
