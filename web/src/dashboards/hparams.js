// The HParams tab: session groups as a table, parallel coordinates and a scatter matrix.
import '../hparams/hparams.css';
import {createHparamsApp} from '../hparams/app.js';

export default {
  plugin: 'hparams',
  // Columns are hparams and metrics, not tags: the shell's tag filter does not apply.
  usesTagFilter: false,
  mount(root, ctx) {
    return createHparamsApp(root, ctx);
  },
};
