// Histograms tab: one card per (tag, run), each step's distribution drawn as a ridge line
// (offset, the newest step in front) or overlaid, toggled from the settings bar.
import {mountCardGrid} from '../hist/card_grid.js';
import {tagRunHeader, tagRunItems} from '../hist/tag_run.js';
import {createSegmented} from '../hist/segmented.js';
import {createHistogramCard} from '../hist/histogram_card.js';
import {TIME_AXES} from '../hist/time_axis.js';

const MODES = [
  {value: 'offset', label: 'Offset', title: 'Steps stacked front to back, the newest in front'},
  {value: 'overlay', label: 'Overlay', title: 'Every step on one count axis'},
];

export default {
  plugin: 'histograms',
  mount(root, ctx) {
    const settings = {
      mode: ctx.state.get('mode', 'offset') === 'overlay' ? 'overlay' : 'offset',
      time: TIME_AXES.some((a) => a.value === ctx.state.get('time', 'step')) ? ctx.state.get('time', 'step') : 'step',
    };
    return mountCardGrid(root, ctx, {
      className: 'hist-histograms',
      tagsPath: '/data/plugin/histograms/tags',
      emptyText: 'No histogram data was found. Write some with tf.summary.histogram(...) or '
        + 'SummaryWriter.add_histogram(...) and it appears here.',
      toolbar(el, env) {
        let timeControl = null;
        createSegmented(el, {
          label: 'Histogram mode',
          options: MODES,
          value: settings.mode,
          onChange(v) {
            settings.mode = v;
            ctx.state.set('mode', v, 'offset');
            timeControl.el.hidden = v !== 'offset';
            env.redrawAll();
          },
        });
        // TensorBoard's "offset time axis": what the stacked ridges are spaced by.
        timeControl = createSegmented(el, {
          label: 'Offset axis',
          options: TIME_AXES,
          value: settings.time,
          onChange(v) {
            settings.time = v;
            ctx.state.set('time', v, 'step');
            env.redrawAll();
          },
        });
        timeControl.el.hidden = settings.mode !== 'offset';
      },
      items: tagRunItems,
      header: tagRunHeader,
      createCard: (body, item, env) => createHistogramCard(body, item, env, () => settings),
    });
  },
};
