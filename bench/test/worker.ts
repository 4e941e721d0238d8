// The bench Worker itself, under test: its routes and Durable Objects.
export * from "../src/index.js";
export { default } from "../src/index.js";
