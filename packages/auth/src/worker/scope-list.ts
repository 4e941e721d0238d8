import { fieldError } from "@userdo/core";
import * as v from "valibot";
import type { LoginProvider } from "../providers/provider.js";

const MAX_SCOPES = 10;

const words = (text: string) => text.split(/[\s,]+/).filter((word) => word !== "");

// One per provider: its scopes have their own grammar.
const scopeLists = new Map<LoginProvider, v.GenericSchema<string, string[]>>();

/** The `scope` parameter as a provider's list: up to 10 of its scopes, space or comma separated; else `bad_scope`. */
export function scopeList(provider: LoginProvider): v.GenericSchema<string, string[]> {
  let schema = scopeLists.get(provider);
  if (!schema) {
    schema = v.pipe(
      v.string(),
      v.transform(words),
      v.maxLength(MAX_SCOPES),
      v.check((scopes) => scopes.every((scope) => provider.scopePattern.test(scope))),
      fieldError("bad_scope", `must be up to ${MAX_SCOPES} ${provider.label} scopes (${provider.scopePattern.source})`),
    );
    scopeLists.set(provider, schema);
  }
  return schema;
}
