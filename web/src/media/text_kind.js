// Text: the server's sanitised Markdown HTML for the chosen step, tables styled.
import {el} from './dom.js';
import {query} from './query.js';
import {setSafeHtml} from './safe_html.js';

// A string logged as a 1-element array (tensorboardX's add_text) arrives as a 1×1 table;
// its one cell is the text itself, so show it without the frame.
function unwrapSingleCell(content) {
  const only = content.children.length === 1 ? content.firstElementChild : null;
  if (!only || only.tagName !== 'TABLE') return;
  const cells = [...only.querySelectorAll('td, th')].filter((cell) => cell.closest('table') === only);
  if (cells.length !== 1) return;
  content.replaceChildren(...cells[0].childNodes);
}

export function textKind(ctx) {
  return {
    plugin: 'text',
    tagsPath: '/data/plugin/text/tags',
    samples: false,
    emptyText: 'No text logged. Write some with tf.summary.text(...) or SummaryWriter.add_text(...).',
    fetchItems: ({run, tag}) => ctx.api.json(query('/data/plugin/text/text', {run, tag})),
    renderItem(body, item) {
      const content = el('div', {class: 'md-content md-markdown'});
      setSafeHtml(content, item.text);
      unwrapSingleCell(content);
      body.replaceChildren(content);
    },
  };
}
