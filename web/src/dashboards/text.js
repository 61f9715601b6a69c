// The Text tab: a card per run and tag showing the server-rendered Markdown of the chosen step.
import '../media/media.css';
import {createMediaDashboard} from '../media/media_dashboard.js';
import {textKind} from '../media/text_kind.js';

export default {
  plugin: 'text',
  mount(root, ctx) {
    return createMediaDashboard(root, ctx, textKind(ctx));
  },
};
