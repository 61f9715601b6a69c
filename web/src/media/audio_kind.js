// Audio: a player for the chosen step's clip, with its label.
import {el} from './dom.js';
import {query} from './query.js';
import {setSafeHtml} from './safe_html.js';

export function audioKind(ctx) {
  return {
    plugin: 'audio',
    tagsPath: '/data/plugin/audio/tags',
    samples: true,
    emptyText: 'No audio logged. Write some with tf.summary.audio(...) or SummaryWriter.add_audio(...).',
    fetchItems: ({run, tag, sample}) => ctx.api.json(query('/data/plugin/audio/audio', {run, tag, sample})),
    renderItem(body, item, spec) {
      const audio = el('audio', {class: 'md-audio', attrs: {controls: true, preload: 'metadata',
        src: ctx.api.url('/data/plugin/audio/individualAudio?' + item.query),
        'aria-label': spec.tag + ' at step ' + item.step}});
      const children = [el('div', {class: 'md-content md-audio-frame'}, [audio])];
      if (item.label) {
        // Labels are Markdown the server rendered, like the text plugin's.
        const label = el('div', {class: 'md-label md-markdown'});
        setSafeHtml(label, item.label);
        children.push(label);
      }
      children.push(el('div', {class: 'md-meta', text: item.contentType || ''}));
      body.replaceChildren(...children);
    },
  };
}
