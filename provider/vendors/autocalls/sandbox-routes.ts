/**
 * Autocalls' assistant webhook endpoints as the sandbox serves them, from Autocalls' docs:
 * the webhook is two fields of an assistant, disable-webhook also nulls the url, and the
 * assistant list is a Laravel paginator (at most 100 a page). Shares no code with the
 * client side.
 */
import { bearer, isObject, isUrl, json, type SandboxReply, type SandboxVendor } from "../../sandbox/types";

interface Assistant {
  id: number;
  name: string;
  webhook_url: string | null;
  is_webhook_active: boolean;
  created_at: string;
}

interface State {
  assistants: Assistant[];
}

const FIRST_ID = 1001;
const COUNT = 260;
const invalid = (errors: Record<string, string[]>): SandboxReply => json(422, { message: "The given data was invalid.", errors });
const missing = () => json(404, { message: "Assistant not found" });

function assistantOf(state: State, body: Record<string, unknown>): Assistant | SandboxReply {
  if (!Number.isInteger(body.assistant_id)) return invalid({ assistant_id: ["The assistant id field is required and must be an integer."] });
  return state.assistants.find((a) => a.id === body.assistant_id) ?? missing();
}

export const autocallsSandbox: SandboxVendor<State> = {
  name: "autocalls",
  basePath: "/autocalls/api",
  credential: bearer,
  unauthorized: () => json(401, { message: "Unauthenticated." }),
  // Laravel's answer for an unknown route: unlike "Assistant not found", it says nothing about an assistant.
  notFound: (req) => json(404, { message: `The route ${req.path.replace(/^\//, "")} could not be found.` }),
  badRequest: () => invalid({ body: ["The request body must be valid JSON."] }),
  seed: () => ({
    assistants: Array.from({ length: COUNT }, (_, i) => ({
      id: FIRST_ID + i, name: `Assistant ${FIRST_ID + i}`, webhook_url: null, is_webhook_active: false, created_at: "2026-01-01T00:00:00.000000Z",
    })),
  }),
  fixtures: (state) => ({ assistants: state.assistants.map(({ id, name }) => ({ id, name })), perPageMax: 100 }),
  routes: [
    {
      method: "GET",
      pattern: "/user/assistants/get",
      handle: (req, _p, state) => {
        const perPage = req.query.has("per_page") ? Number(req.query.get("per_page")) : 15;
        const page = req.query.has("page") ? Number(req.query.get("page")) : 1;
        if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) return invalid({ per_page: ["The per page must be between 1 and 100."] });
        if (!Number.isInteger(page) || page < 1) return invalid({ page: ["The page must be at least 1."] });
        const total = state.assistants.length;
        const lastPage = Math.max(1, Math.ceil(total / perPage));
        const data = state.assistants.slice((page - 1) * perPage, page * perPage);
        const path = "/api/user/assistants/get";
        const url = (n: number) => `${path}?page=${n}`;
        return json(200, {
          current_page: page, data, first_page_url: url(1), from: data.length ? (page - 1) * perPage + 1 : null,
          last_page: lastPage, last_page_url: url(lastPage), next_page_url: page < lastPage ? url(page + 1) : null, path,
          per_page: perPage, prev_page_url: page > 1 ? url(page - 1) : null, to: data.length ? (page - 1) * perPage + data.length : null, total,
        });
      },
    },
    {
      method: "POST",
      pattern: "/user/assistants/enable-webhook",
      handle: (req, _p, state) => {
        const body = isObject(req.body) ? req.body : {};
        const errors: Record<string, string[]> = {};
        if (!Number.isInteger(body.assistant_id)) errors.assistant_id = ["The assistant id field is required and must be an integer."];
        if (!isUrl(body.webhook_url)) errors.webhook_url = ["The webhook url field must be a valid URL."];
        if (Object.keys(errors).length) return invalid(errors);
        const a = assistantOf(state, body);
        if ("status" in a) return a;
        a.webhook_url = body.webhook_url as string;
        a.is_webhook_active = true;
        return json(200, { message: "Webhook enabled successfully", data: [] });
      },
    },
    {
      method: "POST",
      pattern: "/user/assistants/disable-webhook",
      handle: (req, _p, state) => {
        const a = assistantOf(state, isObject(req.body) ? req.body : {});
        if ("status" in a) return a;
        // Disabling forgets the url too.
        a.is_webhook_active = false;
        a.webhook_url = null;
        return json(200, { message: "Webhook disabled successfully", data: [] });
      },
    },
  ],
};
