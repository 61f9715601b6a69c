// One IntersectionObserver for many cards: a card hears when it comes near the viewport, so
// only charts someone can see are fetched and drawn.

export function createLazyObserver({margin = '400px'} = {}) {
  const callbacks = new Map();
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const callback = callbacks.get(entry.target);
      if (callback) callback(entry.isIntersecting);
    }
  }, {rootMargin: `${margin} 0px`});
  return {
    observe(element, callback) {
      callbacks.set(element, callback);
      observer.observe(element);
    },
    unobserve(element) {
      callbacks.delete(element);
      observer.unobserve(element);
    },
    disconnect() {
      callbacks.clear();
      observer.disconnect();
    },
  };
}
