// The text written along an edge of the view.

/** One data edge shows its tensor's shape; a bundle of edges shows how many it carries. */
export function edgeText(agg, opAt) {
  if (agg.count > 1) return `${agg.count} tensors`;
  if (agg.sample.control) return '';
  const shapes = opAt(agg.sample.src).outputShapes;
  const shape = shapes && shapes[agg.sample.port];
  if (shape === undefined) return '';
  return shape === '[]' ? 'scalar' : shape;
}
