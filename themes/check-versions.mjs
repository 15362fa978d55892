// Fails the build when an @keycloak/* npm package is not at the Keycloak version of the Maven build: the
// console's JavaScript must match the server it talks to.
import { readFileSync } from "node:fs";

const expected = process.argv[2];
const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url)));
const lock = JSON.parse(readFileSync(new URL("./package-lock.json", import.meta.url)));
const wrong = [];
for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
  if (name.startsWith("@keycloak/") && version !== expected) wrong.push(`${name}@${version} in package.json`);
}
for (const [path, entry] of Object.entries(lock.packages ?? {})) {
  if (/node_modules\/@keycloak\/[^/]+$/.test(path) && entry.version !== expected) wrong.push(`${path}@${entry.version} in package-lock.json`);
}
if (wrong.length) {
  console.error(`@keycloak packages must be at ${expected} (the keycloak.version of pom.xml): ${wrong.join(", ")}`);
  process.exit(1);
}
console.log(`@keycloak packages at ${expected}`);
