/**
 * The Beekeeper model core: pure functions of their arguments. No Office, DOM, clock or
 * global randomness: it runs unchanged in Node, the browser and a Web Worker.
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
export * from './distributions';
export * from './metalog';
export * from './simulation-inputs';
export * from './default-uncertainty';
export * from './sampling';
export * from './simulation';
export * from './simulation-results';
export * from './statistics';
export * from './quantile-sketch';
