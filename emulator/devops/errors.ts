import type { Context } from "hono";

type ErrorStatus = 400 | 401 | 403 | 404 | 409;

/** Azure DevOps' error body; the node client surfaces `message`, Rotor may branch on `typeKey`. */
export function devopsError(c: Context, status: ErrorStatus, typeName: string, message: string) {
  const typeKey = typeName.split(",")[0]!.split(".").pop()!;
  return c.json({ $id: "1", innerException: null, message, typeName, typeKey, errorCode: 0, eventId: 3000 }, status);
}

const TYPES = {
  unauthorized: "Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException, Microsoft.TeamFoundation.Framework.Server",
  accessCheck: "Microsoft.VisualStudio.Services.Security.AccessCheckException, Microsoft.VisualStudio.Services.WebApi",
  projectByName: "Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistWithNameException, Microsoft.TeamFoundation.Core.WebApi",
  projectById: "Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistException, Microsoft.TeamFoundation.Core.WebApi",
  host: "Microsoft.TeamFoundation.Framework.Server.HostDoesNotExistException, Microsoft.TeamFoundation.Framework.Server",
  endpoint: "Microsoft.VisualStudio.Services.ServiceEndpoints.WebApi.ServiceEndpointNotFoundException, Microsoft.VisualStudio.Services.ServiceEndpoints.WebApi",
  subject: "Microsoft.VisualStudio.Services.Graph.GraphSubjectNotFoundException, Microsoft.VisualStudio.Services.WebApi",
  profile: "Microsoft.VisualStudio.Services.Profile.ProfileNotFoundException, Microsoft.VisualStudio.Services.Profile.WebApi",
  argument: "System.ArgumentException, mscorlib",
  route: "System.Web.HttpException, System.Web",
  versionRange: "Microsoft.VisualStudio.Services.WebApi.VssVersionOutOfRangeException, Microsoft.VisualStudio.Services.WebApi",
  preview: "Microsoft.VisualStudio.Services.WebApi.VssInvalidPreviewVersionException, Microsoft.VisualStudio.Services.WebApi",
} as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const errors = {
  anonymous: (c: Context) => devopsError(c, 401, TYPES.unauthorized, "TF400813: Resource not available for anonymous access. Client authentication required."),
  patExpired: (c: Context) => devopsError(c, 401, TYPES.accessCheck, "Access Denied: The Personal Access Token used has expired."),
  notAuthorized: (c: Context, uniqueName: string) => devopsError(c, 401, TYPES.unauthorized, `TF400813: The user '${uniqueName}' is not authorized to access this resource.`),
  missingScope: (c: Context, uniqueName: string, scopes: string[]) =>
    devopsError(c, 401, TYPES.unauthorized, `TF400813: The user '${uniqueName}' is not authorized to access this resource. The Personal Access Token needs one of these scopes: ${scopes.join(", ")}.`),
  accessDenied: (c: Context, displayName: string, token: string, permission: string) =>
    devopsError(c, 403, TYPES.accessCheck, `Access Denied: ${displayName} needs the following permission(s) on the resource ${token} to perform this action: ${permission}`),
  organizationNotFound: (c: Context, name: string) => devopsError(c, 404, TYPES.host, `The organization '${name}' does not exist, or you do not have permission to access it.`),
  projectNotFound: (c: Context, idOrName: string) =>
    devopsError(
      c,
      404,
      GUID.test(idOrName) ? TYPES.projectById : TYPES.projectByName,
      `TF200016: The following project does not exist: ${idOrName}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
    ),
  endpointNotFound: (c: Context, id: string) => devopsError(c, 404, TYPES.endpoint, `Service connection with id '${id}' was not found.`),
  subjectNotFound: (c: Context, descriptor: string) => devopsError(c, 404, TYPES.subject, `The graph subject '${descriptor}' was not found.`),
  profileNotFound: (c: Context) => devopsError(c, 404, TYPES.profile, "The requested profile was not found. Service principals have no profile."),
  badRequest: (c: Context, message: string) => devopsError(c, 400, TYPES.argument, message),
  noRoute: (c: Context) =>
    // The path as Azure sees it: without the emulator's mount prefix (/devops, /vssps, /app).
    devopsError(c, 404, TYPES.route, `The controller for path '${new URL(c.req.url).pathname.replace(/^\/[^/]+/, "") || "/"}' was not found or does not implement IController.`),
  versionOutOfRange: (c: Context, requested: string) =>
    devopsError(c, 400, TYPES.versionRange, `The requested REST API version of ${requested} is out of range for this server. The latest REST API version this server supports is 7.2.`),
  previewRequired: (c: Context, requested: string) =>
    devopsError(
      c,
      400,
      TYPES.preview,
      `The requested version "${requested}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${requested}-preview"`,
    ),
};

/** Without `X-TFS-FedAuthRedirect: Suppress`, Azure answers an unauthenticated call with its sign-in page and 203. */
export function signInPage(c: Context) {
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Azure DevOps Services | Sign In</title></head>` +
      `<body><h1>Sign in to Azure DevOps</h1><p>This resource needs a signed-in account. API clients send <code>X-TFS-FedAuthRedirect: Suppress</code> to get a 401 instead of this page.</p></body></html>`,
    203,
  );
}
