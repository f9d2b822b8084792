// Starts the page's background worker (issue 23; src/ui/background.rs creates it): loads
// wasm-bindgen's glue for the worker binary (src/bin/jwt-worker.rs), then its wasm. When either
// cannot be fetched, it says so to the page in the worker's own message format
// (src/work/mod.rs: an Envelope holding Report::Failed), so the page can say what went wrong and
// offer a retry. A plain script (importScripts), as wasm-bindgen's no-modules glue expects.
'use strict';
function failed(error) {
  self.postMessage(JSON.stringify({ job: 0, body: { Failed: { why: String((error && error.message) || error) } } }));
}
try {
  self.importScripts('./jwt-worker.js');
  wasm_bindgen({ module_or_path: './jwt-worker_bg.wasm' }).catch(failed);
} catch (error) {
  failed(error);
}
