// The Images tab: a card per run, tag and sample with a step slider over the logged images.
import '../media/media.css';
import {createMediaDashboard} from '../media/media_dashboard.js';
import {imageKind} from '../media/image_kind.js';

export default {
  plugin: 'images',
  mount(root, ctx) {
    return createMediaDashboard(root, ctx, imageKind(ctx));
  },
};
