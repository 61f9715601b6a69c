// Every dashboard module, keyed by its plugins_listing name through `plugin`. The shell shows
// a tab for each one whose plugin is active, in plugins_listing order (so the order here does
// not matter). Time Series has no module: its data shows in Scalars and the other tabs.
import audio from './audio.js';
import custom_scalars from './custom_scalars.js';
import distributions from './distributions.js';
import graphs from './graphs.js';
import histograms from './histograms.js';
import hparams from './hparams.js';
import images from './images.js';
import pr_curves from './pr_curves.js';
import scalars from './scalars.js';
import text from './text.js';

export const DASHBOARDS = [
  scalars, custom_scalars, images, audio, graphs, distributions, histograms, text, pr_curves,
  hparams,
];
