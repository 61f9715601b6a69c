// A canvas that fills its container at device-pixel resolution and redraws itself when the
// container resizes or the page zoom (devicePixelRatio) changes.

export function createChartCanvas(container, draw) {
  const canvas = document.createElement('canvas');
  canvas.className = 'hist-canvas';
  container.appendChild(canvas);
  const g = canvas.getContext('2d');
  let width = 0;
  let height = 0;
  let frame = 0;

  function render() {
    frame = 0;
    const dpr = window.devicePixelRatio || 1;
    const rect = container.getBoundingClientRect();
    width = Math.max(1, Math.floor(rect.width));
    height = Math.max(1, Math.floor(rect.height));
    const pw = Math.round(width * dpr);
    const ph = Math.round(height * dpr);
    if (canvas.width !== pw || canvas.height !== ph) {
      canvas.width = pw;
      canvas.height = ph;
      canvas.style.width = width + 'px';
      canvas.style.height = height + 'px';
    }
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, height);
    draw(g, width, height);
  }

  // Coalesce bursts (resize drags, hover moves) into one paint per frame.
  function redraw() {
    if (!frame) frame = requestAnimationFrame(render);
  }

  const resize = new ResizeObserver(redraw);
  resize.observe(container);
  let dprQuery = null;
  const onDpr = () => {
    watchDpr();
    redraw();
  };
  function watchDpr() {
    if (dprQuery) dprQuery.removeEventListener('change', onDpr);
    dprQuery = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    dprQuery.addEventListener('change', onDpr);
  }
  watchDpr();
  redraw();

  return {
    canvas,
    redraw,
    size: () => ({width, height}),
    destroy() {
      if (frame) cancelAnimationFrame(frame);
      resize.disconnect();
      dprQuery.removeEventListener('change', onDpr);
      canvas.remove();
    },
  };
}

// Mouse position relative to the canvas in CSS pixels.
export function pointerPos(canvas, event) {
  const r = canvas.getBoundingClientRect();
  return {x: event.clientX - r.left, y: event.clientY - r.top};
}
