// Small DOM builders. Text goes in through textContent only: names and values come from logs.
const SVG_NS = 'http://www.w3.org/2000/svg';

// el('div', {class: 'x', text: 'y', title, attrs: {...}, on: {click}}, [children])
export function el(tag, options = {}, children = []) {
  return build(document.createElement(tag), options, children);
}

export function svg(tag, options = {}, children = []) {
  return build(document.createElementNS(SVG_NS, tag), options, children);
}

function build(node, {class: cls, text, title, attrs, on} = {}, children = []) {
  if (cls) node.setAttribute('class', cls);
  if (text !== undefined) node.textContent = text;
  if (title) {
    if (node instanceof SVGElement) node.appendChild(build(document.createElementNS(SVG_NS, 'title'), {text: title}));
    else node.title = title;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const [event, handler] of Object.entries(on || {})) node.addEventListener(event, handler);
  for (const child of children) if (child) node.appendChild(child);
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}
