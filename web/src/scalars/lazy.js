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
    // Tells the cards already on screen now rather than after the next frame: the observer
    // reports only once the page has been laid out and painted, and on a first load that frame
    // (the run list, every card's frame) is worth starting the data requests before. Costs a
    // synchronous layout, which that frame then reuses. Cards near but not on screen wait.
    reportVisibleNow() {
      const height = window.innerHeight;
      for (const [element, callback] of callbacks) {
        if (!element.isConnected || element.offsetParent === null) continue;
        const rect = element.getBoundingClientRect();
        if (rect.bottom > 0 && rect.top < height && rect.width > 0) callback(true);
      }
    },
    disconnect() {
      callbacks.clear();
      observer.disconnect();
    },
  };
}
