/**
 * Stands in for the `debug` package inside fhirclient's browser build. fhirclient logs through it only
 * when a developer sets localStorage.debug; the app's own errors already say what went wrong, and the
 * 3 KB it saves keeps the launch page inside its 40 KB budget. CommonJS because fhirclient calls
 * `require("debug")(name)`: an ESM default export would arrive as a namespace object.
 */
function createDebug() {
  const log = () => undefined;
  log.extend = createDebug;
  log.enabled = false;
  return log;
}

module.exports = createDebug;
