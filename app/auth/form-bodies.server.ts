import type { ActionFunctionArgs, ServerBuild } from "@remix-run/node";
import { translator } from "../i18n/i18n";
import { negotiateLocale } from "../i18n/locale.server";

/**
 * Every action of the build, with a request whose formData() answers a body that cannot be read as a form (a
 * multipart body cut short or made up, with its boundary: the middleware cannot tell without reading it) as a 400
 * response instead of the TypeError that would make it a 500. Actions that read no form are unaffected.
 */
export function withFormBodiesAs400(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const action = route.module.action;
    routes[id] = action ? { ...route, module: { ...route.module, action: (args: ActionFunctionArgs) => action(guarded(args)) } } : route;
  }
  return { ...build, routes };
}

function guarded(args: ActionFunctionArgs): ActionFunctionArgs {
  const { request } = args;
  const read = request.formData.bind(request);
  request.formData = async () => {
    try {
      return await read();
    } catch {
      throw new Response(translator(negotiateLocale(request.headers.get("Accept-Language")))("requests.malformedForm"), {
        status: 400,
        statusText: "Bad Request",
      });
    }
  };
  return args;
}
