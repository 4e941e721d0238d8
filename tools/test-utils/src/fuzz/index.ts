// Malformed requests for the packages' endpoints, and the property every answer keeps:
// no 5xx, and every 4xx a JSON `{"error", "code"}` (fast-check, a fixed seed per run).
export {
  DEFAULT_FUZZ_SEED,
  FUZZ_TIMEOUT_MS,
  answerProblem,
  fuzzEndpoint,
  type FuzzReport,
  type FuzzRunOptions,
} from "./check.js";
export { fuzzCases, toRequest, type FuzzCase, type FuzzEndpoint } from "./requests.js";
export {
  HOSTILE_NUMBERS,
  HOSTILE_STRINGS,
  deepJsonText,
  jsonObjectText,
  jsonValueText,
  jsonScalarText,
  type FieldValues,
} from "./values.js";
export { default as fc } from "fast-check";
