// Tab switching: the URL hash names the tab (#playground, #training); the query string holds both tabs' state (each its own keys).
const tabs = [...document.querySelectorAll('nav.tabs a[data-tab]')];

function show(name) {
  if (!tabs.some(t => t.dataset.tab === name)) name = 'playground';
  for (const link of tabs) {
    const on = link.dataset.tab === name;
    link.classList.toggle('active', on);
    link.setAttribute('aria-selected', String(on));
    const section = document.getElementById('tab-' + link.dataset.tab);
    const wasHidden = section.hidden;
    section.hidden = !on;
    if (on && wasHidden) section.dispatchEvent(new CustomEvent('tab-shown', { bubbles: true }));
  }
}

window.addEventListener('hashchange', () => show(location.hash.slice(1)));
show(location.hash.slice(1));
