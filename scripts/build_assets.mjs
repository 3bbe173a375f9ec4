// Copies the front-end packages from node_modules into portal/static_build/vendor,
// where Django's staticfiles finds them. No bundler: the portal ships plain CSS
// and small scripts, and nothing is ever loaded from another host.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "portal", "static_build", "vendor");
const modules = join(root, "node_modules");

// [source inside node_modules, target inside static_build/vendor]
const copies = [
  ["@kern-ux/native/dist/kern.min.css", "kern/kern.min.css"],
  ["@kern-ux/native/dist/fonts/fira-sans.css", "kern/fonts/fira-sans.css"],
  ["@kern-ux/native/dist/fonts/fira-sans", "kern/fonts/fira-sans"],
  ["@kern-ux/native/LICENSE.md", "kern/LICENSE.md"],
  ["leaflet/dist/leaflet.js", "leaflet/leaflet.js"],
  // collectstatic (manifest storage) follows the sourceMappingURL in leaflet.js
  ["leaflet/dist/leaflet.js.map", "leaflet/leaflet.js.map"],
  ["leaflet/dist/leaflet.css", "leaflet/leaflet.css"],
  ["leaflet/dist/images", "leaflet/images"],
  ["leaflet/LICENSE", "leaflet/LICENSE"],
];

rmSync(out, { recursive: true, force: true });
for (const [source, target] of copies) {
  const destination = join(out, target);
  mkdirSync(dirname(destination), { recursive: true });
  cpSync(join(modules, source), destination, { recursive: true });
}
console.log(`assets copied to ${out}`);
