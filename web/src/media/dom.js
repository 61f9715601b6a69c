// The media dashboards build DOM with the same helpers as hparams.
export {el, svg, clear} from '../hparams/dom.js';
