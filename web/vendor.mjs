// Copy the built browser bundles and their licences into the Python package (run: npm run vendor).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "tidings", "web", "static", "vendor");
const files = [
  ["chart.js", "dist/chart.umd.js", "chart.umd.js"],
  ["chart.js", "LICENSE.md", "chart.js.LICENSE.md"],
  ["cytoscape", "dist/cytoscape.min.js", "cytoscape.min.js"],
  ["cytoscape", "LICENSE", "cytoscape.LICENSE"],
  // Swagger UI for the API's /docs page (FastAPI's default loads it from a CDN)
  ["swagger-ui-dist", "swagger-ui-bundle.js", "swagger-ui-bundle.js"],
  ["swagger-ui-dist", "swagger-ui.css", "swagger-ui.css"],
  ["swagger-ui-dist", "favicon-32x32.png", "swagger-favicon-32x32.png"],
  ["swagger-ui-dist", "LICENSE", "swagger-ui.LICENSE"],
  ["swagger-ui-dist", "NOTICE", "swagger-ui.NOTICE"],
];
mkdirSync(out, { recursive: true });
const notes = [];
for (const [pkg, src, dst] of files) {
  copyFileSync(join(here, "node_modules", pkg, src), join(out, dst));
}
for (const pkg of ["chart.js", "cytoscape", "swagger-ui-dist"]) {
  const meta = JSON.parse(readFileSync(join(here, "node_modules", pkg, "package.json"), "utf8"));
  notes.push(`- ${meta.name} ${meta.version} (${meta.license}) from npm: ${meta.homepage ?? ""}`);
}
writeFileSync(
  join(out, "README.md"),
  "# Vendored front-end libraries\n\nCopied from npm by `web/vendor.mjs` (`cd web && npm ci && " +
    "npm run vendor`); committed so the web UI works without internet. Licences beside each file.\n\n" +
    notes.join("\n") + "\n",
);
console.log(`vendored into ${out}`);
