import { fakeGitHubSponsors } from "@userdo/test-utils/fakes";

/** The fake the scheduled reconciliation of `ReconcilerObject` talks to (the test Worker and the tests share it). */
export const scheduledGithub = fakeGitHubSponsors();
