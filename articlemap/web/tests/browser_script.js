// Runs a browser script of articlemap/web (a classic script, not a module) in node, with the
// browser globals it uses (window, document, L, ...) given as fakes by the test.
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const WEB_DIR = path.join(__dirname, "..");

// Run articlemap/web/<name> with `globals` in scope; return the window it set things on.
// Same realm as the test (vm.runInThisContext), so its arrays and objects compare with
// assert.deepStrictEqual.
function loadScript(name, globals) {
  const file = path.join(WEB_DIR, name);
  const names = Object.keys(globals);
  const wrapped = "(function (" + names.join(", ") + ") {" + fs.readFileSync(file, "utf8") + "\n})";
  const run = vm.runInThisContext(wrapped, { filename: file });
  run(...names.map((n) => globals[n]));
  return globals.window;
}

module.exports = { loadScript, WEB_DIR };
