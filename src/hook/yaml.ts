// The YAML parser as its own small bundle (dist/hook-yaml.js), which the hook loads only when a
// config file exists: parsing it is most of the hook bundle's start-up otherwise.
export { parse } from "yaml";
