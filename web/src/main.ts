import '@fontsource/noto-sans-thai/400.css';
import '@fontsource/noto-sans-thai/600.css';
import './styles.css';
import { act, initRetry } from './actions.ts';
import { initAsOf } from './as-of.ts';
import { initCanvasEvents } from './canvas-events.ts';
import { initCuration } from './curate.ts';
import { initHistory } from './history.ts';
import { renderLegend } from './legend.ts';
import { initNewSource } from './new-source.ts';
import { initPathFinder } from './path-finder.ts';
import { initReader } from './reader.ts';
import { restore } from './restore.ts';
import { initSearch } from './search.ts';
import { initSignIn } from './sign-in.ts';
import { loadStart } from './start.ts';
import { initSuggestions } from './suggestions.ts';
import { loadTimeline } from './timeline.ts';
import { initToolbar } from './toolbar.ts';
import { changed } from './url-state.ts';
import { initWhatsNew } from './whats-new.ts';

initRetry();
initSearch();
initCanvasEvents();
initToolbar();
initPathFinder();
initReader();
initSignIn();
initCuration();
initSuggestions();
initNewSource();
initHistory();
initWhatsNew();

// The URL is read before anything writes it.
renderLegend();
void act('Loading', async () => {
  // The canvas draws a label once: the Thai face must be there first, or Thai names show as boxes.
  await Promise.all(
    ['13px', '600 13px'].map((font) => document.fonts.load(`${font} "Noto Sans Thai"`, 'Aไ')),
  );
  await restore();
  changed();
  await initAsOf();
  await loadTimeline();
  await loadStart();
});
