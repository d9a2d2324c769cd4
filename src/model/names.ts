/**
 * Names in the graph that the loader writes and others read by name (export/), so that both spell
 * them from one place.
 */

/** Provenance of an entity is a CITED_IN edge to its Source; analytics never traverse it. */
export const CITED_IN = 'CITED_IN';
