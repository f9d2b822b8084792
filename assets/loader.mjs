// The app shell's loader (Trunk's `data-initializer`, index.html): while the WebAssembly
// downloads, the shell in index.html says what this page is and shows how much has arrived; if
// the download or start fails, it says what went wrong and offers a reload. The app removes the
// shell once it has mounted (src/ui/mod.rs). No inline script: the page's CSP forbids them.
export default function initializer() {
  const bar = () => document.getElementById('app-shell-progress');
  const status = () => document.getElementById('app-shell-status');
  const kb = (bytes) => `${Math.round(bytes / 1024).toLocaleString('en')} KB`;
  return {
    onStart() {
      const s = status();
      if (s) s.textContent = 'Loading the playground…';
    },
    onProgress({ current, total }) {
      const b = bar();
      if (b && total > 0) {
        b.max = total;
        b.value = Math.min(current, total);
      }
      const s = status();
      if (s && total > 0) s.textContent = `Loading the playground: ${kb(Math.min(current, total))} of ${kb(total)}`;
    },
    onSuccess() {
      const s = status();
      if (s) s.textContent = 'Starting…';
    },
    onFailure(reason) {
      const shell = document.getElementById('app-shell');
      const error = document.getElementById('app-shell-error');
      const retry = document.getElementById('app-shell-retry');
      if (!shell || !error) return;
      shell.dataset.failed = 'true';
      const why = (reason && reason.message ? reason.message : String(reason)).replace(/ fetching ''$/, '');
      const s = status();
      if (s) s.textContent = 'Loading stopped.';
      error.textContent = `The playground could not start (${why}). Check the connection (only the first visit needs one) and reload.`;
      error.hidden = false;
      if (retry) {
        retry.hidden = false;
        retry.addEventListener('click', () => window.location.reload());
      }
      const b = bar();
      if (b) b.hidden = true;
    },
  };
}
