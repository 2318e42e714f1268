import { z } from "zod";

/** Add application: the client id of an app registration Rotor's service principal owns. */
export const addApplicationSchema = z
  .object({ appId: z.guid({ error: "Pick an application from the list." }) })
  .strict();

/** Remove from Rotor: the application's id in Rotor (never in Entra ID). */
export const removeApplicationSchema = z.object({ applicationId: z.uuid({ error: "That application does not exist." }) }).strict();

/** Sync with Entra takes nothing: it always syncs the caller's own tenant. */
export const syncApplicationsSchema = z.object({}).strict();

/** Refresh the page's secrets from Entra ID, and the Add dialog's list: both always for the caller's own tenant. */
export const refreshCredentialsSchema = z.object({}).strict();
export const listAddableSchema = z.object({}).strict();

export type AddApplicationInput = z.infer<typeof addApplicationSchema>;
export type RemoveApplicationInput = z.infer<typeof removeApplicationSchema>;

/** The list's controls, kept in the URL (`?q=&sort=&page=`) so they survive a reload; the server filters, sorts and pages. */
export const applicationSorts = ["expiry", "name"] as const;
export type ApplicationSort = (typeof applicationSorts)[number];
export const listParamsSchema = z.object({
  q: z.string().trim().max(200).catch(""),
  sort: z.enum(applicationSorts).catch("expiry"),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});
export type ListParams = z.infer<typeof listParamsSchema>;
