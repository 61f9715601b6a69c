// Distributions tab: one card per (tag, run) showing percentile bands of the histogram over
// time, on a step, relative or wall-time axis.
import {mountCardGrid} from '../hist/card_grid.js';
import {tagRunHeader, tagRunItems} from '../hist/tag_run.js';
import {createSegmented} from '../hist/segmented.js';
import {createDistributionCard} from '../hist/distribution_card.js';
import {TIME_AXES} from '../hist/time_axis.js';

export default {
  plugin: 'distributions',
  mount(root, ctx) {
    const saved = ctx.state.get('x', 'step');
    let axis = TIME_AXES.some((a) => a.value === saved) ? saved : 'step';
    return mountCardGrid(root, ctx, {
      className: 'hist-distributions',
      tagsPath: '/data/plugin/distributions/tags',
      emptyText: 'No distribution data was found. Distributions are drawn from histogram '
        + 'summaries: write some with tf.summary.histogram(...) or SummaryWriter.add_histogram(...).',
      toolbar(el, env) {
        createSegmented(el, {
          label: 'Horizontal axis',
          options: TIME_AXES,
          value: axis,
          onChange(v) {
            axis = v;
            ctx.state.set('x', v, 'step');
            env.redrawAll();
          },
        });
      },
      items: tagRunItems,
      header: tagRunHeader,
      createCard: (body, item, env) => createDistributionCard(body, item, env, () => axis),
    });
  },
};
