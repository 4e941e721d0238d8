import type { Identity } from "../credential/identity.js";
import type { Profile } from "./profile.js";

/** The caller and their stored profile: what `/me` and `getUser` answer. */
export interface WhoAmI {
  readonly identity: Identity;
  readonly profile: Profile | null;
}
