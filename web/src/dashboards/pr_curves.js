// PR curves tab: one card per tag with a precision/recall line per selected run, and a step
// slider per run choosing which step's curve is drawn.
import {mountCardGrid} from '../hist/card_grid.js';
import {expandButton} from '../hist/expand_button.js';
import {createPrCard} from '../hist/pr_card.js';
import {createStepSliders} from '../hist/step_sliders.js';
import {compareTags} from '../hist/groups.js';
import {el} from '../lib/dom.js';

const ENTRIES = '/data/plugin/pr_curves/available_time_entries';

function readSteps(ctx) {
  try {
    const v = ctx.state.get('steps', '');
    const parsed = v ? JSON.parse(v) : {};
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}

export default {
  plugin: 'pr_curves',
  mount(root, ctx) {
    const chosen = readSteps(ctx); // run → step; absent = latest
    let sliders = null;
    let sliderRequest = 0;

    async function renderSliders(items, env) {
      const mine = ++sliderRequest;
      const runs = [...new Set(items.flatMap((i) => i.runs))];
      let entries = {};
      try {
        entries = runs.length ? await env.loader.get(ENTRIES) : {};
      } catch {
        // The cards show the error; sliders just stay empty.
      }
      if (mine !== sliderRequest) return;
      const ordered = ctx.selectedRuns().filter((r) => runs.includes(r));
      sliders.render(ordered.map((run) => ({
        run,
        color: ctx.color(run),
        steps: [...new Set((entries[run] || []).map((e) => Number(e.step)))].sort((a, b) => a - b),
      })), chosen);
    }

    return mountCardGrid(root, ctx, {
      className: 'hist-pr',
      tagsPath: '/data/plugin/pr_curves/tags',
      emptyText: 'No PR curve data was found. Write some with the pr_curves summary '
        + '(tensorboard.plugins.pr_curve.summary.op / pb) or SummaryWriter.add_pr_curve(...).',
      toolbar(el, env) {
        sliders = createStepSliders(el, {
          onChange(run, step) {
            if (step === undefined) delete chosen[run];
            else chosen[run] = step;
            ctx.state.set('steps', Object.keys(chosen).length ? JSON.stringify(chosen) : '', '');
            env.redrawAll();
          },
        });
      },
      items(index) {
        const byTag = new Map();
        for (const run of ctx.selectedRuns()) {
          for (const tag of Object.keys(index[run] || {})) {
            if (!ctx.tagMatches(tag)) continue;
            if (!byTag.has(tag)) byTag.set(tag, []);
            byTag.get(tag).push(run);
          }
        }
        return [...byTag.keys()].sort(compareTags).map((tag) => ({key: tag, tag, runs: byTag.get(tag)}));
      },
      header(head, item) {
        head.replaceChildren(el('h3.card-title', {text: item.tag, title: item.tag}), expandButton());
      },
      onRender: renderSliders,
      createCard: (body, item, env) => createPrCard(body, item, env, (run) => chosen[run]),
    });
  },
};
