// Compile the JSON Schemas with ajv in its default strict mode (a warning counts as a failure
// too), then check YAML files against them the way an editor reads them (YAML 1.2).
// Usage: node schema-check.cjs CASE_SCHEMA CONFIG_SCHEMA [--valid FILE...] [--invalid FILE...]
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020");
const YAML = require("yaml");

const [caseSchema, configSchema, ...rest] = process.argv.slice(2);
let failed = false;
const warnings = [];
const logger = { log() {}, warn: (...a) => warnings.push(a.join(" ")), error: (...a) => warnings.push(a.join(" ")) };
const validators = {};
for (const [name, file] of [["case", caseSchema], ["config", configSchema]]) {
  const ajv = new Ajv2020({ logger });
  try {
    validators[name] = ajv.compile(JSON.parse(fs.readFileSync(file, "utf8")));
    console.error(`schema-check: ${file} compiles under ajv strict mode`);
  } catch (e) {
    console.log(`${file}: ajv refuses the schema: ${e.message}`);
    failed = true;
  }
}
for (const w of warnings) { console.log(`ajv warning: ${w}`); failed = true; }

let expect = "valid";
for (const arg of rest) {
  if (arg === "--valid" || arg === "--invalid") { expect = arg.slice(2); continue; }
  const validate = arg.endsWith("relance.yaml") ? validators.config : validators.case;
  if (!validate) continue;
  const data = YAML.parse(fs.readFileSync(arg, "utf8"));
  const ok = validate(data);
  if (ok !== (expect === "valid")) {
    failed = true;
    console.log(`${arg}: expected ${expect} under the schema, ajv says ` +
      (ok ? "valid" : JSON.stringify(validate.errors.slice(0, 3))));
  }
}
process.exit(failed ? 1 : 0);
