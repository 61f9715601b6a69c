// Puts the text plugin's HTML into a container. The server already sanitises it; this is the
// second lock: the HTML is parsed inert in a <template>, anything that could run or reach
// another origin is dropped, and only then is it attached.

const DROP = new Set(['SCRIPT', 'STYLE', 'IFRAME', 'OBJECT', 'EMBED', 'LINK', 'META', 'BASE', 'FORM']);

// Same-origin and data: URLs only; anything else would be a request leaving the server.
function allowedUrl(value, base) {
  try {
    const url = new URL(value, base);
    if (url.protocol === 'data:') return true;
    return url.origin === new URL(base).origin && url.protocol.startsWith('http');
  } catch {
    return false;
  }
}

function clean(node, base) {
  for (const child of [...node.children]) {
    if (DROP.has(child.tagName)) {
      child.remove();
      continue;
    }
    for (const attr of [...child.attributes]) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || name === 'style' || name === 'srcset') child.removeAttribute(attr.name);
    }
    if (child.tagName === 'IMG' && !allowedUrl(child.getAttribute('src') || '', base)) {
      child.replaceWith(document.createTextNode(child.getAttribute('alt') || ''));
      continue;
    }
    if (child.tagName === 'A') {
      const href = child.getAttribute('href') || '';
      if (/^\s*(javascript|vbscript|data):/i.test(href)) child.removeAttribute('href');
      // Links open apart from the dashboard and tell the target nothing about it.
      child.setAttribute('target', '_blank');
      child.setAttribute('rel', 'noopener noreferrer');
    }
    clean(child, base);
  }
}

export function setSafeHtml(container, html) {
  const template = document.createElement('template');
  template.innerHTML = String(html);
  clean(template.content, document.baseURI);
  container.replaceChildren(template.content);
}
