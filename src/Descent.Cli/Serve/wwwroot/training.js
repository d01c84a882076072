// The Training tab: a live multi-optimizer training run streamed from /api/train (server-sent events).
// Owned by the serve-train work. Renders into #training-root; #tab-training receives a "tab-shown" event when it is opened.
const root = document.getElementById('training-root');
if (root && !root.hasChildNodes()) {
  const p = document.createElement('p');
  p.className = 'hint';
  p.textContent = 'Training runs will appear here.';
  root.append(p);
}
