// Mouse and keyboard on the graph canvas: wheel zooms around the pointer, drag pans, a click
// that did not move selects, double-click (or the +/− button) opens and closes scopes.

const DRAG_SLOP = 4; // px of movement before a press counts as a drag rather than a click

/**
 * @param el       the canvas
 * @param handlers {zoom(factor, x, y), pan(dx, dy), click(x, y), dblclick(x, y), hover(x, y),
 *                  leave(), key(event)}  — coordinates in CSS pixels relative to el
 * @returns a function that removes the listeners
 */
export function attachInteraction(el, handlers) {
  let press = null;
  const local = (e) => {
    const r = el.getBoundingClientRect();
    return {x: e.clientX - r.left, y: e.clientY - r.top};
  };
  const onWheel = (e) => {
    e.preventDefault();
    const p = local(e);
    // Trackpad pinch arrives as wheel+ctrlKey with small deltas; mice send ~100 per notch.
    const unit = e.deltaMode === 1 ? 33 : e.deltaMode === 2 ? 400 : 1;
    const dy = e.deltaY * unit;
    if (!e.ctrlKey && Math.abs(e.deltaX) > Math.abs(dy)) {
      handlers.pan(-e.deltaX * unit, 0);
      return;
    }
    handlers.zoom(Math.exp(-dy * (e.ctrlKey ? 0.01 : 0.0015)), p.x, p.y);
  };
  const onDown = (e) => {
    if (e.button !== 0) return;
    el.setPointerCapture(e.pointerId);
    const p = local(e);
    press = {x: p.x, y: p.y, lastX: p.x, lastY: p.y, dragging: false};
  };
  const onMove = (e) => {
    const p = local(e);
    if (!press) {
      handlers.hover(p.x, p.y);
      return;
    }
    if (!press.dragging && Math.hypot(p.x - press.x, p.y - press.y) > DRAG_SLOP) {
      press.dragging = true;
      el.classList.add('gr-dragging');
    }
    if (press.dragging) {
      handlers.pan(p.x - press.lastX, p.y - press.lastY);
      press.lastX = p.x;
      press.lastY = p.y;
    }
  };
  const onUp = (e) => {
    if (!press) return;
    const wasDrag = press.dragging;
    press = null;
    el.classList.remove('gr-dragging');
    if (!wasDrag) {
      const p = local(e);
      handlers.click(p.x, p.y);
    }
  };
  const onDbl = (e) => {
    const p = local(e);
    handlers.dblclick(p.x, p.y);
  };
  const onLeave = () => handlers.leave();
  const onKey = (e) => handlers.key(e);
  el.addEventListener('wheel', onWheel, {passive: false});
  el.addEventListener('pointerdown', onDown);
  el.addEventListener('pointermove', onMove);
  el.addEventListener('pointerup', onUp);
  el.addEventListener('pointercancel', onUp);
  el.addEventListener('dblclick', onDbl);
  el.addEventListener('pointerleave', onLeave);
  el.addEventListener('keydown', onKey);
  return () => {
    el.removeEventListener('wheel', onWheel);
    el.removeEventListener('pointerdown', onDown);
    el.removeEventListener('pointermove', onMove);
    el.removeEventListener('pointerup', onUp);
    el.removeEventListener('pointercancel', onUp);
    el.removeEventListener('dblclick', onDbl);
    el.removeEventListener('pointerleave', onLeave);
    el.removeEventListener('keydown', onKey);
  };
}
