// Light, dark, or whatever the system says (the default). The choice is a preference of this
// browser, not part of a shared link, so it lives in localStorage; the page's colours come
// from CSS variables switched by <html data-theme>.

const STORAGE_KEY = 'tracker.theme';
export const THEME_CHOICES = ['system', 'light', 'dark'];

export function createTheme(win = window) {
  const media = win.matchMedia ? win.matchMedia('(prefers-color-scheme: dark)') : null;
  const listeners = new Set();
  let choice = readChoice();
  let current = null;

  function readChoice() {
    try {
      const stored = win.localStorage.getItem(STORAGE_KEY);
      return THEME_CHOICES.includes(stored) ? stored : 'system';
    } catch {
      return 'system';
    }
  }

  function resolve() {
    if (choice === 'light' || choice === 'dark') return choice;
    return media && media.matches ? 'dark' : 'light';
  }

  function apply() {
    const next = resolve();
    win.document.documentElement.dataset.theme = next;
    if (next === current) return;
    const first = current === null;
    current = next;
    if (!first) for (const listener of listeners) listener(next);
  }

  if (media) {
    const onSystemChange = () => apply();
    if (media.addEventListener) media.addEventListener('change', onSystemChange);
    else if (media.addListener) media.addListener(onSystemChange);
  }
  apply();

  return {
    current: () => current,
    choice: () => choice,
    setChoice(next) {
      choice = THEME_CHOICES.includes(next) ? next : 'system';
      try {
        if (choice === 'system') win.localStorage.removeItem(STORAGE_KEY);
        else win.localStorage.setItem(STORAGE_KEY, choice);
      } catch {
        // Storage may be off (private mode); the choice still holds for this page.
      }
      apply();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
