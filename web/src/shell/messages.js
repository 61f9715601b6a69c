// What the page says when there is nothing to draw, or a request failed.
import {el} from '../lib/dom.js';

const PYTORCH = `from torch.utils.tensorboard import SummaryWriter

writer = SummaryWriter("LOGDIR/run_1")
for step in range(100):
    writer.add_scalar("loss", 1 / (step + 1), step)
writer.close()`;

const TENSORFLOW = `import tensorflow as tf

writer = tf.summary.create_file_writer("LOGDIR/run_1")
with writer.as_default():
    for step in range(100):
        tf.summary.scalar("loss", 1 / (step + 1), step=step)`;

// A code block with a copy button.
function snippet(title, code) {
  const pre = el('pre', el('code', {text: code}));
  const copy = el('button.copy', {type: 'button', text: 'Copy'});
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(code);
      copy.textContent = 'Copied';
    } catch {
      copy.textContent = 'Select and copy';
    }
    setTimeout(() => (copy.textContent = 'Copy'), 1500);
  });
  return el('figure.snippet', el('figcaption', el('span', {text: title}), copy), pre);
}

// The page-wide "no runs yet" state, with code that writes some. It goes away by itself when
// the event stream reports data.
export function renderWelcome(root, logdir) {
  const dir = logdir ? firstPath(logdir) : 'logs';
  root.replaceChildren(el('div.empty-state.welcome',
      el('div.empty-icon', {'aria-hidden': 'true'}),
      el('h2', {text: 'No runs yet'}),
      el('p', {text: `tracker is watching ${logdir || 'the log directory'} and will show runs ` +
          'here as soon as event files appear. Write some, for example:'}),
      el('div.snippets', snippet('PyTorch', PYTORCH.replace('LOGDIR', dir)),
          snippet('TensorFlow', TENSORFLOW.replace('LOGDIR', dir))),
      el('p.hint', el('span.live-dot.waiting'), ' Waiting for data — this page updates by itself.')));
}

// A dashboard's "nothing here" message: `text` says what is missing and how to write it.
export function renderEmpty(root, text) {
  root.replaceChildren(el('div.empty-state',
      el('div.empty-icon', {'aria-hidden': 'true'}),
      el('p', {text: text || 'No data for the selected runs.'})));
}

export function renderError(root, error) {
  const message = error && error.message ? error.message : String(error);
  root.replaceChildren(el('div.error-state', {role: 'alert'},
      el('strong', {text: 'Could not load this view'}),
      el('p', {text: message}),
      el('p.hint', {text: 'Check that the tracker server is running, then press reload.'})));
}

// "name:path,name2:path2" -> the first path; a plain path is returned as it is.
function firstPath(spec) {
  const first = String(spec).split(',')[0];
  const match = /^([^/:\\]+):(?!\/\/)(.+)$/.exec(first);
  return match && !/^[A-Za-z]$/.test(match[1]) ? match[2] : first;
}
