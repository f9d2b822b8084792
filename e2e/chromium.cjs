// Debian's Chromium as every browser script here launches it (shared/TOOLCHAIN.md): root needs
// --no-sandbox; the last three flags stop Chromium from calling out to the network.
// CommonJS so both the TypeScript Playwright config and plain Node ESM scripts can load it.
module.exports = {
  CHROMIUM_PATH: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  CHROMIUM_ARGS: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
