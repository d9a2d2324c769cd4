import type { Core } from 'cytoscape';
import { createCanvas } from './canvas.ts';
import { hoverNames } from './layout.ts';

/** The one shared state of the explorer: the canvas, the hidden types, and whether a link is being rebuilt. */
export const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
export const cy: Core = createCanvas($('cy'));
hoverNames(cy);
export const hiddenTypes = new Set<string>();
export const view = { restoring: false };

// Tests and power users can reach the canvas from the console.
(window as unknown as { explorer: { cy: Core } }).explorer = { cy };
