// The Audio tab: a card per run, tag and sample with a player for the chosen step.
import '../media/media.css';
import {createMediaDashboard} from '../media/media_dashboard.js';
import {audioKind} from '../media/audio_kind.js';

export default {
  plugin: 'audio',
  mount(root, ctx) {
    return createMediaDashboard(root, ctx, audioKind(ctx));
  },
};
