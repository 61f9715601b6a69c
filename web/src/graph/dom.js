// A tiny element builder: text only ever goes in through textContent.

/**
 * h('div', {class: 'a', text: 'hi', title: 't', onclick: fn}, [children])
 * Keys starting with "on" become listeners; `text` sets textContent; others are attributes.
 */
export function h(tag, props = {}, children = []) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') el.textContent = String(value);
    else if (key === 'class') el.className = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) if (child) el.append(child);
  return el;
}
