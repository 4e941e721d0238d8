import { errorResponse, escapeHtml, fieldError, parseInput, readBodyWithLimit, userStub } from "@userdo/core";
import * as v from "valibot";
import { NotesDO } from "./notes-do.js";

export { NotesDO };

const MAX_NOTE = 1000;
/** A note's form, percent-encoded, fits in this many bytes; a bigger body is a 413 before it is read. */
const MAX_FORM_BYTES = 16 * 1024;

/** The note form's `text`: 1 to 1000 characters once trimmed. */
const NoteText = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1),
  v.maxLength(MAX_NOTE),
  fieldError("bad_input", `must be 1 to ${MAX_NOTE} characters`),
);

async function noteText(request: Request): Promise<string> {
  const bytes = await readBodyWithLimit(request, MAX_FORM_BYTES);
  const text = new URLSearchParams(new TextDecoder().decode(bytes)).get("text");
  return parseInput(NoteText, text ?? undefined, { root: "text" });
}

function page(user: string, notes: { id: number; text: string; created_at: number }[]): string {
  const items = notes
    .map((n) => `<li>${escapeHtml(n.text)} <small>${new Date(n.created_at).toISOString()}</small></li>`)
    .join("");
  return `<!doctype html><meta charset="utf-8"><title>userdo notes</title>
<h1>Notes of ${escapeHtml(user)}</h1>
<p>Every user has a private SQLite database in their own Durable Object. Try <code>?user=someone</code>.</p>
<form method="post"><input name="text" maxlength="${MAX_NOTE}" required autofocus> <button>Add</button></form>
<ul>${items}</ul>`;
}

/** The smallest userdo app: `?user=name` picks whose object answers. */
export default {
  async fetch(request, env): Promise<Response> {
    try {
      const url = new URL(request.url);
      const user = url.searchParams.get("user") ?? "demo";
      const notes = userStub(env.NOTES, user);
      if (request.method === "POST") {
        await notes.add(await noteText(request));
        return Response.redirect(url.toString(), 303);
      }
      if (url.pathname === "/api/notes") return Response.json(await notes.latest());
      return new Response(page(user, await notes.latest()), {
        headers: { "content-type": "text/html; charset=utf-8" },
      });
    } catch (error) {
      return errorResponse(error, request);
    }
  },
} satisfies ExportedHandler<Env>;
