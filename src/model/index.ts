/**
 * The Beekeeper model core: pure functions of their arguments. No Office, DOM, clock or
 * global randomness: it runs unchanged in Node, the browser and a Web Worker. Its only
 * randomness is its own: the HDR generator that the ecosystem walk draws from.
 */
export * from './assumptions';
export * from './bass';
export * from './ecosystem';
export * from './employers';
export * from './errors';
export * from './hdr';
export * from './kpis';
export * from './normal';
export * from './projection';
export * from './rules';
export * from './project';
export * from './blocks';
export * from './assumption-table';
export * from './number-text';
// The Monte Carlo engine (distributions, sampling, simulation, statistics, sketches, the pool)
// is in src/engine/, imported from its own modules and not re-exported here: the custom
// functions import this index, and the beta quantile's library would add 100 KB to their bundle.
export * from './calendar';
export * from './input-table';
export * from './plan';
export * from './years';
